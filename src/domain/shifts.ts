// A person's coming shifts on a schedule (overrides included): what their Home tab lists.
import { onCallAt, type Schedule } from './schedule.js';

export interface UpcomingShift {
  schedule: string;
  from: Date;
  until: Date;
  viaOverride: boolean;
}

/** The user's shifts on a schedule from `at` (one under way counts, from `at`) within the horizon. */
export function upcomingShifts(s: Schedule, userId: number, at: Date, horizonMs: number, max = 5): UpcomingShift[] {
  const end = at.getTime() + horizonMs;
  const out: UpcomingShift[] = [];
  let t = at;
  // Each step jumps to the next handoff or override boundary; the bound stops a pathological schedule.
  for (let i = 0; i < 1000 && t.getTime() < end && out.length < max; i++) {
    const shift = onCallAt(s, t);
    if (shift.userId === userId) {
      const last = out.at(-1);
      if (last && last.until.getTime() === t.getTime() && last.viaOverride === shift.viaOverride) last.until = shift.until;
      else out.push({ schedule: s.name, from: t, until: shift.until, viaOverride: shift.viaOverride });
    }
    if (shift.until.getTime() <= t.getTime()) break;
    t = shift.until;
  }
  return out;
}

/** The schedule's next handoffs from `at`: when, and who comes on (overrides included). */
export function nextHandoffs(s: Schedule, at: Date, count: number): { at: Date; userId: number | null }[] {
  const out: { at: Date; userId: number | null }[] = [];
  let t = at;
  let current = onCallAt(s, t);
  for (let i = 0; i < 1000 && out.length < count; i++) {
    if (current.until.getTime() <= t.getTime()) break;
    t = current.until;
    const next = onCallAt(s, t);
    // A boundary where the same person stays on (an override of themselves) is no handoff.
    if (next.userId !== current.userId) out.push({ at: t, userId: next.userId });
    current = next;
  }
  return out;
}

/** When the schedule next hands off to someone else after `at` (null: never). */
export function nextHandoffAt(s: Schedule, at: Date): Date | null {
  return nextHandoffs(s, at, 1)[0]?.at ?? null;
}

/** Whether the schedule handed off in the window (after, upTo]: windows that follow one another
 *  see each handoff exactly once, however late the sweep looks. */
export function handedOffBetween(s: Schedule, after: Date, upTo: Date): boolean {
  const next = nextHandoffAt(s, after);
  return next !== null && next.getTime() <= upTo.getTime();
}
