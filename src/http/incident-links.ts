// Links to the incident page carry a signature, so the page (opened from Slack's View button,
// without our API token) cannot be browsed by guessing numbers.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class IncidentLinks {
  constructor(
    private readonly key: string,
    private readonly baseUrl: () => string,
  ) {}

  token(id: number): string {
    return createHmac('sha256', this.key).update(`incident:${id}`).digest('base64url').slice(0, 22);
  }

  url(id: number): string {
    return `${this.baseUrl()}/incidents/${id}?t=${this.token(id)}`;
  }

  verify(id: number, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(this.token(id));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
