// channels subscribe|unsubscribe|routes|explain, run as a user would, against the sandbox.
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { runCliAsync } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let sandbox: Sandbox;
let home: ReturnType<typeof tempHome>;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCliAsync(args, env);

beforeAll(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  home = tempHome();
  env = { ...home.env, SLACK_API_URL: sandbox.apiUrl, SLACK_BOT_TOKEN: sandbox.credentials.botToken };
  await cli('service', 'add', 'payment-api');
  await cli('service', 'add', 'search');
});
afterEach(() => home.remove());

it('subscribes channels, lists them with the routes, and explains every channel an incident reaches and why', async () => {
  expect((await cli('channels', 'default', '#incidents')).code).toBe(0);
  expect((await cli('channels', 'route', '--service', 'payment-api', '#payments')).code).toBe(0);
  const sub = await cli('channels', 'subscribe', '#incidents-critical', '--urgency', 'high', '--json');
  expect(sub.code).toBe(0);
  expect(JSON.parse(sub.stdout)).toEqual({ workspace: 'T0SANDBOX01', channel: 'C0CRITICAL1', channel_name: 'incidents-critical', services: null, urgencies: ['HIGH'] });
  expect((await cli('channels', 'subscribe', '#general')).stdout).toMatch(/#general .*every incident of any service at any urgency/);

  const routes = JSON.parse((await cli('channels', 'routes', '--json')).stdout);
  expect(routes.subscriptions).toEqual([
    { channel: 'C0CRITICAL1', channel_name: 'incidents-critical', services: null, urgencies: ['HIGH'] },
    { channel: 'C0GENERAL01', channel_name: 'general', services: null, urgencies: null },
  ]);
  expect((await cli('channels', 'routes')).stdout).toMatch(/#incidents-critical \(C0CRITICAL1\)\s+any service at urgency HIGH/);

  const high = JSON.parse((await cli('channels', 'explain', '--service', 'payment-api', '--urgency', 'high', '--json')).stdout);
  expect(high.channels).toEqual([
    { channel: 'C0PAYMENTS1', channel_name: 'payments', reasons: ['service channel'] },
    { channel: 'C0CRITICAL1', channel_name: 'incidents-critical', reasons: ['subscription (any service at urgency HIGH)'] },
    { channel: 'C0GENERAL01', channel_name: 'general', reasons: ['subscription (any service at any urgency)'] },
  ]);
  expect(high.channel).toBe('C0PAYMENTS1');
  const text = (await cli('channels', 'explain', '--service', 'search', '--urgency', 'low')).stdout;
  expect(text).toMatch(/goes to 2 channels in Acme Ops \(sandbox\), one card each:/);
  expect(text).toMatch(/#incidents \(C0INCIDENTS\) — by the default channel/);
  expect(text).toMatch(/#general \(C0GENERAL01\) — by the subscription \(any service at any urgency\)/);

  // An incident by its number: the same answer, and its cards (planned, not posted: no daemon ran).
  expect((await cli('incident', 'trigger', '--title', 'Checkout down', '--service', 'payment-api', '--urgency', 'high')).code).toBe(0);
  const byIncident = JSON.parse((await cli('channels', 'explain', '1', '--json')).stdout);
  expect(byIncident).toMatchObject({ incident: 1, service: 'payment-api', urgency: 'HIGH' });
  expect(byIncident.cards.map((c: { channel: string; posted: boolean }) => [c.channel, c.posted])).toEqual([['C0PAYMENTS1', false], ['C0CRITICAL1', false], ['C0GENERAL01', false]]);
  expect((await cli('channels', 'explain', '1')).stdout).toMatch(/Its cards: #payments \(C0PAYMENTS1\) \(waiting to be posted\)/);
  expect(byIncident.channels.map((c: { channel: string }) => c.channel)).toEqual(['C0PAYMENTS1', 'C0CRITICAL1', 'C0GENERAL01']);

  expect(JSON.parse((await cli('channels', 'unsubscribe', '#general', '--json')).stdout)).toEqual({ workspace: 'T0SANDBOX01', channel: 'C0GENERAL01', removed: true });
  const gone = await cli('channels', 'unsubscribe', '#general');
  expect(gone.code).toBe(1);
  expect(gone.stderr).toMatch(/#general has no subscription/);
  expect((await cli('channels', 'explain', '--service', 'search', '--urgency', 'low')).stdout).toMatch(/goes to #incidents \(C0INCIDENTS\) in Acme Ops \(sandbox\), by the default channel\./);
});

it('refuses bad usage: an unknown urgency, no subject, both subjects, an unknown service', async () => {
  expect((await cli('channels', 'subscribe', '#general', '--urgency', 'urgent')).code).toBe(2);
  expect((await cli('channels', 'explain')).code).toBe(2);
  expect((await cli('channels', 'explain', '1', '--service', 'search')).code).toBe(2);
  const unknown = await cli('channels', 'subscribe', '#general', '--service', 'nope');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/nope/);
});

it('sets the access policy per workspace: cross-team actions and what unmapped users see', async () => {
  const json = JSON.parse((await cli('workspace', 'settings', '--cross-team-actions', 'refuse', '--unmapped-can-view', '--json')).stdout);
  expect(json.settings).toMatchObject({ cross_team_actions: 'refuse', unmapped_can_view: true });
  const shown = (await cli('workspace', 'settings', '--no-unmapped-can-view')).stdout;
  expect(shown).toMatch(/Other teams' incidents:\s+refused/);
  expect(shown).toMatch(/Unmapped users see:\s+no incidents/);
  expect((await cli('workspace', 'settings', '--cross-team-actions', 'maybe')).code).toBe(2);
});
