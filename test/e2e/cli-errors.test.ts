// A mistake the CLI can explain is printed as one line saying what to do, without a stack, even
// with DEBUG set (the entry is bundled apart from the modules that throw: see explained-error.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome> | undefined;
afterEach(() => home?.remove());

describe('CLI errors', () => {
  it('an unknown incident is one line and exit 1, with no stack under DEBUG', () => {
    home = tempHome();
    const r = runCli(['incident', 'show', '99'], { ...home.env, DEBUG: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: Incident #99 does not exist.\n');
  });

  it('a bad setting is explained and exit 1, with no stack under DEBUG', () => {
    home = tempHome();
    const r = runCli(['serve', '--sandbox', 'false'], { ...home.env, DEBUG: '1', OPSKNIGHT_URL: 'ftp://ops.example.com' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Invalid configuration:\n.*OPSKNIGHT_URL/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
