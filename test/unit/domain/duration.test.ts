import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/domain/duration.js';

describe('durations', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['90m', 90 * 60_000],
    ['2h30m', 150 * 60_000],
    ['1d', 86_400_000],
    [' 1H 30M ', 90 * 60_000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'soon', '30', 'm', '0m', '-5m', '1.5h'])('refuses %j with a hint', (text) => {
    expect(() => parseDuration(text)).toThrow(/30m|longer than zero/);
  });

  it('formats durations for people', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h 30m');
    expect(formatDuration(26 * 3_600_000)).toBe('1d 2h');
    expect(formatDuration(45_000)).toBe('45s');
  });
});
