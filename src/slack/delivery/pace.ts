// Our own pacing, mirroring Slack's limits so we rarely meet a 429: about one post per second per
// channel with small bursts, chat.update at Tier 3 per workspace. A 429's Retry-After blocks the
// key until then.

interface Bucket {
  tokens: number;
  at: number;
}

export interface PaceRule {
  ratePerSecond: number;
  burst: number;
}

export const POST_PACE: PaceRule = { ratePerSecond: 1, burst: 3 };
export const UPDATE_PACE: PaceRule = { ratePerSecond: 50 / 60, burst: 10 };
/** Workspace-wide ceiling on posts ("several hundred a minute"). */
export const WORKSPACE_POST_PACE: PaceRule = { ratePerSecond: 10, burst: 100 };

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly enabled = true) {}

  /** Milliseconds until a call under `key` may go (0: now). */
  waitMs(key: string, rule: PaceRule, now: number): number {
    const blocked = this.blockedUntil.get(key) ?? 0;
    if (blocked > now) return blocked - now;
    if (!this.enabled) return 0;
    const b = this.refill(key, rule, now);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / rule.ratePerSecond) * 1000);
  }

  take(key: string, rule: PaceRule, now: number): void {
    if (!this.enabled) return;
    this.refill(key, rule, now).tokens -= 1;
  }

  block(key: string, until: number): void {
    this.blockedUntil.set(key, Math.max(until, this.blockedUntil.get(key) ?? 0));
  }

  private refill(key: string, rule: PaceRule, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { tokens: rule.burst, at: now }));
    b.tokens = Math.min(rule.burst, b.tokens + ((now - b.at) / 1000) * rule.ratePerSecond);
    b.at = now;
    return b;
  }
}

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s … up to 5 minutes. */
export function backoffMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
