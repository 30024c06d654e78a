import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgresUrl, storiesOnPostgres } from './postgres.js';

/** A private data folder for one test; remove() deletes it. */
export function tempHome(): { dir: string; env: NodeJS.ProcessEnv; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'opsknight-test-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    OPSKNIGHT_SLACK_HOME: join(dir, 'data'),
    NO_COLOR: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  };
  // OPSKNIGHT_TEST_STORE=postgres: the same stories on a throwaway PostgreSQL database each.
  if (storiesOnPostgres()) env.OPSKNIGHT_SLACK_DB = freshPostgresUrl();
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
