// Escalation and SLA timers on SQLite with a controllable clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Directory } from '../../../src/domain/directory.js';
import { EscalationTimers, TimerSweep } from '../../../src/domain/escalation-service.js';
import { IncidentService } from '../../../src/domain/incident-service.js';
import { OnCallDirectory } from '../../../src/domain/oncall-directory.js';
import type { Clock } from '../../../src/domain/ports.js';
import type { Db } from '../../../src/store/db.js';
import { SqliteUnitOfWork } from '../../../src/store/unit-of-work.js';
import { describeEachStore } from '../../helpers/postgres.js';

let db: Db;
let now: Date;
const clock: Clock = { now: () => now };
let incidents: IncidentService;
let oncall: OnCallDirectory;
let sweep: TimerSweep;
const tick = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
const cli = { name: 'ops' };

describeEachStore('escalation and SLA timers on the store', (store) => {
  beforeEach(() => {
    db = store.openDb();
    now = new Date('2026-11-30T10:00:00Z');
    const uow = new SqliteUnitOfWork(db);
    incidents = new IncidentService(uow, clock);
    incidents.subscribe(new EscalationTimers());
    const directory = new Directory(uow, clock);
    oncall = new OnCallDirectory(uow, clock);
    sweep = new TimerSweep(uow, incidents, clock);
    directory.addService({ slug: 'payment-api', ackSlaMinutes: 15, resolveSlaMinutes: 120 });
    directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
    oncall.addSchedule({ name: 'primary', timeZone: 'UTC', userEmails: ['jane@example.com', 'bob@example.com'], start: '2026-11-30', handoff: '00:00', length: { kind: 'daily' } });
    oncall.addPolicy('default', [
      { delayMinutes: 0, targets: ['schedule:primary'] },
      { delayMinutes: 10, targets: ['bob@example.com'] },
    ], 1);
    oncall.setServicePolicy('payment-api', 'default');
  });
  afterEach(() => db.close());

  const trigger = () => incidents.trigger({ title: 'Down', serviceSlug: 'payment-api', urgency: 'HIGH' }, cli, 'api').incident.id;
  const escalations = (id: number) => incidents.get(id).timeline.filter((e) => e.type === 'escalated');

  describe('escalation', () => {
    it('escalates step by step on time, through the schedule, then repeats, then stops', () => {
      const id = trigger();
      expect(sweep.escalateDue()).toBe(1);
      expect(escalations(id)[0]!.details).toMatchObject({ step: 1, targets: 'Jane Doe (on call for primary)' });
      tick(9);
      expect(sweep.escalateDue()).toBe(0);
      tick(1);
      // Step 2 fires, and the repeat's step 1 (0 minutes after it) with it.
      expect(sweep.escalateDue()).toBe(2);
      expect(escalations(id)[1]!.details).toMatchObject({ step: 2, targets: 'Bob Smith' });
      tick(10);
      expect(sweep.escalateDue()).toBe(1);
      tick(60);
      expect(sweep.escalateDue()).toBe(0);
      expect(escalations(id).map((e) => [e.details.cycle, e.details.step])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
    });

    it('stops on acknowledge and on resolve', () => {
      const a = trigger();
      const b = trigger();
      sweep.escalateDue();
      incidents.acknowledge(a, cli, 'api');
      incidents.resolve(b, cli, 'api');
      tick(30);
      expect(sweep.escalateDue()).toBe(0);
      // Only a's resolve SLA is left to watch.
      expect(sweep.nextDueAt()?.toISOString()).toBe('2026-11-30T12:00:00.000Z');
    });

    it('pauses while snoozed and starts again from the first step on wake', () => {
      const id = trigger();
      sweep.escalateDue();
      incidents.snoozeFor(id, cli, 'api', 30 * 60_000);
      tick(25);
      expect(sweep.escalateDue()).toBe(0);
      tick(5);
      incidents.wakeDue();
      expect(sweep.escalateDue()).toBe(1);
      expect(escalations(id).at(-1)!.details).toMatchObject({ step: 1, cycle: 1 });
    });

    it('after downtime catches up once, in order, with no duplicates; a second sweep does nothing', () => {
      const id = trigger();
      tick(45); // the daemon was down: both steps and the repeat fell due
      expect(sweep.escalateDue()).toBe(4);
      expect(escalations(id).map((e) => e.details.due_at)).toEqual([
        '2026-11-30T10:00:00.000Z',
        '2026-11-30T10:10:00.000Z',
        '2026-11-30T10:10:00.000Z',
        '2026-11-30T10:20:00.000Z',
      ]);
      expect(sweep.escalateDue()).toBe(0);
    });
  });

  describe('snooze wake-up', () => {
    it('after downtime that spanned the due time, wakes each incident exactly once', () => {
      const a = trigger();
      const b = trigger();
      incidents.snoozeFor(a, cli, 'api', 10 * 60_000);
      incidents.snoozeFor(b, cli, 'api', 20 * 60_000);
      tick(60); // the daemon was down for an hour
      expect(incidents.wakeDue()).toBe(2);
      expect(incidents.wakeDue()).toBe(0);
      for (const id of [a, b]) expect(incidents.get(id).timeline.filter((e) => e.type === 'woken')).toHaveLength(1);
    });
  });

  describe('SLA breaches', () => {
    it('records each missed target once per incident and kind', () => {
      const id = trigger();
      tick(14);
      expect(sweep.recordSlaBreaches()).toBe(0);
      tick(1);
      expect(sweep.recordSlaBreaches()).toBe(1);
      expect(sweep.recordSlaBreaches()).toBe(0);
      tick(110);
      expect(sweep.recordSlaBreaches()).toBe(1);
      const breaches = incidents.get(id).timeline.filter((e) => e.type === 'sla_breached').map((e) => e.details);
      expect(breaches).toEqual([
        expect.objectContaining({ kind: 'ack', target_minutes: 15 }),
        expect.objectContaining({ kind: 'resolve', target_minutes: 120 }),
      ]);
    });

    it('a target met in time is never breached', () => {
      const id = trigger();
      tick(5);
      incidents.acknowledge(id, cli, 'api');
      tick(60);
      incidents.resolve(id, cli, 'api');
      tick(600);
      expect(sweep.recordSlaBreaches()).toBe(0);
    });
  });

  describe('escalate now', () => {
    const jane = { name: 'Jane Doe', ref: 'slack:T1:U0JANE' };

    it('fires the next step at once, by the person, and times the following step from now', () => {
      const id = trigger();
      sweep.escalateDue(); // step 1 (the schedule) fired at trigger time
      tick(2);
      const r = sweep.escalateNow(id, jane, 'slack');
      expect(r.changed).toBe(true);
      const last = escalations(id).at(-1)!;
      expect(last).toMatchObject({ actor: jane, source: 'slack', details: { step: 2, manual: true, targets: 'Bob Smith' } });
      // The policy repeats once: its first step (0 minutes) follows at once, its second 10 minutes
      // after that, not at the time the skipped step was first due.
      expect(sweep.escalateDue()).toBe(1);
      expect(escalations(id).at(-1)!.details).toMatchObject({ step: 1, cycle: 2 });
      tick(9);
      expect(sweep.escalateDue()).toBe(0);
      tick(1);
      expect(sweep.escalateDue()).toBe(1);
      expect(escalations(id).map((e) => e.details.step)).toEqual([1, 2, 1, 2]);
    });

    it('two people at once page once; the second is told who already did', () => {
      const id = trigger();
      sweep.escalateDue();
      tick(1);
      expect(sweep.escalateNow(id, jane, 'slack').changed).toBe(true);
      const second = sweep.escalateNow(id, { name: 'Bob Smith' }, 'slack');
      expect(second).toMatchObject({ changed: false, reason: /was escalated by Jane Doe 0s ago \(step 2\)/ });
      expect(escalations(id)).toHaveLength(2);
      tick(1);
      expect(sweep.escalateNow(id, jane, 'slack').changed).toBe(true);
    });

    it('on an acknowledged incident pages without restarting the timers; refused when resolved or without a policy', () => {
      const id = trigger();
      incidents.acknowledge(id, jane, 'slack');
      expect(sweep.escalateNow(id, jane, 'slack').changed).toBe(true);
      tick(60);
      expect(sweep.escalateDue()).toBe(0);
      incidents.resolve(id, jane, 'slack');
      expect(() => sweep.escalateNow(id, jane, 'slack')).toThrow(/cannot be escalated/);
      oncall.setServicePolicy('payment-api', null);
      const other = trigger();
      expect(() => sweep.escalateNow(other, jane, 'slack')).toThrow(/has no escalation policy/);
    });

    it('unacknowledge and reopen start the escalation again from the first step', () => {
      const id = trigger();
      sweep.escalateDue();
      incidents.acknowledge(id, jane, 'slack');
      tick(30);
      expect(sweep.escalateDue()).toBe(0);
      incidents.unacknowledge(id, jane, 'slack');
      expect(sweep.escalateDue()).toBe(1);
      expect(escalations(id).at(-1)!.details).toMatchObject({ step: 1 });
      incidents.resolve(id, jane, 'slack');
      tick(5);
      incidents.reopen(id, jane, 'slack');
      expect(sweep.escalateDue()).toBe(1);
      expect(escalations(id).at(-1)!.details).toMatchObject({ step: 1 });
    });
  });
});
