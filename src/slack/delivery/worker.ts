// The dispatcher: delivers the outbox to Slack one call at a time per channel, in order (a reply
// never before its parent exists), at Slack's pace, with a bounded number of calls in flight. What
// each kind of row says is its deliverer's business (deliverers/); what a refusal means is the
// failure policy's (failure-policy.ts). Rows are marked done only after Slack accepted them, so a
// crash re-sends at most the calls that were in flight.
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../domain/ports.js';
import { isDatabaseBusy, retryWhileBusy } from '../../store/busy.js';
import type { DeliveryLeases } from '../../store/delivery-leases.js';
import type { OutboxKind, OutboxRow, ValidOutboxRow } from '../../store/outbox-messages.js';
import type { Workspace, WorkspaceRepo } from '../../store/workspace-repo.js';
import { classifySlackError } from '../errors.js';
import type { DeliveryContext, Deliverer, DelivererDeps } from './deliverers/context.js';
import { DELIVERERS } from './deliverers/index.js';
import { handleFailure } from './failures.js';
import { LaneLeases, type LaneLeaseOptions } from './lanes.js';
import { POST_PACE, Pacer, UPDATE_PACE, WORKSPACE_POST_PACE, type PaceRule } from './pace.js';

export interface DeliveryDeps extends DelivererDeps {
  workspaces: WorkspaceRepo;
  clientFor: (w: Workspace) => WebClient;
  clock: Clock;
  /** Mirror Slack's pace (default on). */
  pace?: boolean;
  maxInFlight?: number;
  /** Where the lanes' leases live, and this daemon's hold on them (several daemons share the outbox). */
  leases: DeliveryLeases;
  lanes?: LaneLeaseOptions;
}

const MIN_TICK_GAP_MS = 5;
/** After stop(), how long a write still waits for a locked database before the row is left for
 *  the next start (which sends it again: the same as a crash). */
const STOP_GRACE_MS = 5000;
/** Next look when the database was locked during a tick. */
const LOCKED_TICK_MS = 100;

const delivererFor = <K extends OutboxKind>(kind: K) => DELIVERERS[kind] as unknown as Deliverer<OutboxKind>;

export class DeliveryWorker {
  private readonly pacer: Pacer;
  private readonly lanes: LaneLeases;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking = false;
  private again = false;
  private lastTickAt = 0;
  private stoppedAt = 0;

  constructor(private readonly deps: DeliveryDeps) {
    this.pacer = new Pacer(deps.pace ?? true);
    this.lanes = new LaneLeases(deps.leases, deps.lanes);
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Finishes the calls in flight and hands the lanes over; pending rows stay for whichever daemon
   *  takes them (another one at once, or this one at its next start). */
  async stop(): Promise<void> {
    this.running = false;
    this.stoppedAt = Date.now();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
    await this.write(() => this.lanes.release()).catch((err: unknown) => this.deps.logger.warn({ err }, 'delivery leases not released; they run out by themselves'));
  }

  /** The lanes (workspaces) this daemon delivers now. */
  heldLanes(): { lane: string; expiresAt: number }[] {
    return this.lanes.heldLanes(this.deps.clock.now().getTime());
  }

  /** There may be new work: look now. */
  wake(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    // Under a burst of changes, look at most every few milliseconds rather than once per change.
    const sinceLast = Date.now() - this.lastTickAt;
    this.timer = setTimeout(() => this.tick(), sinceLast >= MIN_TICK_GAP_MS ? 0 : MIN_TICK_GAP_MS - sinceLast);
  }

  /** Delivers one row now, whatever its schedule (test-channel uses this to go through the same path). */
  async deliverNow(id: number): Promise<void> {
    const row = this.deps.outbox.get(id);
    if (!row) return;
    const ws = this.deps.workspaces.get(row.teamId);
    if (!ws) return this.park(row, 'workspace is no longer installed');
    await this.deliver(row, ws);
  }

  /** True when nothing is pending or in flight (for tests and benchmarks). */
  idle(): boolean {
    return this.inFlight.size === 0 && this.deps.outbox.pending(1).length === 0;
  }

  private tick(): void {
    this.timer = null;
    this.lastTickAt = Date.now();
    if (!this.running) return;
    this.ticking = true;
    let nextIn = 1000;
    try {
      nextIn = this.dispatch();
    } catch (err) {
      if (isDatabaseBusy(err)) nextIn = LOCKED_TICK_MS;
      else this.deps.logger.error({ err }, 'delivery tick failed');
    } finally {
      this.ticking = false;
    }
    if (!this.running) return;
    if (this.again) {
      this.again = false;
      nextIn = 0;
    }
    this.timer = setTimeout(() => this.tick(), Math.max(0, Math.min(nextIn, 1000)));
  }

  /** Starts every call that may go now (the next row of each channel); returns how long until something else may. */
  private dispatch(): number {
    const now = this.deps.clock.now().getTime();
    const max = this.deps.maxInFlight ?? 8;
    const workspaces = new Map(this.deps.workspaces.list().map((w) => [w.teamId, w]));
    // Another world's work (the sandbox's, or real Slack's while the sandbox runs) waits for its own daemon: not our lanes.
    const allHeads = this.deps.outbox.channelHeads();
    const lanes = new Set<string>();
    for (const teamId of new Set(allHeads.map((r) => r.teamId))) {
      if (workspaces.has(teamId) || !this.deps.workspaces.inOtherWorld(teamId)) lanes.add(teamId);
    }
    const heads = allHeads.filter((r) => lanes.has(r.teamId));
    let nextIn = Math.min(1000, this.lanes.refresh(lanes, now));
    for (const row of heads) {
      const key = `${row.teamId}:${row.channelId}`;
      if (this.inFlight.size >= max) return 50;
      if (this.inFlight.has(key)) continue;
      // Another daemon delivers this lane, or our lease is too close to its end for a call to start.
      if (!this.lanes.holds(row.teamId, now)) continue;
      const ws = workspaces.get(row.teamId);
      if (ws?.status === 'needs_attention') continue;
      if (row.nextAttemptAt > now) {
        nextIn = Math.min(nextIn, row.nextAttemptAt - now);
        continue;
      }
      const keys = ws && row.kind !== 'invalid' ? this.paceKeys(row) : [];
      const reserve = keys.length > 0 && row.kind !== 'invalid' ? delivererFor(row.kind).reserve?.(row, this.deps, now) : null;
      const wait = Math.max(0, ...keys.map((k) => this.pacer.waitMs(k.key, k.rule, now, reserve?.keep)));
      if (wait > 0) {
        nextIn = Math.min(nextIn, wait, reserve ? Math.max(0, reserve.until - now) : wait);
        continue;
      }
      for (const k of keys) this.pacer.take(k.key, k.rule, now);
      const job = (ws ? this.deliver(row, ws) : this.park(row, 'workspace is no longer installed'))
        .catch((err: unknown) => this.deps.logger.error({ err, outbox_id: row.id }, 'delivery failed unexpectedly'))
        .finally(() => {
          this.inFlight.delete(key);
          this.wake();
        });
      this.inFlight.set(key, job);
    }
    return nextIn;
  }

  private paceKeys(row: ValidOutboxRow): { key: string; rule: PaceRule }[] {
    return delivererFor(row.kind).method === 'chat.update'
      ? [{ key: `update:${row.teamId}`, rule: UPDATE_PACE }]
      : [
          { key: `post:${row.teamId}:${row.channelId}`, rule: POST_PACE },
          { key: `post:${row.teamId}`, rule: WORKSPACE_POST_PACE },
        ];
  }

  /** A row that cannot go (it does not validate, or its workspace is gone) fails with the reason; the channel moves on. */
  private async park(row: OutboxRow, reason: string): Promise<void> {
    this.deps.logger.error({ outbox_id: row.id, team_id: row.teamId, channel: row.channelId, reason }, 'outbox row parked');
    await this.write(() => this.deps.outbox.markFailed(row.id, reason, this.deps.clock.now().getTime()));
  }

  private async deliver(row: OutboxRow, ws: Workspace): Promise<void> {
    if (row.kind === 'invalid') return this.park(row, row.error);
    const started = Date.now();
    const client = this.deps.clientFor(ws);
    const deliverer = delivererFor(row.kind);
    const ctx: DeliveryContext<OutboxKind> = { row, ws, client, deps: this.deps, now: () => this.deps.clock.now().getTime(), write: (fn) => this.write(fn) };
    try {
      const outcome = await deliverer.deliver(ctx);
      if (outcome.status !== 'waiting') this.deps.metrics?.delivered(row.kind, deliverer.method, (ctx.now() - row.createdAt) / 1000);
    } catch (err) {
      if (isDatabaseBusy(err)) {
        // Only after stop(): the database stayed locked through the grace period.
        this.deps.logger.warn({ outbox_id: row.id }, 'database locked at shutdown; this message is sent again at the next start');
        return;
      }
      const failure = classifySlackError(err);
      this.deps.metrics?.failed(deliverer.method, failure.error);
      const env = { ...this.deps, now: ctx.now(), write: ctx.write, blockPace: (until: number) => this.pacer.block(this.paceKeys(row)[0]!.key, until) };
      await handleFailure(env, row, ws, client, failure);
    } finally {
      this.deps.metrics?.callSeconds(deliverer.method, (Date.now() - started) / 1000);
    }
  }

  /** Every write the dispatcher and deliverers make (mostly recording what Slack accepted) waits,
   *  without blocking the event loop, while another process holds the database's write lock: a
   *  delivered message is recorded once the lock goes rather than sent twice. Its channel stays busy meanwhile. */
  private write<T>(fn: () => T): Promise<T> {
    return retryWhileBusy(fn, () => !this.running && Date.now() - this.stoppedAt > STOP_GRACE_MS);
  }
}
