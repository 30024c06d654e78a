// Each due wake-up, escalation step and SLA breach fires once however many daemons sweep. Two
// stores on one database file (two daemons' connections) share one clock; the worst interleaving is
// forced: daemon B sweeps completely between daemon A's look at what is due and A's transactions.
import { afterEach, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/daemon/container.js';
import type { RunningDaemon } from '../../../src/daemon/lifecycle.js';
import { TimerSweep } from '../../../src/domain/escalation-service.js';
import { IncidentService } from '../../../src/domain/incident-service.js';
import type { Actor } from '../../../src/domain/model.js';
import type { UnitOfWork } from '../../../src/domain/ports.js';
import { SqliteUnitOfWork } from '../../../src/store/unit-of-work.js';
import { tempHome } from '../../helpers/temp.js';
import { TestClock } from '../../helpers/test-clock.js';
import { describeEachStore, type TestStore } from '../../helpers/postgres.js';
import { startTwoDaemons, type TwoDaemons } from '../../helpers/two-daemons.js';

const jane: Actor = { name: 'Jane Doe' };
const MIN = 60_000;

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function twoStores(store: TestStore) {
  const home = tempHome();
  const clock = new TestClock();
  const env = store.env(home.env);
  const a = openCore(env, clock);
  const b = openCore(env, clock);
  cleanup.push(() => (a.close(), b.close(), home.remove()));
  a.directory.addService({ slug: 'payment-api' });
  a.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
  a.oncall.addPolicy('default', [{ delayMinutes: 5, targets: ['jane@example.com'] }], 0);
  a.oncall.setServicePolicy('payment-api', 'default');
  return { clock, a, b };
}

/** Daemon A's unit of work: its first look at what is due lets `other` run to the end before A acts. */
function interruptedAfterLook(core: Core, other: () => number): { uow: UnitOfWork; otherDid: () => number } {
  const real = new SqliteUnitOfWork(core.db);
  let did = -1;
  const uow: UnitOfWork = {
    run: (work) => real.run(work),
    read: (work) => {
      const result = real.read(work);
      if (did < 0) did = other();
      return result;
    },
  };
  return { uow, otherDid: () => did };
}

const count = (core: Core, id: number, type: string) => core.incidents.get(id).timeline.filter((e) => e.type === type).length;

describeEachStore('time-based work across two daemons', (store) => {
  it('an escalation step fires once when two daemons sweep at the same moment', () => {
    const { clock, a, b } = twoStores(store);
    const ids = [1, 2, 3].map(() => a.incidents.trigger({ title: 'Disk full', serviceSlug: 'payment-api', urgency: 'HIGH' }, jane, 'api').incident.id);
    clock.advance(6 * MIN);
    const race = interruptedAfterLook(a, () => b.timers.escalateDue());
    const fired = new TimerSweep(race.uow, a.incidents, clock).escalateDue();
    expect(race.otherDid()).toBe(3);
    expect(fired).toBe(0);
    for (const id of ids) expect(count(a, id, 'escalated')).toBe(1);
  });

  it('an SLA breach is recorded once when two daemons sweep at the same moment', () => {
    const { clock, a, b } = twoStores(store);
    a.oncall.setServicePolicy('payment-api', null);
    const ids = [1, 2].map(() => a.incidents.trigger({ title: 'Disk full', serviceSlug: 'payment-api', urgency: 'HIGH' }, jane, 'api').incident.id);
    clock.advance(16 * MIN);
    const race = interruptedAfterLook(a, () => b.timers.recordSlaBreaches());
    const recorded = new TimerSweep(race.uow, a.incidents, clock).recordSlaBreaches();
    expect(race.otherDid()).toBe(2);
    expect(recorded).toBe(0);
    for (const id of ids) expect(count(a, id, 'sla_breached')).toBe(1);
  });

  it('an SLA breach is not recorded for an incident acknowledged between the look and the transaction', () => {
    const { clock, a, b } = twoStores(store);
    a.oncall.setServicePolicy('payment-api', null);
    const { id } = a.incidents.trigger({ title: 'Disk full', serviceSlug: 'payment-api', urgency: 'HIGH' }, jane, 'api').incident;
    clock.advance(16 * MIN);
    const race = interruptedAfterLook(a, () => Number(b.incidents.acknowledge(id, jane, 'slack').changed));
    expect(new TimerSweep(race.uow, a.incidents, clock).recordSlaBreaches()).toBe(0);
    expect(count(a, id, 'sla_breached')).toBe(0);
  });

  it('a snoozed incident wakes once, and a snooze set again meanwhile is not cut short', () => {
    const { clock, a, b } = twoStores(store);
    const [first, second] = [1, 2].map(() => a.incidents.trigger({ title: 'Disk full', serviceSlug: 'payment-api', urgency: 'HIGH' }, jane, 'api').incident.id) as [number, number];
    for (const id of [first, second]) a.incidents.snoozeFor(id, jane, 'slack', 10 * MIN);
    clock.advance(11 * MIN);
    // Daemon B wakes both; then Jane snoozes the second one again for an hour; then daemon A acts on its look.
    const race = interruptedAfterLook(a, () => {
      const woke = b.incidents.wakeDue();
      b.incidents.snoozeFor(second, jane, 'slack', 60 * MIN);
      return woke;
    });
    const woke = new IncidentService(race.uow, clock).wakeDue();
    expect(race.otherDid()).toBe(2);
    expect(woke).toBe(0);
    expect(count(a, first, 'woken')).toBe(1);
    expect(count(a, second, 'woken')).toBe(1);
    expect(a.incidents.get(second).incident.status).toBe('SNOOZED');
  });

  it('two running daemons with one clock: every due wake-up, step and breach fires once, and is posted once', async () => {
    const stack: TwoDaemons = await startTwoDaemons({ env: store.env({}) });
    cleanup.push(() => stack.close());
    const [a, b] = stack.daemons as [RunningDaemon, RunningDaemon];
    a.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    a.core.oncall.addPolicy('default', [{ delayMinutes: 5, targets: ['jane@example.com'] }], 0);
    a.core.oncall.setServicePolicy('payment-api', 'default');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await stack.trigger(i % 2 ? a : b, { title: `Queue backlog ${i}` })).id);
    const snoozed = ids.slice(0, 2);
    for (const id of snoozed) expect((await stack.api(b, 'POST', `/api/incidents/${id}/snooze`, { duration: '3m' })).status).toBe(200);
    await stack.settle();

    // Past the snoozes (3 min), the first escalation step (5 min after trigger) and the ack SLA (15 min).
    for (const step of [4, 2, 10]) {
      stack.advance(step * MIN);
      for (const d of [a, b]) d.scheduler.sweep();
    }
    await stack.settle();
    for (const id of ids) {
      const events = (await stack.api(a, 'GET', `/api/incidents/${id}`)).body.events.map((e: { type: string }) => e.type) as string[];
      expect(events.filter((t) => t === 'sla_breached')).toHaveLength(1);
      // A woken incident starts its escalation again from the first step: one step in each case.
      expect(events.filter((t) => t === 'escalated')).toHaveLength(1);
      expect(events.filter((t) => t === 'woken')).toHaveLength(snoozed.includes(id) ? 1 : 0);
    }
    const replies = stack.sandbox.world.messages.filter((m) => m.threadTs && m.threadTs !== m.ts).map((m) => m.text ?? '');
    expect(replies.filter((t) => /SLA breached/.test(t))).toHaveLength(ids.length);
    expect(replies.filter((t) => /Escalated to/.test(t))).toHaveLength(ids.length);
  });
});
