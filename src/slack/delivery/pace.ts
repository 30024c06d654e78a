// Our own pacing, mirroring Slack's limits so we rarely meet a 429: about one post per second per
// channel with small bursts, chat.update at Tier 3 per workspace. A 429's Retry-After blocks the
// key until then. A call that can wait (a storm card's edit mid-storm) may keep some of the budget
// for others (each card's final edit), so those go at once when their moment comes.

interface Bucket {
  tokens: number;
  at: number;
}

export interface PaceRule {
  ratePerSecond: number;
  burst: number;
}

export const POST_PACE: PaceRule = { ratePerSecond: 1, burst: 3 };
/** Tier 3 is "50+ per minute; sporadic bursts are welcome" (https://docs.slack.dev/apis/web-api/rate-limits):
 *  a burst of 20 stays well inside a minute's 50, and leaves room to keep one edit for each storm card. */
export const UPDATE_PACE: PaceRule = { ratePerSecond: 50 / 60, burst: 20 };
/** Workspace-wide ceiling on posts ("several hundred a minute"). */
export const WORKSPACE_POST_PACE: PaceRule = { ratePerSecond: 10, burst: 100 };

/** Budget a call leaves for others, as long as it may wait: until `until` (ms), when it goes like any other. */
export interface PaceReserve {
  keep: number;
  until: number;
}

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly enabled = true) {}

  /** Milliseconds until a call under `key` may go (0: now) while leaving `keep` calls' worth for
   *  others (at most the burst less one, so it always goes in the end). */
  waitMs(key: string, rule: PaceRule, now: number, keep = 0): number {
    const blocked = this.blockedUntil.get(key) ?? 0;
    if (blocked > now) return blocked - now;
    if (!this.enabled) return 0;
    const b = this.refill(key, rule, now);
    const need = 1 + Math.max(0, Math.min(keep, rule.burst - 1));
    return b.tokens >= need ? 0 : Math.ceil(((need - b.tokens) / rule.ratePerSecond) * 1000);
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
