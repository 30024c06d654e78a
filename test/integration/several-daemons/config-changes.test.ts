// What one process changes (the CLI, or another daemon) reaches every daemon sharing the database
// within about a second: a deactivated user, a new public URL, a rotated API token. Time is the
// daemons' shared clock: a second of it, well inside the caches' own expiry (5 s).
import { afterEach, expect, it } from 'vitest';
import { API_TOKEN_SETTING, PUBLIC_URL_SETTING } from '../../../src/config/setting-keys.js';
import { openCore, type Core } from '../../../src/daemon/container.js';
import type { RunningDaemon } from '../../../src/daemon/lifecycle.js';
import { describeEachStore } from '../../helpers/postgres.js';
import { startTwoDaemons, type TwoDaemons } from '../../helpers/two-daemons.js';

let stack: TwoDaemons | null = null;
let cli: Core | null = null;
afterEach(async () => {
  cli?.close();
  cli = null;
  await stack?.close();
  stack = null;
});

const A_SECOND = 1100;

describeEachStore('a change made elsewhere reaches every daemon within a second', (store) => {
  it('a user deactivated with the CLI is refused on the other daemon a second later', async () => {
    stack = await startTwoDaemons({ env: store.env({}) });
    const [, b] = stack.daemons as [RunningDaemon, RunningDaemon];
    stack.sandbox.setAppUrls({ interactivityUrl: `${b.url}/api/slack/actions` });
    cli = openCore(stack.env, stack.clock);
    cli.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });

    const first = await stack.trigger(b, { title: 'Queue backlog one' });
    const card1 = await stack.slack.channel('#incidents').expectMessage(/Queue backlog one/);
    await card1.button('Acknowledge').click({ as: 'bob' });
    await card1.expectThreadReply(/Acknowledged by/);
    expect((await stack.api(b, 'GET', `/api/incidents/${first.id}`)).body.acknowledged_by).toBe('Bob Smith');

    cli.directory.updateUser('bob@example.com', { status: 'INACTIVE' });
    stack.advance(A_SECOND);
    const second = await stack.trigger(b, { title: 'Queue backlog two' });
    const card2 = await stack.slack.channel('#incidents').expectMessage(/Queue backlog two/);
    await card2.button('Acknowledge').click({ as: 'bob' });
    await stack.slack.expectEphemeral('bob', /INACTIVE/);
    expect((await stack.api(b, 'GET', `/api/incidents/${second.id}`)).body.status).toBe('OPEN');
  });

  it('a public URL stored by `setup` is used in links by both daemons a second later', async () => {
    stack = await startTwoDaemons({ env: store.env({}) });
    const daemons = stack.daemons as [RunningDaemon, RunningDaemon];
    for (const d of daemons) expect(d.links.url(1)).toMatch(new RegExp(`^${d.url}/incidents/1\\?`));
    cli = openCore(stack.env, stack.clock);
    cli.settings.set(PUBLIC_URL_SETTING, 'https://oncall.example.com');
    stack.advance(A_SECOND);
    for (const d of daemons) expect(d.links.url(1)).toMatch(/^https:\/\/oncall\.example\.com\/incidents\/1\?/);
  });

  it('an API token rotated with the CLI works on both daemons a second later, and the old one stops', async () => {
    stack = await startTwoDaemons({ env: store.env({ OPSKNIGHT_API_TOKEN: '' }) });
    const daemons = stack.daemons as [RunningDaemon, RunningDaemon];
    cli = openCore(stack.env, stack.clock);
    const old = cli.settings.get(API_TOKEN_SETTING)!;
    const status = async (d: RunningDaemon, token: string) => (await fetch(`${d.url}/api/incidents`, { headers: { authorization: `Bearer ${token}` } })).status;
    for (const d of daemons) expect(await status(d, old)).toBe(200);

    cli.settings.set(API_TOKEN_SETTING, 'okn_rotated_token_for_both_daemons', { secret: true });
    stack.advance(A_SECOND);
    for (const d of daemons) {
      expect(await status(d, 'okn_rotated_token_for_both_daemons')).toBe(200);
      expect(await status(d, old)).toBe(401);
    }
  });
});
