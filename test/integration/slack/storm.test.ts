// Alert storms: one card per channel per storm, edited in place, with its counts, the most urgent and
// oldest listed, a signed page for all of them, and Acknowledge all / Resolve all behind Slack's
// confirmation dialog.
import { afterEach, describe, expect, it } from 'vitest';
import { STORM_SETTLE_MS } from '../../../src/slack/delivery/deliverers/storm.js';
import { UPDATE_PACE } from '../../../src/slack/delivery/pace.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const calls = (s: Stack, method: string) => s.sandbox.world.calls.filter((c) => c.method === method);

/** Triggers `count` incidents while delivery is stopped (the backlog of a storm), then lets it go. */
async function storm(s: Stack, count: number, urgency = (n: number) => (n % 10 === 0 ? 'HIGH' : 'LOW')): Promise<number[]> {
  await s.daemon.delivery.stop();
  const ids: number[] = [];
  for (let n = 0; n < count; n += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, count - n) }, (_, k) => s.trigger({ title: `storm ${n + k}`, urgency: urgency(n + k) })),
    );
    ids.push(...batch.map((b) => b.id));
  }
  s.daemon.delivery.start();
  await s.settle(20_000);
  return ids;
}

describe('alert storms', () => {
  it('300 incidents into one channel make one card with counts; the rest are on a signed storm page', async () => {
    stack = await startStack();
    await storm(stack, 300);
    const channel = stack.slack.channel('#incidents');
    expect(channel.messages()).toHaveLength(1);
    const card = channel.messages()[0]!;
    expect(card.text).toMatch(/Alert storm:\* 300 incidents arrived together \(300 unresolved\)/);
    expect(card.text).toMatch(/State:\* 300 open/);
    expect(card.text).toMatch(/🔴 30 high · 🔵 270 low/);
    // The most urgent first: the listed lines are the high-urgency ones, oldest first.
    expect(card.text).toMatch(/storm 0\*.*storm 10\*/s);
    expect(card.text).toMatch(/and 280 more/);
    expect(card.buttons()).toEqual(expect.arrayContaining(['Acknowledge all', 'Resolve all', 'Storm page']));

    const link = /<(http[^|>]+\/storms\/\d+\?e=[^|>]+)\|the storm page>/.exec(JSON.stringify(card.message.attachments))?.[1];
    expect(link).toBeDefined();
    const page = await fetch(link!.replace(/^https?:\/\/[^/]+/, stack.daemon.url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/<tr><td>/g)).toHaveLength(300);
    expect((await fetch(`${stack.daemon.url}/storms/1?e=99999999999&t=forged`)).status).toBe(404);
  });

  it('incidents during the storm join its card (edited in place); after a quiet minute they are posted one by one again', async () => {
    stack = await startStack();
    await storm(stack, 20);
    const card = stack.slack.channel('#incidents').messages()[0]!;
    await stack.trigger({ title: 'late in the storm' });
    await card.expectText(/Alert storm:\* 21 incidents/);
    await stack.settle();
    expect(stack.slack.channel('#incidents').messages()).toHaveLength(1);
    expect(calls(stack, 'chat.postMessage')).toHaveLength(1);

    // A quiet minute passes (the storm's last incident is a minute old): the storm is over.
    stack.daemon.core.db.prepare('UPDATE digests SET last_incident_at = last_incident_at - 61000').run();
    await stack.trigger({ title: 'after the storm' });
    await stack.slack.channel('#incidents').expectMessage(/after the storm/);
    expect(stack.slack.channel('#incidents').messages()).toHaveLength(2);
  });

  it('Acknowledge all asks first, then acknowledges every incident at once: one thread reply with the count, and the card updated', async () => {
    stack = await startStack();
    const ids = await storm(stack, 60);
    await stack.api('POST', `/api/incidents/${ids[5]}/resolve`, {});
    const card = stack.slack.channel('#incidents').messages()[0]!;
    await card.expectText(/59 open · 1 resolved/);

    await expect(card.button('Acknowledge all').click()).rejects.toThrow(/asks for confirmation/);
    const cancelled = await card.button('Acknowledge all').click({ dialog: 'deny' });
    expect(cancelled.cancelled).toBe(true);
    expect((await stack.api('GET', `/api/incidents/${ids[0]}`)).body.status).toBe('OPEN');

    const answer = await card.button('Acknowledge all').click({ dialog: 'confirm' });
    expect(answer.status).toBe(200);
    await card.expectThreadReply(/✅ Acknowledged 59 incidents of this storm — by/);
    await card.expectText(/State:\* 59 acknowledged · 1 resolved/);
    await stack.settle();
    const statuses = await Promise.all(ids.map(async (id) => (await stack.api('GET', `/api/incidents/${id}`)).body.status));
    expect(statuses.filter((s) => s === 'ACKNOWLEDGED')).toHaveLength(59);
    // One reply for the whole action (plus the one for the single resolve before it).
    expect(card.replies()).toHaveLength(2);
    expect(card.buttons()).not.toContain('Acknowledge all');

    await card.button('Resolve all').click({ dialog: 'confirm' });
    await card.expectThreadReply(/🔧 Resolved 59 incidents of this storm/);
    await card.expectText(/State:\* 60 resolved/);
    await stack.settle();
    expect(card.buttons()).toEqual(['Storm page']);
  });

  it('the storm page acts on one incident; the card follows', async () => {
    stack = await startStack();
    const ids = await storm(stack, 30);
    const card = stack.slack.channel('#incidents').messages()[0]!;
    const link = /(http[^"|>]+\/storms\/\d+\?e=[^"|>]+)/.exec(JSON.stringify(card.message.blocks))![1]!;
    const path = new URL(link).pathname + new URL(link).search;
    const res = await fetch(`${stack.daemon.url}${path.replace(/\?/, `/incidents/${ids[2]}/acknowledge?`)}`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect((await stack.api('GET', `/api/incidents/${ids[2]}`)).body.status).toBe('ACKNOWLEDGED');
    await card.expectText(/29 open · 1 acknowledged/);
    // An incident outside this storm cannot be acted on through its link.
    expect((await fetch(`${stack.daemon.url}${path.replace(/\?/, '/incidents/99999/resolve?')}`, { method: 'POST' })).status).toBe(404);
  });
});

describe('storms in several channels share the chat.update budget', () => {
  it('mid-storm edits keep one edit per card in reserve: when the incidents stop, every card shows its last count at once', async () => {
    stack = await startStack({ rateLimits: true, pace: true, services: ['svc-a', 'svc-b', 'svc-c'] });
    const channels = ['C0STORMA001', 'C0STORMB001', 'C0STORMC001'];
    channels.forEach((id, i) => {
      stack.sandbox.world.addChannel({ id, teamId: stack.teamId, name: `storm-${i}`, isPrivate: false, isArchived: false, members: ['U0OPSKNIGHT'] });
      stack.daemon.core.workspaces.setRoute(stack.teamId, { serviceSlug: ['svc-a', 'svc-b', 'svc-c'][i]!, urgency: null, channelId: id });
    });
    // Slack's Tier 3 budget (and ours) refills only when the story moves time on.
    stack.clock.hold();
    const counts = [0, 0, 0];
    const round = async () => {
      for (let i = 0; i < 3; i++) {
        await stack.trigger({ title: `storm ${i}-${counts[i]}`, service: ['svc-a', 'svc-b', 'svc-c'][i], urgency: 'LOW' });
        counts[i]!++;
      }
    };
    await stack.daemon.delivery.stop();
    for (let n = 0; n < 10; n++) await round();
    stack.daemon.delivery.start();
    await stack.settle();
    const cards = channels.map((id) => stack.slack.channel(id).messages());
    expect(cards.map((c) => c.length)).toEqual([1, 1, 1]);
    const card = (i: number) => cards[i]![0]!;
    const shows = (i: number) => new RegExp(`Alert storm:\\* ${counts[i]} incidents`).test(card(i).text);

    // The storm goes on: each card is edited while the budget holds more than one edit per card.
    const edits = () => calls(stack, 'chat.update').length;
    const midStorm = UPDATE_PACE.burst - 3;
    let rounds = 0;
    while (edits() < midStorm && rounds++ < 40) {
      await round();
      // Wait for the edits this round allows (all three cards current), or for the budget's floor.
      for (let waited = 0; waited < 100 && !(shows(0) && shows(1) && shows(2)) && edits() < midStorm; waited++) await new Promise((r) => setTimeout(r, 20));
    }
    expect(edits()).toBe(midStorm);
    // The storm's last incidents: their cards are not edited from the three edits kept in reserve.
    await round();
    await new Promise((r) => setTimeout(r, 300));
    expect(edits()).toBe(midStorm);
    expect([0, 1, 2].some(shows)).toBe(false);

    // A second without a new incident: the storm has (for now) its last state, and every card shows
    // it at once — the three kept edits, although less than one edit's worth of budget came back.
    stack.advance(STORM_SETTLE_MS);
    await stack.settle();
    for (const i of [0, 1, 2]) await card(i).expectText(new RegExp(`Alert storm:\\* ${counts[i]} incidents`));
    expect(edits()).toBe(midStorm + 3);
    expect(stack.sandbox.world.calls.filter((c) => c.status === 429)).toHaveLength(0);
  });
});
