// Alert storms: one card per channel per storm, edited in place, with its counts, the most urgent and
// oldest listed, a signed page for all of them, and Acknowledge all / Resolve all behind Slack's
// confirmation dialog.
import { afterEach, describe, expect, it } from 'vitest';
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
