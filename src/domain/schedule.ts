// On-call schedules: a rotation of users with a start, a handoff time and a length (daily, weekly or
// N hours) in an IANA time zone, plus overrides for a window. Pure: who is on call at an instant,
// and when that changes. Daily and weekly handoffs follow the local clock across DST changes.
import { ValidationError } from './errors.js';
import { addLocalDays, assertTimeZone, daysBetween, fromLocal, toLocal, type LocalDateTime } from './time-zone.js';

export type RotationLength = { kind: 'daily' } | { kind: 'weekly' } | { kind: 'hours'; hours: number };

export interface Rotation {
  userIds: number[];
  /** First handoff date, local, YYYY-MM-DD. */
  start: string;
  /** Local time of each handoff, HH:MM. */
  handoff: string;
  length: RotationLength;
}

export interface ScheduleOverride {
  id: number;
  userId: number;
  startsAt: Date;
  endsAt: Date;
}

export interface Schedule {
  id: number;
  name: string;
  timeZone: string;
  rotation: Rotation;
  overrides: ScheduleOverride[];
}

export interface Shift {
  userId: number | null;
  /** When this person's time on call ends (the next handoff or override boundary). */
  until: Date;
  viaOverride: boolean;
}

export function parseLength(text: string): RotationLength {
  const t = text.trim().toLowerCase();
  if (t === 'daily' || t === '1d') return { kind: 'daily' };
  if (t === 'weekly' || t === '7d' || t === '1w') return { kind: 'weekly' };
  const m = /^(\d+)h$/.exec(t);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 24 * 28) return { kind: 'hours', hours: Number(m[1]) };
  throw new ValidationError(`"${text}" is not a rotation length: use daily, weekly, or hours like 12h.`, 'length');
}

export function describeLength(l: RotationLength): string {
  return l.kind === 'hours' ? `${l.hours}h` : l.kind;
}

export function validateRotation(r: Rotation, timeZone: string): Rotation {
  assertTimeZone(timeZone);
  if (!r.userIds.length) throw new ValidationError('A rotation needs at least one user.', 'users');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.start) || Number.isNaN(Date.parse(`${r.start}T00:00:00Z`))) {
    throw new ValidationError(`"${r.start}" is not a date (YYYY-MM-DD).`, 'start');
  }
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(r.handoff)) throw new ValidationError(`"${r.handoff}" is not a time of day (HH:MM).`, 'handoff');
  return r;
}

function startLocal(r: Rotation): LocalDateTime {
  const [y, mo, d] = r.start.split('-').map(Number) as [number, number, number];
  const [h, mi] = r.handoff.split(':').map(Number) as [number, number];
  return { year: y, month: mo, day: d, hour: h, minute: mi };
}

/** The rotation's shift at an instant: who, and until when (ignoring overrides). */
export function rotationShift(s: Pick<Schedule, 'rotation' | 'timeZone'>, at: Date): { userId: number | null; start: Date; end: Date } {
  const r = s.rotation;
  const first = startLocal(r);
  const firstAt = fromLocal(first, s.timeZone);
  if (at < firstAt) return { userId: null, start: new Date(0), end: firstAt };
  let index: number;
  let start: Date;
  let end: Date;
  if (r.length.kind === 'hours') {
    const span = r.length.hours * 3_600_000;
    index = Math.floor((at.getTime() - firstAt.getTime()) / span);
    start = new Date(firstAt.getTime() + index * span);
    end = new Date(start.getTime() + span);
  } else {
    const step = r.length.kind === 'daily' ? 1 : 7;
    const local = toLocal(at, s.timeZone);
    let days = daysBetween(first, local);
    // Before today's handoff, yesterday's shift is still on.
    if (at < fromLocal(addLocalDays(first, days), s.timeZone)) days -= 1;
    index = Math.floor(days / step);
    start = fromLocal(addLocalDays(first, index * step), s.timeZone);
    end = fromLocal(addLocalDays(first, (index + 1) * step), s.timeZone);
  }
  return { userId: r.userIds[index % r.userIds.length]!, start, end };
}

/** Who is on call at an instant, overrides included, and until when. */
export function onCallAt(s: Schedule, at: Date): Shift {
  const base = rotationShift(s, at);
  const active = s.overrides.find((o) => o.startsAt <= at && at < o.endsAt);
  const nextOverrideStart = s.overrides
    .filter((o) => o.startsAt > at)
    .reduce<Date | null>((min, o) => (!min || o.startsAt < min ? o.startsAt : min), null);
  if (active) {
    const until = new Date(Math.min(active.endsAt.getTime(), nextOverrideStart?.getTime() ?? Infinity));
    return { userId: active.userId, until, viaOverride: true };
  }
  const until = new Date(Math.min(base.end.getTime(), nextOverrideStart?.getTime() ?? Infinity));
  return { userId: base.userId, until, viaOverride: false };
}

/** The on-call person now, and at the next handoff. */
export function onCallNowAndNext(s: Schedule, at: Date): { now: Shift; next: Shift & { from: Date } } {
  const now = onCallAt(s, at);
  const next = onCallAt(s, now.until);
  return { now, next: { ...next, from: now.until } };
}
