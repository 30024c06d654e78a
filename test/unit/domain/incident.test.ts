import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, ValidationError } from '../../../src/domain/errors.js';
import { acknowledge, addNote, resolve, snooze, wake } from '../../../src/domain/incident.js';
import type { Actor, Incident } from '../../../src/domain/model.js';
import { anIncident } from '../../helpers/builders.js';

const t0 = new Date('2026-11-30T10:00:00Z');
const later = (min: number) => new Date(t0.getTime() + min * 60_000);
const jane: Actor = { name: 'Jane', userId: 1 };
const bob: Actor = { name: 'Bob', userId: 2 };

const incident = (o: Partial<Incident> = {}): Incident => anIncident({ ...o });

describe('incident transitions', () => {
  it('acknowledges an open incident and records who and when', () => {
    const out = acknowledge(incident(), jane, later(3));
    expect(out.changed).toBe(true);
    if (!out.changed) return;
    expect(out.incident.status).toBe('ACKNOWLEDGED');
    expect(out.incident.acknowledgedBy).toEqual(jane);
    expect(out.incident.acknowledgedAt).toEqual(later(3));
    expect(out.event.type).toBe('acknowledged');
  });

  it('acknowledging twice is a no-op that names the first acknowledger', () => {
    const acked = incident({ status: 'ACKNOWLEDGED', acknowledgedBy: jane, acknowledgedAt: later(1) });
    const out = acknowledge(acked, bob, later(2));
    expect(out.changed).toBe(false);
    if (out.changed) return;
    expect(out.reason).toContain('already acknowledged by Jane');
    expect(out.incident).toBe(acked);
  });

  it('refuses to acknowledge a resolved incident with a typed error saying who resolved it', () => {
    const done = incident({ status: 'RESOLVED', resolvedBy: bob, resolvedAt: later(5) });
    expect(() => acknowledge(done, jane, later(6))).toThrow(InvalidTransitionError);
    expect(() => acknowledge(done, jane, later(6))).toThrow(/resolved by Bob/);
  });

  it('acknowledging a snoozed incident ends the snooze', () => {
    const out = acknowledge(incident({ status: 'SNOOZED', snoozedUntil: later(30), snoozedBy: jane }), bob, later(2));
    expect(out.changed && out.incident.snoozedUntil).toBeNull();
    expect(out.incident.status).toBe('ACKNOWLEDGED');
  });

  it('resolves from any unresolved state with an optional trimmed note and time to resolve', () => {
    for (const status of ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'] as const) {
      const out = resolve(incident({ status }), bob, later(47), '  Restarted the pool  ');
      expect(out.changed).toBe(true);
      if (!out.changed) continue;
      expect(out.incident.status).toBe('RESOLVED');
      expect(out.incident.resolutionNote).toBe('Restarted the pool');
      expect(out.event.details.time_to_resolve_ms).toBe(47 * 60_000);
    }
    const noNote = resolve(incident(), bob, later(1), '   ');
    expect(noNote.incident.resolutionNote).toBeNull();
  });

  it('resolving twice is a no-op', () => {
    const out = resolve(incident({ status: 'RESOLVED', resolvedBy: bob, resolvedAt: later(1) }), jane, later(2));
    expect(out.changed).toBe(false);
  });

  it('snoozes until a future time, but never a resolved incident', () => {
    const out = snooze(incident(), jane, later(0), later(30));
    expect(out.incident.status).toBe('SNOOZED');
    expect(out.incident.snoozedUntil).toEqual(later(30));
    expect(() => snooze(incident({ status: 'RESOLVED' }), jane, later(0), later(30))).toThrow(InvalidTransitionError);
    expect(() => snooze(incident(), jane, later(10), later(5))).toThrow(ValidationError);
  });

  it('snoozes for at most 30 days, and says so', () => {
    const day = 24 * 60;
    expect(snooze(incident(), jane, later(0), later(30 * day)).changed).toBe(true);
    expect(() => snooze(incident(), jane, later(0), later(30 * day + 1))).toThrow(/at most 30 days/);
  });

  it('re-snoozing to a new time changes it; to the same time is a no-op', () => {
    const snoozed = incident({ status: 'SNOOZED', snoozedUntil: later(30) });
    expect(snooze(snoozed, jane, later(1), later(60)).changed).toBe(true);
    expect(snooze(snoozed, jane, later(1), later(30)).changed).toBe(false);
  });

  it('wakes a snoozed incident to OPEN; waking anything else is a no-op', () => {
    const out = wake(incident({ status: 'SNOOZED', snoozedUntil: later(30) }), { name: 'scheduler' }, later(30));
    expect(out.incident.status).toBe('OPEN');
    expect(out.incident.snoozedUntil).toBeNull();
    expect(wake(incident({ status: 'ACKNOWLEDGED' }), { name: 'scheduler' }, later(30)).changed).toBe(false);
  });

  it('adds notes in any state but refuses empty ones', () => {
    const out = addNote(incident({ status: 'RESOLVED' }), jane, later(1), 'Post-mortem scheduled');
    expect(out.changed && out.event.details.text).toBe('Post-mortem scheduled');
    expect(() => addNote(incident(), jane, later(1), '  ')).toThrow(ValidationError);
  });
});
