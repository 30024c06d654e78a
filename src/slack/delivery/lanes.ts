// Which lanes of the outbox (a lane is a workspace) this daemon delivers. Several daemons share one
// database: each lane is delivered by the daemon holding its lease (store/delivery-leases.ts), so
// each row goes out once, in order per channel, at one workspace's pace. Leases are renewed at a
// third of their length; a daemon starts a Slack call only while its lease has at least a third
// left, so a lease never runs out under a call that a renewal could have covered. A lane whose
// holder died passes to another daemon when the lease runs out; one released at a clean shutdown,
// at the next look (within a second).
import { randomUUID } from 'node:crypto';
import { isDatabaseBusy } from '../../store/busy.js';
import type { DeliveryLeases, LaneLease } from '../../store/delivery-leases.js';

/** Default lease length: a dead daemon's lanes move on within this (plus a second). */
export const DEFAULT_LEASE_MS = 15_000;
/** How often a daemon looks whether a lane it waits for has become free. */
const PEEK_MS = 1000;

export interface LaneLeaseOptions {
  /** Who holds the leases: one id per running daemon. */
  owner?: string;
  leaseMs?: number;
}

export class LaneLeases {
  readonly owner: string;
  readonly leaseMs: number;
  /** Lanes held, and until when (this daemon's clock time, as written in the database). */
  private readonly held = new Map<string, number>();
  /** Lanes other daemons hold, as last seen. */
  private readonly others = new Map<string, LaneLease>();
  private renewAt = -Infinity;
  private peekAt = -Infinity;

  constructor(
    private readonly store: DeliveryLeases,
    options: LaneLeaseOptions = {},
  ) {
    this.owner = options.owner ?? randomUUID();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Renews what is held and takes what is free among `lanes` (those with work waiting), when due.
   *  Returns how long until it wants to look again. A locked database keeps what is held: the next
   *  tick tries again, and calls stop when too little of a lease is left. */
  refresh(lanes: Iterable<string>, now: number): number {
    const waiting = [...lanes].filter((l) => !this.held.has(l));
    if (waiting.length && now >= this.peekAt) {
      this.peekAt = now + PEEK_MS;
      try {
        this.learn(this.store.all());
      } catch (err) {
        if (!isDatabaseBusy(err)) throw err;
      }
    }
    const free = waiting.filter((l) => (this.others.get(l)?.expiresAt ?? -Infinity) <= now);
    if ((now >= this.renewAt && this.held.size) || free.length) {
      try {
        this.learn(this.store.claim(this.owner, free, now, this.leaseMs));
        this.renewAt = now + this.leaseMs / 3;
      } catch (err) {
        if (!isDatabaseBusy(err)) throw err;
      }
    }
    const next = Math.min(this.held.size ? this.renewAt : Infinity, waiting.length ? this.peekAt : Infinity);
    return Math.max(0, next - now);
  }

  /** Whether a Slack call for this lane may start now: held, with a third of the lease still to run. */
  holds(lane: string, now: number): boolean {
    return (this.held.get(lane) ?? -Infinity) - now >= this.leaseMs / 3;
  }

  /** The lanes this daemon holds now, for /metrics and doctor. */
  heldLanes(now: number): { lane: string; expiresAt: number }[] {
    return [...this.held].filter(([, at]) => at > now).map(([lane, expiresAt]) => ({ lane, expiresAt }));
  }

  /** A clean shutdown: the lanes go to another daemon at once rather than when the leases run out. */
  release(): void {
    if (!this.held.size) return;
    this.store.release(this.owner);
    this.held.clear();
    this.renewAt = -Infinity;
  }

  private learn(leases: LaneLease[]): void {
    this.held.clear();
    this.others.clear();
    for (const l of leases) {
      if (l.owner === this.owner) this.held.set(l.lane, l.expiresAt);
      else this.others.set(l.lane, l);
    }
  }
}
