// Links to the incident page carry a signature, so the page (opened from Slack's View button,
// without our API token) cannot be browsed by guessing numbers.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class IncidentLinks {
  constructor(
    private readonly key: string,
    private readonly baseUrl: () => string,
  ) {}

  token(id: number): string {
    return this.sign(`incident:${id}`);
  }

  /** The storm page's link (a storm card's "and 9,950 more"), signed the same way. */
  stormUrl(stormId: number): string {
    return `${this.baseUrl()}/storms/${stormId}?t=${this.sign(`storm:${stormId}`)}`;
  }

  verifyStorm(stormId: number, token: unknown): boolean {
    return this.matches(this.sign(`storm:${stormId}`), token);
  }

  private sign(subject: string): string {
    return createHmac('sha256', this.key).update(subject).digest('base64url').slice(0, 22);
  }

  private matches(expectedToken: string, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(expectedToken);
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  url(id: number): string {
    return `${this.baseUrl()}/incidents/${id}?t=${this.token(id)}`;
  }

  verify(id: number, token: unknown): boolean {
    return this.matches(this.token(id), token);
  }
}
