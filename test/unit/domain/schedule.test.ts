import { describe, expect, it } from 'vitest';
import { onCallAt, onCallNowAndNext, parseLength, type Schedule } from '../../../src/domain/schedule.js';
import { fromLocal, toLocal } from '../../../src/domain/time-zone.js';

const JANE = 1;
const BOB = 2;
const ALICE = 3;

function schedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    id: 1,
    name: 'primary',
    timeZone: 'Europe/London',
    rotation: { userIds: [JANE, BOB, ALICE], start: '2026-03-23', handoff: '09:00', length: { kind: 'daily' } },
    overrides: [],
    ...overrides,
  };
}

describe('time zones', () => {
  it('maps local times to instants, skipping the spring-forward gap and taking the first of the fall-back overlap', () => {
    expect(fromLocal({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'Europe/London').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(fromLocal({ year: 2026, month: 1, day: 1, hour: 9, minute: 0 }, 'Europe/London').toISOString()).toBe('2026-01-01T09:00:00.000Z');
    // 2026-03-29 01:30 does not exist in London (01:00 → 02:00): it moves forward by the gap, to 02:30 BST.
    expect(fromLocal({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 2026-10-25 01:30 happens twice; the first is BST (00:30 UTC).
    expect(fromLocal({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(toLocal(new Date('2026-10-25T00:30:00Z'), 'America/New_York')).toMatchObject({ day: 24, hour: 20 });
  });
});

describe('on-call schedules', () => {
  it('hands off daily at the local time, following the clock across DST', () => {
    const s = schedule();
    // 2026-03-28 (GMT) 09:00 = 09:00Z; 2026-03-29 is the first BST day: 09:00 local = 08:00Z.
    expect(onCallAt(s, new Date('2026-03-23T09:00:00Z')).userId).toBe(JANE);
    expect(onCallAt(s, new Date('2026-03-24T08:59:00Z')).userId).toBe(JANE);
    expect(onCallAt(s, new Date('2026-03-24T09:00:00Z')).userId).toBe(BOB);
    // 23 Jane, 24 Bob, 25 Alice, 26 Jane, 27 Bob, 28 Alice.
    expect(onCallAt(s, new Date('2026-03-27T12:00:00Z')).userId).toBe(BOB);
  });

  it('knows who is on call on the DST change days', () => {
    const s = schedule();
    // 28 Mar: Alice from 09:00 GMT; 29 Mar: Jane from 09:00 BST (08:00Z).
    expect(onCallAt(s, new Date('2026-03-28T12:00:00Z')).userId).toBe(ALICE);
    const sunday = onCallAt(s, new Date('2026-03-29T07:59:00Z'));
    expect(sunday.userId).toBe(ALICE);
    expect(sunday.until.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(onCallAt(s, new Date('2026-03-29T08:00:00Z')).userId).toBe(JANE);
  });

  it('rotates weekly and every N hours', () => {
    const weekly = schedule({ rotation: { userIds: [JANE, BOB], start: '2026-11-02', handoff: '10:00', length: { kind: 'weekly' } }, timeZone: 'UTC' });
    expect(onCallAt(weekly, new Date('2026-11-08T23:00:00Z')).userId).toBe(JANE);
    expect(onCallAt(weekly, new Date('2026-11-09T10:00:00Z')).userId).toBe(BOB);
    expect(onCallAt(weekly, new Date('2026-11-16T10:00:00Z')).userId).toBe(JANE);
    const shifts = schedule({ rotation: { userIds: [JANE, BOB, ALICE], start: '2026-11-01', handoff: '00:00', length: { kind: 'hours', hours: 12 } }, timeZone: 'UTC' });
    expect(onCallAt(shifts, new Date('2026-11-01T11:59:00Z')).userId).toBe(JANE);
    expect(onCallAt(shifts, new Date('2026-11-01T12:00:00Z')).userId).toBe(BOB);
    expect(onCallAt(shifts, new Date('2026-11-02T00:00:00Z')).userId).toBe(ALICE);
  });

  it('nobody is on call before the rotation starts', () => {
    const s = onCallAt(schedule(), new Date('2026-03-01T00:00:00Z'));
    expect(s.userId).toBeNull();
    expect(s.until.toISOString()).toBe('2026-03-23T09:00:00.000Z');
  });

  it('an override takes over for its window, and the next handoff accounts for it', () => {
    const s = schedule({ overrides: [{ id: 1, userId: ALICE, startsAt: new Date('2026-03-23T12:00:00Z'), endsAt: new Date('2026-03-23T18:00:00Z') }] });
    const before = onCallNowAndNext(s, new Date('2026-03-23T10:00:00Z'));
    expect(before.now).toMatchObject({ userId: JANE, viaOverride: false });
    expect(before.next).toMatchObject({ userId: ALICE, viaOverride: true });
    expect(before.next.from.toISOString()).toBe('2026-03-23T12:00:00.000Z');
    const during = onCallNowAndNext(s, new Date('2026-03-23T13:00:00Z'));
    expect(during.now).toMatchObject({ userId: ALICE, viaOverride: true });
    expect(during.next).toMatchObject({ userId: JANE });
  });

  it('parses rotation lengths', () => {
    expect(parseLength('daily')).toEqual({ kind: 'daily' });
    expect(parseLength('weekly')).toEqual({ kind: 'weekly' });
    expect(parseLength('12h')).toEqual({ kind: 'hours', hours: 12 });
    expect(() => parseLength('fortnightly')).toThrow(/daily, weekly/);
  });
});
