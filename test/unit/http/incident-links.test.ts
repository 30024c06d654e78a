import { describe, expect, it } from 'vitest';
import { IncidentLinks } from '../../../src/http/incident-links.js';

const DAY = 86_400_000;

function setup(ttlMs = 30 * DAY) {
  let now = Date.parse('2026-11-30T12:00:00Z');
  let key = 'first-key';
  const links = new IncidentLinks(() => key, () => 'https://ops.example.com', ttlMs, () => now);
  const parts = (url: string) => {
    const u = new URL(url);
    return [u.searchParams.get('e'), u.searchParams.get('t')] as const;
  };
  return { links, parts, advance: (ms: number) => (now += ms), rotate: () => (key = 'second-key') };
}

describe('signed incident page links', () => {
  it('work for 30 days by default, then are expired', () => {
    const { links, parts, advance } = setup();
    const [e, t] = parts(links.url(42));
    expect(links.check(42, e, t)).toBe('valid');
    advance(30 * DAY - 60_000);
    expect(links.check(42, e, t)).toBe('valid');
    advance(2 * 60_000);
    expect(links.check(42, e, t)).toBe('expired');
  });

  it('the expiry is signed: moving it, or using the link for another incident, makes it invalid', () => {
    const { links, parts } = setup();
    const [e, t] = parts(links.url(42));
    expect(links.check(42, String(Number(e) + 86_400), t)).toBe('invalid');
    expect(links.check(43, e, t)).toBe('invalid');
    expect(links.check(42, undefined, t)).toBe('invalid');
  });

  it('a new key invalidates every link made before it', () => {
    const { links, parts, rotate } = setup();
    const [e, t] = parts(links.url(42));
    rotate();
    expect(links.check(42, e, t)).toBe('invalid');
    const [e2, t2] = parts(links.url(42));
    expect(links.check(42, e2, t2)).toBe('valid');
  });

  it('the lifetime is configurable', () => {
    const { links, parts, advance } = setup(12 * 3_600_000);
    const [e, t] = parts(links.url(7));
    advance(13 * 3_600_000);
    expect(links.check(7, e, t)).toBe('expired');
  });
});
