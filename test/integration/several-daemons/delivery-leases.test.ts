// Two daemons on one store deliver the outbox through leases per workspace: each card is posted
// once, by the daemon holding the workspace, in order; a clean stop hands the workspace over at
// once; a dead daemon's workspace passes on when its lease runs out.
import { afterEach, expect, it } from 'vitest';
import type { RunningDaemon } from '../../../src/daemon/lifecycle.js';
import { DEFAULT_LEASE_MS } from '../../../src/slack/delivery/lanes.js';
import { DeliveryLeases } from '../../../src/store/delivery-leases.js';
import { describeEachStore } from '../../helpers/postgres.js';
import { startTwoDaemons, type TwoDaemons } from '../../helpers/two-daemons.js';

let stack: TwoDaemons | null = null;
afterEach(async () => {
  await stack?.close();
  stack = null;
});

const cardsOf = (s: TwoDaemons, title: RegExp) => s.slack.channel('#incidents').messages().filter((m) => !m.message.threadTs && title.test(m.text));

describeEachStore('two daemons sharing one outbox', (store) => {
  it('posts each card once, from the daemon holding the workspace, in the order the incidents came', async () => {
    stack = await startTwoDaemons({ env: store.env({}) });
    const [a, b] = stack.daemons as [RunningDaemon, RunningDaemon];
    // Incidents arrive at both daemons, one after the other (under the storm threshold).
    for (let i = 1; i <= 6; i++) await stack.trigger(i % 2 ? a : b, { title: `Disk full on db-${i}` });
    await stack.settle();

    const cards = cardsOf(stack, /Disk full on db-/);
    expect(cards.map((m) => /db-(\d+)/.exec(m.text)?.[1])).toEqual(['1', '2', '3', '4', '5', '6']);
    const holders = [a, b].filter((d) => d.delivery.heldLanes().some((l) => l.lane === stack!.teamId));
    expect(holders).toHaveLength(1);
    const other = holders[0] === a ? b : a;
    expect(await stack.counter(holders[0]!, 'opsknight_slack_deliveries_total')).toBeGreaterThanOrEqual(6);
    expect(await stack.counter(other, 'opsknight_slack_deliveries_total')).toBe(0);
    // Only the holder's calls reached Slack: one chat.postMessage per card, none twice.
    const posts = stack.sandbox.world.calls.filter((c) => c.method === 'chat.postMessage' && c.ok);
    expect(posts).toHaveLength(6);
    // /healthz and doctor say which daemon delivers the workspace.
    expect((await stack.api(holders[0]!, 'GET', '/healthz')).body.slack.lanes_held).toEqual([stack.teamId]);
    expect((await stack.api(other, 'GET', '/healthz')).body.slack.lanes_held).toEqual([]);
    const lanes = (d: RunningDaemon) => stack!.api(d, 'GET', '/healthz?verbose=1').then((r) => (r.body.findings as { check: string; finding: string }[]).filter((f) => f.check === 'Lanes').map((f) => f.finding));
    expect(await lanes(holders[0]!)).toEqual([expect.stringMatching(/^Acme Ops \(sandbox\) is delivered by this daemon \(lease renewed, \d+ seconds? left\)$/)]);
    expect(await lanes(other)).toEqual([expect.stringMatching(/^Acme Ops \(sandbox\) is delivered by daemon [0-9a-f]{8} /)]);
  });

  it('a daemon stopped cleanly hands its workspace over at once (a rolling restart)', async () => {
    stack = await startTwoDaemons({ env: store.env({}) });
    const [a, b] = stack.daemons as [RunningDaemon, RunningDaemon];
    await stack.trigger(a, { title: 'Before the restart' });
    await stack.settle();
    const holder = [a, b].find((d) => d.delivery.heldLanes().length)!;
    const survivor = holder === a ? b : a;
    await holder.stop();
    expect(new DeliveryLeases(survivor.core.db).all()).toEqual([]);

    const started = Date.now();
    await stack.trigger(survivor, { title: 'After the restart' });
    // No clock moved: the lease was given back, not left to run out.
    await stack.slack.channel('#incidents').expectMessage(/After the restart/, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(survivor.delivery.heldLanes().map((l) => l.lane)).toEqual([stack.teamId]);
  });

  it('a dead daemon’s workspace passes to the other when its lease runs out, not before', async () => {
    stack = await startTwoDaemons({ env: store.env({}) });
    const [a] = stack.daemons as [RunningDaemon];
    // A daemon that took the workspace and died (kill -9: no release, no renewal).
    const diedAt = stack.clock.ms();
    new DeliveryLeases(a.core.db).claim('daemon-that-died', [stack.teamId], diedAt, DEFAULT_LEASE_MS);

    await stack.trigger(a, { title: 'Paged while a daemon lay dead' });
    await stack.slack.channel('#incidents').expectNoMessage(/Paged while a daemon lay dead/, 1500);

    stack.advance(DEFAULT_LEASE_MS - 1500);
    await stack.slack.channel('#incidents').expectMessage(/Paged while a daemon lay dead/, 5000);
    // Taken over within a second or so of the lease's end, by one of the living daemons.
    const takenAt = new DeliveryLeases(a.core.db).all().find((l) => l.lane === stack!.teamId)!;
    expect(takenAt.owner).not.toBe('daemon-that-died');
    const takeoverMs = takenAt.takenAt - diedAt;
    expect(takeoverMs).toBeGreaterThanOrEqual(DEFAULT_LEASE_MS);
    expect(takeoverMs).toBeLessThan(DEFAULT_LEASE_MS + 2500);
    console.log(`takeover after a dead daemon: ${takeoverMs} ms of clock time (lease ${DEFAULT_LEASE_MS} ms)`);
    expect(cardsOf(stack, /Paged while a daemon lay dead/)).toHaveLength(1);
  });
});
