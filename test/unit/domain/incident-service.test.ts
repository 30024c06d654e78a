import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Directory } from '../../../src/domain/directory.js';
import { UnknownServiceError } from '../../../src/domain/errors.js';
import type { IncidentDomainEvent } from '../../../src/domain/events.js';
import { IncidentService } from '../../../src/domain/incident-service.js';
import type { Clock } from '../../../src/domain/ports.js';
import type { Db } from '../../../src/store/db.js';
import { SqliteUnitOfWork } from '../../../src/store/unit-of-work.js';
import { describeEachStore } from '../../helpers/postgres.js';

let db: Db;
let incidents: IncidentService;
let directory: Directory;
let now = new Date('2026-11-30T10:00:00Z');
const clock: Clock = { now: () => now };
const cli = { name: 'ops (CLI)' };

describeEachStore('IncidentService on the store', (store) => {
  beforeEach(() => {
    db = store.openDb();
    const uow = new SqliteUnitOfWork(db);
    incidents = new IncidentService(uow, clock);
    directory = new Directory(uow, clock);
    directory.addService({ slug: 'payment-api', name: 'Payment API' });
    directory.addService({ slug: 'search' });
  });
  afterEach(() => db.close());

  const trigger = (extra: Partial<Parameters<IncidentService['trigger']>[0]> = {}) =>
    incidents.trigger({ title: 'Database Connection Timeout', serviceSlug: 'payment-api', urgency: 'HIGH', ...extra }, cli, 'cli');

  describe('IncidentService', () => {
    it('opens an incident with a triggered event on its timeline', () => {
      const { incident, created } = trigger({ components: ['db', 'db', ' api '] });
      expect(created).toBe(true);
      expect(incident.status).toBe('OPEN');
      expect(incident.components).toEqual(['db', 'api']);
      const { timeline } = incidents.get(incident.id);
      expect(timeline.map((e) => [e.type, e.source, e.actor.name])).toEqual([['triggered', 'cli', 'ops (CLI)']]);
    });

    it('folds a repeat trigger with the same dedup key into the unresolved incident and counts it', () => {
      const first = trigger({ dedupKey: 'db-timeout' }).incident;
      const again = trigger({ dedupKey: 'db-timeout' });
      expect(again.created).toBe(false);
      expect(again.incident.id).toBe(first.id);
      expect(again.incident.triggerCount).toBe(2);
      expect(incidents.list({ limit: 10, offset: 0 }).total).toBe(1);
    });

    it('opens a new incident for the same dedup key on another service, or once the first is resolved', () => {
      const first = trigger({ dedupKey: 'k' }).incident;
      expect(trigger({ dedupKey: 'k', serviceSlug: 'search' }).created).toBe(true);
      incidents.resolve(first.id, cli, 'cli');
      const reopened = trigger({ dedupKey: 'k' });
      expect(reopened.created).toBe(true);
      expect(reopened.incident.id).not.toBe(first.id);
    });

    it('refuses an unknown service and lists the known ones', () => {
      expect(() => trigger({ serviceSlug: 'nope' })).toThrow(UnknownServiceError);
      expect(() => trigger({ serviceSlug: 'nope' })).toThrow(/payment-api, search/);
    });

    it('records each transition in the timeline, in order', () => {
      const { incident } = trigger();
      now = new Date(now.getTime() + 60_000);
      incidents.snoozeFor(incident.id, cli, 'api', 30 * 60_000);
      incidents.wake(incident.id, { name: 'scheduler' }, 'scheduler');
      incidents.acknowledge(incident.id, cli, 'cli');
      incidents.addNote(incident.id, cli, 'cli', 'Looking at the pool');
      const resolved = incidents.resolve(incident.id, cli, 'cli', 'Pool resized');
      expect(resolved.incident.status).toBe('RESOLVED');
      const types = incidents.get(incident.id).timeline.map((e) => e.type);
      expect(types).toEqual(['triggered', 'snoozed', 'woken', 'acknowledged', 'note_added', 'resolved']);
    });

    it('a repeated transition changes nothing and records nothing', () => {
      const { incident } = trigger();
      incidents.acknowledge(incident.id, cli, 'cli');
      const again = incidents.acknowledge(incident.id, { name: 'Bob' }, 'api');
      expect(again.changed).toBe(false);
      expect(again.reason).toMatch(/already acknowledged by ops/);
      expect(incidents.get(incident.id).timeline).toHaveLength(2);
    });

    it('tells subscribers of events only after commit', () => {
      const seen: { phase: string; types: string[]; committed: boolean }[] = [];
      incidents.subscribe({
        inTransaction: (events) => seen.push({ phase: 'in', types: events.map((e) => e.type), committed: !db.inTransaction }),
        afterCommit: (events) => seen.push({ phase: 'after', types: events.map((e) => e.type), committed: !db.inTransaction }),
      });
      trigger();
      expect(seen).toEqual([
        { phase: 'in', types: ['triggered'], committed: false },
        { phase: 'after', types: ['triggered'], committed: true },
      ]);
    });

    it('never tells subscribers about a change that was rolled back', () => {
      const after: IncidentDomainEvent[] = [];
      incidents.subscribe({
        inTransaction: () => {
          throw new Error('outbox write failed');
        },
        afterCommit: (events) => after.push(...events),
      });
      expect(() => trigger()).toThrow('outbox write failed');
      expect(after).toEqual([]);
      expect(incidents.list({ limit: 10, offset: 0 }).total).toBe(0);
    });

    it('atomically() commits several commands together, or none of them', () => {
      const after: string[] = [];
      incidents.subscribe({ afterCommit: (events) => after.push(...events.map((e) => e.type)) });
      expect(() =>
        incidents.atomically(() => {
          trigger({ title: 'one' });
          expect(after).toEqual([]); // not yet committed
          trigger({ serviceSlug: 'nope' });
        }),
      ).toThrow(UnknownServiceError);
      expect(incidents.list({ limit: 10, offset: 0 }).total).toBe(0);
      expect(after).toEqual([]);
      incidents.atomically(() => {
        trigger({ title: 'one' });
        trigger({ title: 'two' });
      });
      expect(after).toEqual(['triggered', 'triggered']);
    });

    it('atomicallyEach() commits the pieces that work and undoes only the one that failed', () => {
      const after: string[] = [];
      incidents.subscribe({ afterCommit: (events) => after.push(...events.map((e) => e.incident.title)) });
      const results = incidents.atomicallyEach([
        () => trigger({ title: 'first' }),
        () => {
          trigger({ title: 'half-done' });
          return trigger({ serviceSlug: 'nope' });
        },
        () => trigger({ title: 'third' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const titles = incidents.list({ limit: 10, offset: 0 }).incidents.map((i) => i.title);
      expect(titles.sort()).toEqual(['first', 'third']);
      expect(after.sort()).toEqual(['first', 'third']);
    });

    it('lists for triage: most urgent first, then oldest', () => {
      trigger({ title: 'low', urgency: 'LOW' });
      now = new Date(now.getTime() + 1000);
      trigger({ title: 'high new', urgency: 'HIGH' });
      now = new Date(now.getTime() - 5000);
      trigger({ title: 'high old', urgency: 'HIGH' });
      const titles = incidents.list({ limit: 10, offset: 0, order: 'triage' }).incidents.map((i) => i.title);
      expect(titles).toEqual(['high old', 'high new', 'low']);
    });
  });
});
