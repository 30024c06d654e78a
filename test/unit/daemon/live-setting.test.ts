import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/daemon/container.js';
import { liveSetting } from '../../../src/daemon/live-setting.js';
import { ConfigVersion } from '../../../src/store/config-version.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
let core: Core;
let other: Core;
beforeEach(() => {
  home = tempHome();
  core = openCore(home.env);
  other = openCore(home.env); // another process: the CLI
});
afterEach(() => {
  core.close();
  other.close();
  home.remove();
});

describe('a setting the daemon follows while it runs', () => {
  it('sees a change made elsewhere within a second, reading the setting only when the configuration changed', () => {
    core.settings.set('api.token', 'old', { secret: true });
    let now = 1_000_000;
    let reads = 0;
    const get = core.settings.get.bind(core.settings);
    core.settings.get = (key) => (reads++, get(key));
    const current = liveSetting(core.settings, 'api.token', 'old', new ConfigVersion(core.db, () => now));
    expect(current()).toBe('old');
    reads = 0;
    other.settings.set('api.token', 'new', { secret: true });
    for (let i = 0; i < 1000; i++) expect(current()).toBe('old');
    expect(reads).toBe(0);
    now += 1000;
    expect(current()).toBe('new');
    for (let i = 0; i < 1000; i++) current();
    now += 5000;
    for (let i = 0; i < 1000; i++) current();
    expect(reads).toBe(1);
  });
});
