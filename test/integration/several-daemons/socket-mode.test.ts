// Two daemons in Socket Mode on one store: Slack spreads the envelopes over both connections, each
// click and slash command is handled once by the daemon that got it, and when one daemon stops the
// other takes every envelope, none lost.
import { afterEach, expect, it } from 'vitest';
import type { RunningDaemon } from '../../../src/daemon/lifecycle.js';
import { describeEachStore } from '../../helpers/postgres.js';
import type { MessageView } from '../../helpers/slack-story.js';
import { startTwoDaemons, type TwoDaemons } from '../../helpers/two-daemons.js';

let stack: TwoDaemons | null = null;
afterEach(async () => {
  await stack?.close();
  stack = null;
});

const N = 6;

async function cardsFor(s: TwoDaemons, prefix: string, daemons: RunningDaemon[]): Promise<{ id: number; card: MessageView }[]> {
  const out = [];
  for (let i = 1; i <= N; i++) {
    const daemon = daemons[i % daemons.length]!;
    const { id } = await s.trigger(daemon, { title: `${prefix} ${i} on db` });
    const card = await s.slack.channel('#incidents').expectMessage(new RegExp(`${prefix} ${i} on db`));
    out.push({ id, card });
  }
  return out;
}

/** Clicks Acknowledge on every card twice (the second click lands on the other connection). */
async function acknowledgeTwice(s: TwoDaemons, cards: { card: MessageView }[]): Promise<void> {
  for (const { card } of cards) {
    for (let click = 0; click < 2; click++) {
      const res = await card.button('Acknowledge').click({ as: 'jane' });
      expect(res.error).toBeUndefined();
      expect(res.status).toBe(200);
    }
  }
  await s.settle();
}

async function expectAcknowledgedOnce(s: TwoDaemons, cards: { id: number; card: MessageView }[]): Promise<void> {
  for (const { id, card } of cards) {
    await card.expectThreadReply(/Acknowledged by/);
    expect(card.replies().filter((r) => /Acknowledged by/.test(r))).toHaveLength(1);
    const incident = (await s.api(s.daemons.find((d) => d.server.listening)!, 'GET', `/api/incidents/${id}`)).body;
    expect(incident.status).toBe('ACKNOWLEDGED');
  }
}

describeEachStore('two daemons in Socket Mode', (store) => {
  it('share the clicks and slash commands, each handled once; when one stops the other takes them all', async () => {
    stack = await startTwoDaemons({ env: store.env({}), socketMode: true });
    const [a, b] = stack.daemons as [RunningDaemon, RunningDaemon];
    stack.sandbox.setAppUrls({ interactivityUrl: '', commandUrl: '' });
    expect(stack.sandbox.socketMode.connectionCount).toBe(2);

    const first = await cardsFor(stack, 'Replica lag', [a, b]);
    await acknowledgeTwice(stack, first);
    for (let i = 0; i < N; i++) {
      const cmd = await stack.slack.slashCommand('/opsknight help');
      expect((cmd.json as { text: string }).text).toMatch(/OpsKnight commands/);
    }
    await expectAcknowledgedOnce(stack, first);
    // Both daemons' connections got a share, and every envelope was acknowledged.
    const before = stack.sandbox.socketMode.deliveries.slice();
    expect(before).toHaveLength(3 * N);
    expect(before.every((d) => d.acked)).toBe(true);
    const perConnection = new Map<number, number>();
    for (const d of before) perConnection.set(d.connection, (perConnection.get(d.connection) ?? 0) + 1);
    expect([...perConnection.values()]).toEqual([(3 * N) / 2, (3 * N) / 2]);
    // The second click on a card came to the other daemon: it saw the first daemon's acknowledgement.
    expect(stack.slack.ephemeralsFor('jane').filter((t) => /already acknowledged/i.test(t)).length).toBe(N);

    // One daemon stops: its socket closes and every later envelope goes to the survivor.
    await a.stop();
    expect(stack.sandbox.socketMode.connectionCount).toBe(1);
    const second = await cardsFor(stack, 'Queue backlog', [b]);
    await acknowledgeTwice(stack, second);
    for (let i = 0; i < N; i++) expect((await stack.slack.slashCommand('/opsknight help')).status).toBe(200);
    await expectAcknowledgedOnce(stack, second);
    const after = stack.sandbox.socketMode.deliveries.slice(before.length);
    expect(after).toHaveLength(3 * N);
    expect(after.every((d) => d.acked)).toBe(true);
    expect(new Set(after.map((d) => d.connection)).size).toBe(1);
    expect(b.server.listening).toBe(true);
  });
});
