// The Events API endpoint and the App Home tab: Slack checks the URL with a challenge, events are
// acknowledged at once and handled once (retries do nothing twice), and each person's Home tab
// shows their own incidents, shifts and whether their account is mapped.
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/sandbox/interactions.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

async function homeStack(options: Parameters<typeof startStack>[0] = {}): Promise<Stack> {
  const s = await startStack(options);
  s.sandbox.setAppUrls({ eventsUrl: `${s.daemon.url}/api/slack/events` });
  return s;
}

/** What a person sees on their Home tab: every text of its blocks, one per line. */
function homeText(s: Stack, userId: string): string {
  const home = s.sandbox.world.homes.get(`${s.teamId}:${userId}`);
  if (!home) throw new Error(`no Home tab published for ${userId}`);
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') texts.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(home.view.blocks);
  return texts.join('\n');
}

const publishes = (s: Stack) => s.sandbox.world.calls.filter((c) => c.method === 'views.publish');

async function eventually(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Events API endpoint', () => {
  it('answers Slack’s url_verification challenge, and refuses unsigned, forged and malformed requests', async () => {
    stack = await homeStack();
    expect((await stack.sandbox.events.verifyUrl()).ok).toBe(true);
    const url = `${stack.daemon.url}/api/slack/events`;
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc' });
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body })).status).toBe(401);
    const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest('not-the-secret', body) }, body });
    expect(forged.status).toBe(401);
    const junk = 'not json';
    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(stack.sandbox.credentials.signingSecret, junk) }, body: junk });
    expect(malformed.status).toBe(400);
  });

  it('acknowledges an event at once and handles it once: Slack’s retries of it do nothing twice', async () => {
    stack = await homeStack();
    const first = await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user: 'U0JANE00001', tab: 'home' });
    expect(first.status).toBe(200);
    await eventually(() => publishes(stack).length === 1, 'the Home tab to be published');
    const retry = await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user: 'U0JANE00001', tab: 'home' }, { retry: { eventId: first.eventId, num: 1 } });
    expect(retry.status).toBe(200);
    await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user: 'U0JANE00001', tab: 'home' }, { retry: { eventId: first.eventId, num: 2, reason: 'http_error' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(publishes(stack)).toHaveLength(1);
    // Opening the Messages tab is not ours to draw; a new opening of Home publishes again.
    await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user: 'U0JANE00001', tab: 'messages' });
    await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user: 'U0JANE00001', tab: 'home' });
    await eventually(() => publishes(stack).length === 2, 'a second publish');
  });

  it('the same events arrive over Socket Mode', async () => {
    stack = await homeStack({ socketMode: true });
    await eventually(() => stack.sandbox.socketMode.connected, 'the Socket Mode connection');
    const sent = await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user: 'U0JANE00001', tab: 'home' });
    expect(sent.status).toBe(200);
    await eventually(() => publishes(stack).length === 1, 'the Home tab over Socket Mode');
    expect(homeText(stack, 'U0JANE00001')).toMatch(/not mapped/);
  });
});

describe('App Home', () => {
  it('shows each person their own open incidents with buttons, their next shifts, and whether they are mapped', async () => {
    stack = await homeStack();
    const { directory, oncall } = stack.daemon.core;
    directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    directory.addUser({ name: 'Bob Smith', email: 'bob@example.com', status: 'INACTIVE' });
    oncall.addSchedule({ name: 'primary', timeZone: 'UTC', userEmails: ['jane@example.com'], start: '2026-01-01', handoff: '09:00', length: { kind: 'weekly' } });
    await stack.trigger({ title: 'Checkout is failing', assignee: 'Jane Doe' });
    await stack.trigger({ title: 'Someone else’s problem', dedup_key: 'other' });

    for (const user of ['U0JANE00001', 'U0BOB000001', 'U0GHOST0001']) await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user, tab: 'home' });
    await eventually(() => publishes(stack).length === 3, 'three Home tabs');

    const jane = homeText(stack, 'U0JANE00001');
    expect(jane).toMatch(/mapped to \*Jane Doe\* \(jane@example.com\)/);
    expect(jane).toMatch(/Checkout is failing/);
    expect(jane).not.toMatch(/Someone else/);
    expect(jane).toMatch(/\*primary\*: /);
    const janeButtons = JSON.stringify(stack.sandbox.world.homes.get(`${stack.teamId}:U0JANE00001`)!.view.blocks);
    expect(janeButtons).toMatch(/"Acknowledge"/);

    const bob = homeText(stack, 'U0BOB000001');
    expect(bob).toMatch(/not mapped.*INACTIVE/s);
    expect(bob).not.toMatch(/Checkout is failing/);

    expect(homeText(stack, 'U0GHOST0001')).toMatch(/not mapped/);
  });

  it('shows each person their teams, with the services they own and what their role lets them do', async () => {
    stack = await homeStack({ services: ['payment-api', 'checkout', 'search'] });
    const { directory, teams } = stack.daemon.core;
    const now = stack.clock.now();
    const jane = directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    const bob = directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
    directory.addUser({ name: 'Alice Chen', email: 'alice.chen@example.com' });
    teams.add('payments', 'Payments', now);
    teams.add('search', 'Search', now);
    teams.addMember('payments', jane.id);
    teams.addMember('payments', bob.id);
    teams.addMember('search', jane.id);
    teams.setServiceOwner(directory.getService('payment-api').id, 'payments');
    teams.setServiceOwner(directory.getService('checkout').id, 'payments');
    teams.setRole(bob.id, 'viewer');

    for (const user of ['U0JANE00001', 'U0BOB000001', 'U0ALICE0001', 'U0GHOST0001']) await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user, tab: 'home' });
    await eventually(() => publishes(stack).length === 4, 'four Home tabs');

    const janes = homeText(stack, 'U0JANE00001');
    expect(janes).toMatch(/Your teams\n• \*Payments\* \(`payments`\): `checkout`, `payment-api` · 2 members\n• \*Search\* \(`search`\): no services yet · 1 member/);
    expect(janes).toMatch(/Your role is \*responder\*: you see and act on the incidents of your teams’ services and of services no team owns/);
    expect(homeText(stack, 'U0BOB000001')).toMatch(/\*Payments\*[\s\S]*Your role is \*viewer\*: .* but cannot act on them/);
    expect(homeText(stack, 'U0BOB000001')).not.toMatch(/Search/);
    expect(homeText(stack, 'U0ALICE0001')).toMatch(/You are on no team\./);
    expect(homeText(stack, 'U0GHOST0001')).toMatch(/Your teams show here once your account is mapped/);
  });

  it('a click on the Home tab acts on the incident and the Home tab is drawn again from the new state', async () => {
    stack = await homeStack();
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    const { id } = await stack.trigger({ title: 'Checkout is failing', assignee: 'Jane Doe' });
    await stack.sandbox.events.send(stack.teamId, { type: 'app_home_opened', user: 'U0JANE00001', tab: 'home' });
    await eventually(() => publishes(stack).length === 1, 'the Home tab');
    expect(homeText(stack, 'U0JANE00001')).toMatch(/Checkout is failing\* · `payment-api` · OPEN/);

    const clicked = await stack.sandbox.driver.actOnHome({ teamId: stack.teamId, userId: 'U0JANE00001', actionId: 'opsknight_acknowledge' });
    expect(clicked.status).toBe(200);
    await eventually(() => publishes(stack).length === 2, 'the Home tab drawn again');
    expect(homeText(stack, 'U0JANE00001')).toMatch(/Checkout is failing\* · `payment-api` · ACKNOWLEDGED/);
    const incident = (await stack.api('GET', `/api/incidents/${id}`)).body;
    expect(incident.status).toBe('ACKNOWLEDGED');
    expect(incident.events.find((e: { type: string }) => e.type === 'acknowledged').actor).toBe('Jane Doe');
  });
});
