// High availability (#18): the scheduler fires each due escalation once across daemons. 1,000
// incidents are opened before two daemon processes start on the same database, each with an
// escalation step due at once (so all fall due within the minute it takes to open them); both
// daemons' schedulers then sweep the same due work at the same time. Each incident must have
// exactly one "escalated" entry in its timeline and exactly one "Escalated to @jane" reply in Slack.
// Nothing waits on time passing: the work is due before the daemons start.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type Cluster, type WorldMessage } from '../helpers/cluster.mjs';
import { databaseForHaTests } from '../helpers/ha.js';

const INCIDENTS = 1000;
const CHANNELS = 10;

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

const escalationOf = (m: WorldMessage) => (m.thread_ts && /Escalated to <@U0JANE00001>/.test(m.text) ? Number(/incident #(\d+)/.exec(m.text)?.[1]) : null);

describe('two daemons, one scheduler’s worth of work', () => {
  it('fires each of 1,000 due escalations exactly once', { timeout: 240_000 }, async (ctx) => {
    const db = databaseForHaTests(ctx);
    const ids: number[] = [];
    let openingMs = 0;
    cluster = await startCluster({
      db,
      daemons: 2,
      channels: CHANNELS,
      // Exactly-once is the point here, not Slack's pace: no rate limits, no storm cards.
      rateLimits: false,
      pace: false,
      digestThreshold: 0,
      // Info logs say how much each daemon's sweeps fired ("scheduler did due work").
      env: { LOG_LEVEL: 'info' },
      setup: (core) => {
        core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
        core.oncall.addPolicy('page-at-once', [{ delayMinutes: 0, targets: ['jane@example.com'] }], 0);
        for (let i = 0; i < CHANNELS; i++) core.oncall.setServicePolicy(`svc-${i}`, 'page-at-once');
        // A hundred per transaction: the setup's own cost is not what this test is about.
        const open = core.db.transaction((from: number) =>
          Array.from({ length: 100 }, (_, k) => core.incidents.trigger({ title: `Due escalation ${from + k}`, serviceSlug: `svc-${(from + k) % CHANNELS}`, urgency: 'HIGH' }, { name: 'HA test' }, 'api').incident.id),
        );
        const first = Date.now();
        for (let n = 0; n < INCIDENTS; n += 100) ids.push(...open.immediate(n));
        openingMs = Date.now() - first;
      },
    });
    const c = cluster;

    // Every escalation reaches Slack…
    const replies = async () => Object.values(await c.world.messages()).flat().map(escalationOf).filter((id): id is number => id !== null);
    await waitFor(async () => new Set(await replies()).size >= INCIDENTS, 'an escalation reply for every incident', 180_000, 250);
    // …and once: let anything still due or in flight land, then count.
    await new Promise((r) => setTimeout(r, 2000));
    const firedBy = c.daemons.map((d) =>
      d
        .log()
        .split('\n')
        .filter((l) => l.includes('escalate unacknowledged incidents'))
        .reduce((sum, l) => sum + Number((JSON.parse(l) as { count: number }).count), 0),
    );
    const perIncident = new Map<number, number>();
    for (const id of await replies()) perIncident.set(id, (perIncident.get(id) ?? 0) + 1);
    expect([...perIncident.keys()].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    const twice = [...perIncident].filter(([, n]) => n > 1);
    expect(twice, 'incidents escalated more than once in Slack').toEqual([]);

    // The timelines, read through either daemon.
    const escalated = new Map<number, number>();
    for (let k = 0; k < ids.length; k += 25) {
      await Promise.all(
        ids.slice(k, k + 25).map(async (id, j) => {
          const r = await c.api((k + j) % 2, 'GET', `/api/incidents/${id}`);
          escalated.set(id, (r.body.events as { type: string }[]).filter((e) => e.type === 'escalated').length);
        }),
      );
    }
    const notOnce = [...escalated].filter(([, n]) => n !== 1);
    console.log(`HA scheduler: ${INCIDENTS} escalations due within ${(openingMs / 1000).toFixed(1)} s, two daemons: ${INCIDENTS - notOnce.length} fired once, ${notOnce.length} not (fired by each daemon, from its log: ${firedBy.join(' and ')})`);
    expect(notOnce, 'incidents whose timeline has not exactly one escalation').toEqual([]);
    // The premise: all of them fell due within one minute.
    expect(openingMs).toBeLessThan(60_000);
  });
});
