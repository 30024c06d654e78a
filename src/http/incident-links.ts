// Links to the incident page carry a signature, so the page (opened from Slack's View button,
// without our API token) cannot be browsed by guessing numbers. The expiry is part of what is
// signed; a new key (`config rotate-link-key`) invalidates every link made before it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_LINK_TTL_MS = 30 * 86_400_000;

export type LinkCheck = 'valid' | 'expired' | 'invalid';

export class IncidentLinks {
  constructor(
    /** The signing key, read on each use: it can be rotated while the daemon runs. */
    private readonly key: () => string,
    private readonly baseUrl: () => string,
    private readonly ttlMs: number = DEFAULT_LINK_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private sign(subject: string, expires: number): string {
    return createHmac('sha256', this.key()).update(`${subject}:${expires}`).digest('base64url').slice(0, 22);
  }

  url(id: number): string {
    const expires = Math.floor((this.now() + this.ttlMs) / 1000);
    return `${this.baseUrl()}/incidents/${id}?e=${expires}&t=${this.sign(`incident:${id}`, expires)}`;
  }

  /** The storm page's link (a storm card's "and 9,950 more"), signed and expiring the same way. */
  stormUrl(stormId: number): string {
    const expires = Math.floor((this.now() + this.ttlMs) / 1000);
    return `${this.baseUrl()}/storms/${stormId}?e=${expires}&t=${this.sign(`storm:${stormId}`, expires)}`;
  }

  checkStorm(stormId: number, expiresText: unknown, token: unknown): LinkCheck {
    return this.checkSubject(`storm:${stormId}`, expiresText, token);
  }

  check(id: number, expiresText: unknown, token: unknown): LinkCheck {
    return this.checkSubject(`incident:${id}`, expiresText, token);
  }

  private checkSubject(subject: string, expiresText: unknown, token: unknown): LinkCheck {
    if (typeof token !== 'string' || typeof expiresText !== 'string' || !/^\d{1,12}$/.test(expiresText)) return 'invalid';
    const expires = Number(expiresText);
    const expected = Buffer.from(this.sign(subject, expires));
    const given = Buffer.from(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return expires * 1000 > this.now() ? 'valid' : 'expired';
  }
}
