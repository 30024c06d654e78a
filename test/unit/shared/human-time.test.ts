// The wording people read wherever a time is shown (CLI, Slack fallbacks, the incident page, the sandbox).
import { describe, expect, it } from 'vitest';
import { exactTime, humanTime, localTime, relativeTime, spokenDuration } from '../../../src/shared/human-time.js';

const now = Date.parse('2026-11-30T16:40:00Z');
const minutes = (n: number) => now - n * 60_000;
const utc = { timeZone: 'UTC', locale: 'en-GB' };

describe('relativeTime', () => {
  it('says it as people do, singular included', () => {
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(minutes(1), now)).toBe('1 minute ago');
    expect(relativeTime(minutes(2), now)).toBe('2 minutes ago');
    expect(relativeTime(minutes(60), now)).toBe('1 hour ago');
    expect(relativeTime(minutes(150), now)).toBe('2 hours ago');
    expect(relativeTime(minutes(60 * 24), now)).toBe('1 day ago');
    expect(relativeTime(minutes(60 * 24 * 3), now)).toBe('3 days ago');
    expect(relativeTime(minutes(-25), now)).toBe('in 25 minutes');
    expect(relativeTime(minutes(-1), now)).toBe('in 1 minute');
  });

  it('has the short form of the docs’ thread replies', () => {
    expect(relativeTime(minutes(2), now, true)).toBe('2 min ago');
    expect(relativeTime(minutes(1), now, true)).toBe('1 min ago');
    expect(relativeTime(minutes(125), now, true)).toBe('2 hr ago');
    expect(relativeTime(minutes(60 * 50), now, true)).toBe('2 days ago');
  });
});

describe('localTime and humanTime', () => {
  it('shows the clock time in the reader’s zone, with the date only when it is not today', () => {
    const at = Date.parse('2026-11-30T16:37:26Z');
    expect(localTime(at, now, utc)).toBe('16:37');
    expect(localTime(at, now, { timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe('01:37');
    expect(localTime(Date.parse('2026-11-28T09:05:00Z'), now, utc)).toBe('28 Nov, 09:05');
    expect(localTime(Date.parse('2025-11-28T09:05:00Z'), now, utc)).toBe('28 Nov 2025, 09:05');
    expect(humanTime(at, now, utc)).toBe('2 minutes ago (16:37)');
  });

  it('gives the exact time with its zone', () => {
    expect(exactTime(Date.parse('2026-11-30T16:37:26Z'), { timeZone: 'UTC', locale: 'en-US' })).toBe('Mon, Nov 30, 2026, 04:37:26 PM UTC');
  });
});

describe('spokenDuration', () => {
  it('reads like a sentence', () => {
    expect(spokenDuration(45_000)).toBe('45 seconds');
    expect(spokenDuration(60_000)).toBe('1 minute');
    expect(spokenDuration(125 * 60_000)).toBe('2 hours 5 minutes');
    expect(spokenDuration(2 * 3_600_000)).toBe('2 hours');
    expect(spokenDuration((24 * 3 + 4) * 3_600_000)).toBe('3 days 4 hours');
  });
});
