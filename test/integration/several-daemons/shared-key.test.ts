// Every daemon and CLI sharing a database must use one secret key: the database keeps a key check,
// and a process with another key refuses to start, saying what to do, before it stores anything.
import { afterEach, expect, it } from 'vitest';
import { API_TOKEN_SETTING } from '../../../src/config/setting-keys.js';
import { openCore } from '../../../src/daemon/container.js';
import { startDaemon } from '../../../src/daemon/lifecycle.js';
import { createLogger } from '../../../src/observability/logger.js';
import { KEY_CHECK_SETTING } from '../../../src/store/key-check.js';
import { runCli, startServe } from '../../helpers/cli.js';
import { describeEachStore } from '../../helpers/postgres.js';
import { tempHome } from '../../helpers/temp.js';

const FIRST_KEY = 'the first daemon key, long enough';
const OTHER_KEY = 'a different key on machine two';
const REFUSAL = /^The secret key \(OPSKNIGHT_SECRET_KEY\) is not the one this database's secrets were sealed with: another daemon or an earlier install used a different key\. Give every daemon and CLI that shares this database the same key: the same OPSKNIGHT_SECRET_KEY everywhere, or a copy of the key file from the machine that set it up\.$/;

let home: ReturnType<typeof tempHome>;
afterEach(() => home?.remove());

describeEachStore('one secret key for every daemon sharing a database', (store) => {
  it('a daemon started with another key refuses to start; one with the same key starts', async () => {
    home = tempHome();
    const base = store.env(home.env);
    const first = await startDaemon({ port: 0 }, { ...base, OPSKNIGHT_SECRET_KEY: FIRST_KEY }, { logger: createLogger('silent') });
    try {
      await expect(startDaemon({ port: 0 }, { ...base, OPSKNIGHT_SECRET_KEY: OTHER_KEY }, { logger: createLogger('silent') })).rejects.toThrow(REFUSAL);
      const second = await startDaemon({ port: 0 }, { ...base, OPSKNIGHT_SECRET_KEY: FIRST_KEY }, { logger: createLogger('silent') });
      await second.stop();
    } finally {
      await first.stop();
    }
  });

  it('`serve` and a CLI command with another key exit 1 with the message; the stored secrets are untouched', async () => {
    home = tempHome();
    const base = store.env(home.env);
    const core = openCore({ ...base, OPSKNIGHT_SECRET_KEY: FIRST_KEY });
    core.settings.set(API_TOKEN_SETTING, 'okn_first', { secret: true });
    core.close();

    const serve = startServe(['--port', '0'], { ...base, OPSKNIGHT_SECRET_KEY: OTHER_KEY, LOG_LEVEL: 'info' });
    serve.ready.catch(() => undefined); // it never listens
    expect(await serve.exited).toBe(1);
    expect(serve.output().stderr).toMatch(/The secret key \(OPSKNIGHT_SECRET_KEY\) is not the one this database's secrets were sealed with/);

    const rotate = runCli(['config', 'rotate-token'], { ...base, OPSKNIGHT_SECRET_KEY: OTHER_KEY });
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toMatch(/Give every daemon and CLI that shares this database the same key/);

    const after = openCore({ ...base, OPSKNIGHT_SECRET_KEY: FIRST_KEY });
    expect(after.settings.get(API_TOKEN_SETTING)).toBe('okn_first');
    after.close();
  });

  it('an install from before the key check gets one from the first process whose key opens its secrets', () => {
    home = tempHome();
    const base = store.env(home.env);
    const core = openCore({ ...base, OPSKNIGHT_SECRET_KEY: FIRST_KEY });
    core.settings.set(API_TOKEN_SETTING, 'okn_first', { secret: true });
    core.settings.delete(KEY_CHECK_SETTING); // as stored by a version without the check
    core.close();

    const wrong = openCore({ ...base, OPSKNIGHT_SECRET_KEY: OTHER_KEY });
    expect(() => wrong.secrets.load()).toThrow(REFUSAL);
    expect(wrong.settings.stamp(KEY_CHECK_SETTING)).toBeNull();
    wrong.close();

    const right = openCore({ ...base, OPSKNIGHT_SECRET_KEY: FIRST_KEY });
    right.secrets.load();
    expect(right.settings.stamp(KEY_CHECK_SETTING)).not.toBeNull();
    right.close();
  });
});
