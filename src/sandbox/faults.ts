// Fault injection for reliability tests: make a method fail with 5xx, hang, answer 429, or answer
// one of Slack's own errors (e.g. views.open → expired_trigger_id, as when the app was too slow), for
// a number of calls or until a time.

export type FaultKind = 'server_error' | 'timeout' | 'rate_limited' | 'slack_error';

export interface FaultRule {
  /** A Web API method, e.g. "chat.postMessage", "response_url" for posts to response URLs, or "*" for every method. */
  method: string;
  kind: FaultKind;
  /** HTTP status for server_error (default 503). */
  status?: number;
  /** The error slack_error answers with ({ ok: false, error }, HTTP 200), e.g. "expired_trigger_id". */
  error?: string;
  /** Retry-After seconds for rate_limited (default 1). */
  retryAfter?: number;
  /** How many calls to affect (default: all until `untilMs`, or 1 when neither is given). */
  calls?: number;
  /** Affect calls until this many milliseconds from now. */
  forMs?: number;
}

interface ActiveFault extends FaultRule {
  remaining: number;
  until: number;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  add(rule: FaultRule): void {
    const until = rule.forMs !== undefined ? this.now() + rule.forMs : Infinity;
    const remaining = rule.calls ?? (rule.forMs !== undefined ? Infinity : 1);
    this.rules.push({ ...rule, remaining, until });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, until, ...r }) => ({
      ...r,
      calls: Number.isFinite(remaining) ? remaining : undefined,
      forMs: Number.isFinite(until) ? Math.max(0, until - this.now()) : undefined,
    }));
  }

  /** The fault that applies to this call, if any (and spends it). */
  take(method: string): FaultRule | null {
    const now = this.now();
    this.rules = this.rules.filter((r) => r.remaining > 0 && r.until > now);
    const rule = this.rules.find((r) => r.method === method || r.method === '*');
    if (!rule) return null;
    rule.remaining -= 1;
    return rule;
  }
}
