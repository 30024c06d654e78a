import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private data folder for one test; remove() deletes it. */
export function tempHome(): { dir: string; env: NodeJS.ProcessEnv; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'opsknight-test-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    OPSKNIGHT_SLACK_HOME: join(dir, 'data'),
    NO_COLOR: '1',
    LOG_LEVEL: 'silent',
  };
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
