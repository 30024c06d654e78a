// What only the daemon knows, for `doctor`: per Slack endpoint the last request that verified, the
// recent signature failures, Socket Mode's state, INACTIVE users refused when they clicked, and
// Slack's recent 429s.
// In memory, except the last verified time per endpoint, saved at most once a minute (it answers
// "no request from Slack in 7 days" across restarts).
import type { VerifyResult } from '../slack/verify-signature.js';

const HOUR_MS = 3_600_000;
const SAVE_EVERY_MS = 60_000;
const MAX_FAILURES = 10_000;
const MAX_REFUSED = 50;

/** The daemon's facts as GET /api/doctor returns them (snake_case, ISO times). */
export interface DaemonFacts {
  instance_id: string;
  version: string;
  pid: number;
  started_at: string;
  slack_requests: {
    endpoints: { path: string; last_verified_at: string | null }[];
    failures_last_hour: { total: number; by_reason: Record<string, number>; last_at: string | null };
  };
  socket_mode: { configured: boolean; connected: boolean; since: string | null; last_error: string | null };
  refused_inactive: { email: string; slack_user: string; at: string }[];
  /** Slack's 429 answers to our calls in the last hour. */
  rate_limited_last_hour: number;
}

export interface SeenStore {
  load(): Map<string, number>;
  save(endpoint: string, at: number): void;
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

export class SlackRequestLog {
  private readonly lastVerified: Map<string, number>;
  private readonly savedAt = new Map<string, number>();
  private failures: { at: number; reason: string }[] = [];
  private rateLimits: number[] = [];
  private readonly refused = new Map<string, { slackUser: string; at: number }>();
  private socket = { configured: false, connected: false, since: null as number | null, lastError: null as string | null };
  private readonly startedAt: number;

  constructor(
    readonly instanceId: string,
    readonly version: string,
    private readonly now: () => number = Date.now,
    private readonly store?: SeenStore,
  ) {
    this.startedAt = now();
    this.lastVerified = store?.load() ?? new Map();
  }

  /** Called once per Slack request, when its signature check is done. */
  record(path: string, result: VerifyResult): void {
    const at = this.now();
    if (result.ok) {
      this.lastVerified.set(path, at);
      if (this.store && at - (this.savedAt.get(path) ?? -Infinity) >= SAVE_EVERY_MS) {
        try {
          this.store.save(path, at);
          this.savedAt.set(path, at);
        } catch {
          // The database is busy (another process holds its lock): a record never fails a request;
          // the next verified request saves it.
        }
      }
      return;
    }
    this.failures.push({ at, reason: result.reason });
    if (this.failures.length > MAX_FAILURES) this.failures = this.failures.slice(-MAX_FAILURES / 2);
  }

  refusedInactive(email: string, slackUser: string): void {
    this.refused.delete(email);
    this.refused.set(email, { slackUser, at: this.now() });
    if (this.refused.size > MAX_REFUSED) this.refused.delete(this.refused.keys().next().value!);
  }

  /** Slack answered one of our calls with 429. */
  rateLimited(): void {
    this.rateLimits.push(this.now());
    if (this.rateLimits.length > MAX_FAILURES) this.rateLimits = this.rateLimits.slice(-MAX_FAILURES / 2);
  }

  socketConfigured(): void {
    this.socket.configured = true;
  }

  socketState(connected: boolean, error: string | null = null): void {
    if (connected !== this.socket.connected || this.socket.since === null) this.socket.since = this.now();
    this.socket.connected = connected;
    if (error) this.socket.lastError = error;
  }

  facts(): DaemonFacts {
    const now = this.now();
    this.failures = this.failures.filter((f) => now - f.at <= HOUR_MS);
    this.rateLimits = this.rateLimits.filter((at) => now - at <= HOUR_MS);
    const byReason: Record<string, number> = {};
    for (const f of this.failures) byReason[f.reason] = (byReason[f.reason] ?? 0) + 1;
    return {
      instance_id: this.instanceId,
      version: this.version,
      pid: process.pid,
      started_at: new Date(this.startedAt).toISOString(),
      slack_requests: {
        endpoints: [...this.lastVerified].map(([path, at]) => ({ path, last_verified_at: iso(at) })),
        failures_last_hour: { total: this.failures.length, by_reason: byReason, last_at: iso(this.failures.at(-1)?.at) },
      },
      socket_mode: { configured: this.socket.configured, connected: this.socket.connected, since: iso(this.socket.since), last_error: this.socket.lastError },
      refused_inactive: [...this.refused].map(([email, r]) => ({ email, slack_user: r.slackUser, at: iso(r.at)! })).reverse(),
      rate_limited_last_hour: this.rateLimits.length,
    };
  }
}
