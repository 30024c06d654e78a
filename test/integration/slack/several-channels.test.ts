// Several channels per incident: the routed channel keeps the docs' precedence, subscribed channels
// get their own card, and every card stays in step with one incident.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const BOT = 'U0OPSKNIGHT';
const HUMANS = ['U0JANE00001', 'U0BOB000001', 'U0ALICE0001', 'U0GHOST0001'];

/** The docs' "Channel Organization", built with the CLI's building blocks. */
function docsLayout(s: Stack) {
  const world = s.sandbox.world;
  for (const [id, name] of [
    ['C0INCALL001', 'incidents-all'],
    ['C0PAYONCALL', 'payment-oncall'],
    ['C0PLATFORM1', 'platform-alerts'],
  ] as const) {
    world.addChannel({ id, teamId: s.teamId, name, isPrivate: false, isArchived: false, members: [...HUMANS, BOT] });
  }
  const ws = s.daemon.core.workspaces;
  const now = new Date();
  ws.setDefaultChannel(s.teamId, null);
  ws.subscribe(s.teamId, { channelId: 'C0CRITICAL1', services: null, urgencies: ['HIGH'] }, now);
  ws.subscribe(s.teamId, { channelId: 'C0INCALL001', services: null, urgencies: null }, now);
  ws.setRoute(s.teamId, { serviceSlug: 'payment-api', urgency: null, channelId: 'C0PAYONCALL' });
  ws.setRoute(s.teamId, { serviceSlug: 'platform', urgency: null, channelId: 'C0PLATFORM1' });
}

describe('several channels per incident', () => {
  it("reproduces the docs' channel organization: critical HIGH only, all everything, a channel per team", async () => {
    stack = await startStack({ services: ['payment-api', 'platform', 'search'] });
    docsLayout(stack);
    await stack.trigger({ title: 'pay-high', urgency: 'HIGH' });
    await stack.trigger({ title: 'platform-low', service: 'platform', urgency: 'LOW' });
    await stack.trigger({ title: 'search-medium', service: 'search', urgency: 'MEDIUM' });
    await stack.settle();
    const titles = (ref: string) => stack.slack.channel(ref).messages().map((m) => /pay-high|platform-low|search-medium/.exec(m.text)?.[0]).sort();
    expect(titles('#incidents-critical')).toEqual(['pay-high']);
    expect(titles('#incidents-all')).toEqual(['pay-high', 'platform-low', 'search-medium']);
    expect(titles('#payment-oncall')).toEqual(['pay-high']);
    expect(titles('#platform-alerts')).toEqual(['platform-low']);
    expect(titles('#incidents')).toEqual([]);
  });

  it('keeps every card in step: a click on either card acts once, both cards update, each thread gets the replies', async () => {
    stack = await startStack();
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    stack.daemon.core.workspaces.subscribe(stack.teamId, { channelId: 'C0PAYMENTS1', services: ['payment-api'], urgencies: null }, new Date());
    const { id } = await stack.trigger();
    const routed = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const subscribed = await stack.slack.channel('#payments').expectMessage(/Database Connection Timeout/);
    expect(subscribed.buttons()).toEqual(['Acknowledge', 'Resolve', 'View in OpsKnight']);

    await Promise.all([routed.button('Acknowledge').click({ as: 'jane' }), subscribed.button('Acknowledge').click({ as: 'jane' })]);
    await routed.expectText(/Acknowledged ✓/);
    await subscribed.expectText(/Acknowledged ✓/);
    await stack.settle();
    expect(routed.replies().filter((r) => /Acknowledged by <@U0JANE00001>/.test(r))).toHaveLength(1);
    expect(subscribed.replies().filter((r) => /Acknowledged by <@U0JANE00001>/.test(r))).toHaveLength(1);
    const events = (await stack.api('GET', `/api/incidents/${id}`)).body.events as { type: string }[];
    expect(events.filter((e) => e.type === 'acknowledged')).toHaveLength(1);

    await stack.api('POST', `/api/incidents/${id}/notes`, { text: 'Pool exhausted' });
    await routed.expectThreadReply(/Note from API/);
    await subscribed.expectThreadReply(/Note from API/);
    await stack.api('POST', `/api/incidents/${id}/resolve`, { note: 'Raised the pool size' });
    await routed.expectText(/Resolution:\* Raised the pool size/);
    await subscribed.expectText(/Resolution:\* Raised the pool size/);
    expect(routed.buttons()).toEqual(['View in OpsKnight']);
    expect(subscribed.buttons()).toEqual(['View in OpsKnight']);
    // One card per channel; everything else in the threads.
    expect(stack.slack.channel('#incidents').messages()).toHaveLength(1);
    expect(stack.slack.channel('#payments').messages()).toHaveLength(1);
  });

  it('a channel both routed and subscribed gets one card; the urgency filter and toggles stay per workspace', async () => {
    stack = await startStack();
    const ws = stack.daemon.core.workspaces;
    ws.subscribe(stack.teamId, { channelId: 'C0INCIDENTS', services: null, urgencies: null }, new Date());
    ws.subscribe(stack.teamId, { channelId: 'C0PAYMENTS1', services: null, urgencies: ['LOW'] }, new Date());
    ws.updateSettings(stack.teamId, { urgencyFilter: 'high_medium' });
    await stack.trigger({ title: 'loud', urgency: 'HIGH' });
    await stack.trigger({ title: 'quiet', urgency: 'LOW' });
    await stack.settle();
    expect(stack.slack.channel('#incidents').messages()).toHaveLength(1);
    await stack.slack.channel('#payments').expectNoMessage(/quiet/);
  });
});
