// Slack's rate limits (https://docs.slack.dev/apis/web-api/rate-limits): per-method tiers per
// workspace, and the special chat.postMessage rule of about one message per second per channel with
// short bursts (https://docs.slack.dev/reference/methods/chat.postMessage).

export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIER_PER_MINUTE | 'special';

export const METHOD_TIERS: Record<string, Tier> = {
  'chat.postMessage': 'special',
  'chat.update': 3,
  'chat.postEphemeral': 4,
  'chat.getPermalink': 'special',
  'conversations.list': 2,
  'conversations.info': 3,
  'conversations.join': 3,
  'users.info': 4,
  'users.list': 2,
  'api.test': 4,
  'users.lookupByEmail': 3,
  'views.open': 4,
  'views.update': 4,
  'views.push': 4,
  'auth.test': 'special',
  'oauth.v2.access': 'special',
  'apps.connections.open': 1,
};

/** chat.postMessage: one per second per channel, bursts of a few; several hundred a minute per workspace. */
export const POST_PER_CHANNEL_PER_SECOND = 1;
export const POST_CHANNEL_BURST = 3;
export const POST_WORKSPACE_PER_MINUTE = 600;
/** "Special" methods such as auth.test allow hundreds a minute. */
export const SPECIAL_PER_MINUTE = 600;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  enabled: boolean;
  /** Counts of 429 answers given, by method. */
  readonly limited = new Map<string, number>();

  constructor(
    enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = enabled;
  }

  /** Takes one call's worth; returns null when allowed, else the seconds to wait (Retry-After). */
  take(method: string, teamId: string, channel?: string): number | null {
    if (!this.enabled) return null;
    const checks: [string, number, number][] = [];
    const tier = METHOD_TIERS[method] ?? 3;
    if (method === 'chat.postMessage') {
      if (channel) checks.push([`post:${teamId}:${channel}`, POST_PER_CHANNEL_PER_SECOND, POST_CHANNEL_BURST]);
      checks.push([`post:${teamId}`, POST_WORKSPACE_PER_MINUTE / 60, POST_WORKSPACE_PER_MINUTE / 6]);
    } else if (tier === 'special') {
      checks.push([`${method}:${teamId}`, SPECIAL_PER_MINUTE / 60, SPECIAL_PER_MINUTE / 6]);
    } else {
      const perMinute = TIER_PER_MINUTE[tier];
      checks.push([`${method}:${teamId}`, perMinute / 60, perMinute]);
    }
    // Refuse without spending anything if any bucket is empty.
    let wait = 0;
    const now = this.now();
    const states = checks.map(([key, rate, capacity]) => {
      const b = this.refill(key, rate, capacity, now);
      if (b.tokens < 1) wait = Math.max(wait, (1 - b.tokens) / rate);
      return b;
    });
    if (wait > 0) {
      this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
      return Math.max(1, Math.ceil(wait));
    }
    for (const b of states) b.tokens -= 1;
    return null;
  }

  reset(): void {
    this.buckets.clear();
  }

  private refill(key: string, ratePerSecond: number, capacity: number, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: capacity, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * ratePerSecond);
    b.at = now;
    return b;
  }
}
