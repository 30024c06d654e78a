// Times as people read them (CLI tables and `show`, Slack fallbacks, the incident page, the sandbox
// UI): how long ago, plus the clock time in the reader's zone. Scripts get ISO instead (`--json`).
// Pure: "now" is always passed in. Each function is self-contained (no imports, no module state)
// because the browser pages embed them as they are (fn.toString()): one copy of the wording.

export interface ClockStyle {
  /** IANA zone; default the reader's (the process's, or the browser's). */
  timeZone?: string;
  /** BCP 47 locale; default the reader's. */
  locale?: string;
}

/** "just now", "1 minute ago", "5 minutes ago", "2 hours ago", "3 days ago", "in 25 minutes";
 *  short: "2 min ago", "1 hr ago" (the thread-reply form of the docs). */
export function relativeTime(atMs: number, nowMs: number, short?: boolean): string {
  const secs = Math.round((nowMs - atMs) / 1000);
  const future = secs < 0;
  const s = Math.abs(secs);
  if (s < 45) return future ? 'in a few seconds' : 'just now';
  const units: [number, string, string][] = [
    [86400, 'day', 'day'],
    [3600, 'hour', 'hr'],
    [60, 'minute', 'min'],
  ];
  let n = 1;
  let unit = 'minute';
  for (const [size, long, abbr] of units) {
    if (s >= size) {
      n = Math.max(1, Math.floor(s / size));
      unit = short && long !== 'day' ? abbr : long;
      break;
    }
  }
  const words = `${n} ${unit}${n === 1 || unit === 'min' || unit === 'hr' ? '' : 's'}`;
  return future ? `in ${words}` : `${words} ago`;
}

/** The clock time, with the date only when it is not today: "14:02", "Nov 28, 14:02", "Nov 28, 2025, 14:02". */
export function localTime(atMs: number, nowMs: number, style?: ClockStyle): string {
  const zone = style && style.timeZone ? { timeZone: style.timeZone } : {};
  const locale = style && style.locale ? style.locale : undefined;
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  const time = new Intl.DateTimeFormat(locale, { ...zone, hour: '2-digit', minute: '2-digit' }).format(atMs);
  if (day(atMs) === day(nowMs)) return time;
  const sameYear = day(atMs).slice(0, 4) === day(nowMs).slice(0, 4);
  const date = new Intl.DateTimeFormat(locale, { ...zone, month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(atMs);
  return `${date}, ${time}`;
}

/** Relative plus local: "5 minutes ago (14:02)", "in 25 minutes (14:30)". */
export function humanTime(atMs: number, nowMs: number, style?: ClockStyle): string {
  return `${relativeTime(atMs, nowMs)} (${localTime(atMs, nowMs, style)})`;
}

/** The exact time with its zone, for a hover or a detail line: "Mon, Nov 30, 2026, 14:02:05 UTC". */
export function exactTime(atMs: number, style?: ClockStyle): string {
  return new Intl.DateTimeFormat(style && style.locale ? style.locale : undefined, {
    ...(style && style.timeZone ? { timeZone: style.timeZone } : {}),
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(atMs);
}

/** A duration as people say it: "45 seconds", "1 minute", "2 hours 5 minutes", "3 days 4 hours". */
export function spokenDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  const m = Math.round(s / 60);
  if (m < 60) return plural(m, 'minute');
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  if (d) return h ? `${plural(d, 'day')} ${plural(h, 'hour')}` : plural(d, 'day');
  return rest ? `${plural(h, 'hour')} ${plural(rest, 'minute')}` : plural(h, 'hour');
}
