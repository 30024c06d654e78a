import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../src/domain/schedule.js';
import { nextHandoffs, upcomingShifts } from '../../../src/domain/shifts.js';

const JANE = 1;
const BOB = 2;
const DAY = 86_400_000;

function schedule(overrides: Schedule['overrides'] = []): Schedule {
  return { id: 1, name: 'primary', timeZone: 'Europe/London', rotation: { userIds: [JANE, BOB], start: '2026-03-23', handoff: '09:00', length: { kind: 'daily' } }, overrides };
}

describe('handoffs and shifts', () => {
  it('lists the next handoffs at 09:00 London time, across the spring clock change', () => {
    // Saturday 28 March: Bob's day (23rd Jane, 24th Bob, … 28th Bob).
    const at = new Date('2026-03-28T10:00:00Z');
    const handoffs = nextHandoffs(schedule(), at, 3);
    // The clocks go forward in the night of the 28th: from then on 09:00 London is 08:00 UTC.
    expect(handoffs.map((h) => h.at.toISOString())).toEqual(['2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-03-31T08:00:00.000Z']);
    expect(handoffs.map((h) => h.userId)).toEqual([JANE, BOB, JANE]);
  });

  it('an override is a handoff, and a person’s coming shifts include it', () => {
    const at = new Date('2026-03-28T10:00:00Z');
    const s = schedule([{ id: 1, userId: JANE, startsAt: new Date('2026-03-28T12:00:00Z'), endsAt: new Date('2026-03-28T14:00:00Z') }]);
    expect(nextHandoffs(s, at, 2)).toEqual([
      { at: new Date('2026-03-28T12:00:00Z'), userId: JANE },
      { at: new Date('2026-03-28T14:00:00Z'), userId: BOB },
    ]);
    const jane = upcomingShifts(s, JANE, at, 3 * DAY);
    expect(jane[0]).toMatchObject({ from: new Date('2026-03-28T12:00:00Z'), until: new Date('2026-03-28T14:00:00Z'), viaOverride: true });
    expect(jane[1]).toMatchObject({ from: new Date('2026-03-29T08:00:00Z'), until: new Date('2026-03-30T08:00:00Z'), viaOverride: false });
    // Bob is on call now: his shift under way counts from now.
    expect(upcomingShifts(s, BOB, at, DAY)[0]).toMatchObject({ from: at, until: new Date('2026-03-28T12:00:00Z') });
  });
});
