// Local wall-clock time in an IANA time zone, with Intl only. DST gaps and overlaps are handled as
// Temporal's "compatible" rule does: a local time that does not exist (spring forward) moves forward
// by the length of the gap; an ambiguous one (fall back) takes its first occurrence.
import { ValidationError } from './errors.js';

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function assertTimeZone(timeZone: string): string {
  try {
    formatter(timeZone).format(0);
    return timeZone;
  } catch {
    throw new ValidationError(`"${timeZone}" is not an IANA time zone (e.g. Europe/London, America/New_York, UTC).`, 'time_zone');
  }
}

export function toLocal(at: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second! };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
export function offsetMs(at: Date, timeZone: string): number {
  const l = toLocal(at, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

export function fromLocal(l: LocalDateTime, timeZone: string): Date {
  const wall = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  // Try the offsets in force just before and after this wall time; keep the earliest that maps back.
  const candidates = [offsetMs(new Date(wall - 36e5 * 26), timeZone), offsetMs(new Date(wall), timeZone), offsetMs(new Date(wall + 36e5 * 26), timeZone)];
  const matches = [...new Set(candidates)]
    .map((off) => new Date(wall - off))
    .filter((d) => {
      const b = toLocal(d, timeZone);
      return b.year === l.year && b.month === l.month && b.day === l.day && b.hour === l.hour && b.minute === l.minute;
    })
    .sort((a, b) => a.getTime() - b.getTime());
  if (matches.length) return matches[0]!;
  // In a DST gap: the wall time does not exist; read it with the offset from before the gap.
  const before = new Date(wall - Math.max(...candidates));
  const after = new Date(wall - Math.min(...candidates));
  return new Date(Math.max(before.getTime(), after.getTime()));
}

/** Adds calendar days to a local date (months and years roll over). */
export function addLocalDays(l: LocalDateTime, days: number): LocalDateTime {
  const d = new Date(Date.UTC(l.year, l.month - 1, l.day + days, l.hour, l.minute));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: l.hour, minute: l.minute };
}

export function daysBetween(a: LocalDateTime, b: LocalDateTime): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
