// Human durations as responders type them: "30m", "2h", "1h30m", "90m", "1d", "45s".
import { ValidationError } from './errors.js';

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export function parseDuration(text: string): number {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  const match = DURATION.exec(compact);
  if (!compact || !match || match.slice(1).every((p) => p === undefined)) {
    throw new ValidationError(`"${text}" is not a duration: use forms like 30m, 2h or 1h30m.`, 'duration');
  }
  const [, d, h, m, s] = match;
  const ms =
    Number(d ?? 0) * UNIT_MS.d! + Number(h ?? 0) * UNIT_MS.h! + Number(m ?? 0) * UNIT_MS.m! + Number(s ?? 0) * UNIT_MS.s!;
  if (ms <= 0) throw new ValidationError('A duration must be longer than zero.', 'duration');
  return ms;
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))}s`;
  const totalMinutes = Math.round(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  return [days && `${days}d`, hours && `${hours}h`, minutes && `${minutes}m`].filter(Boolean).join(' ');
}
