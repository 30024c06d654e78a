import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/daemon/container.js';
import { liveSetting } from '../../../src/daemon/live-setting.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
let core: Core;
beforeEach(() => {
  home = tempHome();
  core = openCore(home.env);
});
afterEach(() => {
  core.close();
  home.remove();
});

describe('a setting the daemon follows while it runs', () => {
  it('sees a change made elsewhere within a second, looking at the database at most once a second', () => {
    core.settings.set('api.token', 'old', { secret: true });
    let now = 1_000_000;
    let looks = 0;
    const stamp = core.settings.stamp.bind(core.settings);
    core.settings.stamp = (key) => (looks++, stamp(key));
    const current = liveSetting(core.settings, 'api.token', 'old', () => now);
    looks = 0;
    core.settings.set('api.token', 'new', { secret: true });
    for (let i = 0; i < 1000; i++) expect(current()).toBe('old');
    expect(looks).toBe(0);
    now += 1000;
    expect(current()).toBe('new');
    for (let i = 0; i < 1000; i++) current();
    expect(looks).toBe(1);
  });
});
