// Delivers the outbox to Slack: one call at a time per channel, in order (a reply never before its
// parent exists), at Slack's pace, with Retry-After on 429, backoff on 5xx and network errors, and a
// durable outcome for everything else. Rows are marked done only after Slack accepted them, so a
// crash re-sends at most the calls that were in flight.
import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../domain/directory.js';
import type { IncidentService } from '../../domain/incident-service.js';
import type { Incident } from '../../domain/model.js';
import type { Clock } from '../../domain/ports.js';
import type { Logger } from '../../observability/logger.js';
import { isDatabaseBusy, retryWhileBusy } from '../../store/busy.js';
import type { OutboxRepo, OutboxRow } from '../../store/outbox-repo.js';
import type { Workspace, WorkspaceRepo } from '../../store/workspace-repo.js';
import { classifySlackError, explainSlackError, type SlackFailure } from '../errors.js';
import { DIGEST_MAX_INCIDENTS, renderDigest } from '../render/digest.js';
import { renderIncidentMessage, type RenderedMessage } from '../render/incident-message.js';
import { renderChangeMessage } from '../render/change-line.js';
import { escapeMrkdwn } from '../render/text.js';
import { TARGETS_PLACEHOLDER } from '../render/thread-reply.js';
import type { DeliveryMetrics } from './metrics.js';
import { POST_PACE, Pacer, UPDATE_PACE, WORKSPACE_POST_PACE, backoffMs, type PaceRule } from './pace.js';

export interface DeliveryDeps {
  outbox: OutboxRepo;
  workspaces: WorkspaceRepo;
  incidents: IncidentService;
  directory: Directory;
  clientFor: (w: Workspace) => WebClient;
  clock: Clock;
  logger: Logger;
  metrics?: DeliveryMetrics;
  incidentUrl: (id: number) => string;
  /** Mirror Slack's pace (default on). */
  pace?: boolean;
  maxInFlight?: number;
}

const version = (i: Incident) => i.updatedAt.getTime();
const MIN_TICK_GAP_MS = 5;
/** After stop(), how long a write still waits for a locked database before the row is left for
 *  the next start (which sends it again: the same as a crash). */
const STOP_GRACE_MS = 5000;
/** Next look when the database was locked during a tick. */
const LOCKED_TICK_MS = 100;

export class DeliveryWorker {
  private readonly pacer: Pacer;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking = false;
  private again = false;
  private lastTickAt = 0;
  private stoppedAt = 0;

  constructor(private readonly deps: DeliveryDeps) {
    this.pacer = new Pacer(deps.pace ?? true);
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Finishes the calls in flight; pending rows stay for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.stoppedAt = Date.now();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
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
    if (!ws) {
      await this.write(() => this.deps.outbox.markFailed(id, 'workspace is no longer installed', this.deps.clock.now().getTime()));
      return;
    }
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

  /** Starts every call that may go now; returns how long until something else may. */
  private dispatch(): number {
    const now = this.deps.clock.now().getTime();
    const max = this.deps.maxInFlight ?? 8;
    const workspaces = new Map(this.deps.workspaces.list().map((w) => [w.teamId, w]));
    const heads = new Map<string, OutboxRow>();
    for (const row of this.deps.outbox.channelHeads()) heads.set(`${row.teamId}:${row.channelId}`, row);
    let nextIn = 1000;
    for (const [key, row] of heads) {
      if (this.inFlight.size >= max) return 50;
      if (this.inFlight.has(key)) continue;
      const ws = workspaces.get(row.teamId);
      if (!ws) {
        // Another world's work (the sandbox's, or real Slack's while the sandbox runs) waits for its own daemon.
        if (this.deps.workspaces.inOtherWorld(row.teamId)) continue;
        this.deps.outbox.markFailed(row.id, 'workspace is no longer installed', now);
        continue;
      }
      if (ws.status === 'needs_attention') continue;
      if (row.nextAttemptAt > now) {
        nextIn = Math.min(nextIn, row.nextAttemptAt - now);
        continue;
      }
      const keys = this.paceKeys(row);
      const wait = Math.max(...keys.map((k) => this.pacer.waitMs(k.key, k.rule, now)));
      if (wait > 0) {
        nextIn = Math.min(nextIn, wait);
        continue;
      }
      for (const k of keys) this.pacer.take(k.key, k.rule, now);
      const job = this.deliver(row, ws)
        .catch((err: unknown) => this.deps.logger.error({ err, outbox_id: row.id }, 'delivery failed unexpectedly'))
        .finally(() => {
          this.inFlight.delete(key);
          this.wake();
        });
      this.inFlight.set(key, job);
    }
    return nextIn;
  }

  private paceKeys(row: OutboxRow): { key: string; rule: PaceRule }[] {
    return row.kind === 'update' || row.kind === 'digest_update'
      ? [{ key: `update:${row.teamId}`, rule: UPDATE_PACE }]
      : [
          { key: `post:${row.teamId}:${row.channelId}`, rule: POST_PACE },
          { key: `post:${row.teamId}`, rule: WORKSPACE_POST_PACE },
        ];
  }

  private async deliver(row: OutboxRow, ws: Workspace): Promise<void> {
    const started = Date.now();
    const client = this.deps.clientFor(ws);
    const method = row.kind === 'update' || row.kind === 'digest_update' ? 'chat.update' : 'chat.postMessage';
    try {
      const outcome = await this.call(row, ws, client);
      if (outcome !== 'waiting') {
        this.deps.metrics?.delivered(row.kind, method, (this.deps.clock.now().getTime() - row.createdAt) / 1000);
      }
    } catch (err) {
      if (isDatabaseBusy(err)) {
        // Only after stop(): the database stayed locked through the grace period.
        this.deps.logger.warn({ outbox_id: row.id }, 'database locked at shutdown; this message is sent again at the next start');
        return;
      }
      const failure = classifySlackError(err);
      this.deps.metrics?.failed(method, failure.error);
      await this.handleFailure(row, ws, client, failure);
    } finally {
      this.deps.metrics?.callSeconds(method, (Date.now() - started) / 1000);
    }
  }

  /** Every write the worker makes (mostly recording what Slack accepted) waits, without blocking
   *  the event loop, while another process holds the database's write lock: a delivered message is
   *  recorded once the lock goes rather than sent twice. Its channel stays busy meanwhile. */
  private write<T>(fn: () => T): Promise<T> {
    return retryWhileBusy(fn, () => !this.running && Date.now() - this.stoppedAt > STOP_GRACE_MS);
  }

  private render(incident: Incident, teamId: string): RenderedMessage {
    const service = this.safeService(incident.serviceSlug);
    return renderIncidentMessage(incident, { teamId, incidentUrl: this.deps.incidentUrl, service });
  }

  private safeService(slug: string) {
    try {
      return this.deps.directory.getService(slug);
    } catch {
      return null;
    }
  }

  private async call(row: OutboxRow, ws: Workspace, client: WebClient): Promise<'done' | 'waiting'> {
    const now = () => this.deps.clock.now().getTime();
    const outbox = this.deps.outbox;
    switch (row.kind) {
      case 'test': {
        await client.chat.postMessage({ channel: row.channelId, text: String(row.payload.text ?? 'Test message from OpsKnight'), unfurl_links: false });
        await this.write(() => outbox.markDone(row.id, now()));
        return 'done';
      }
      case 'post': {
        const backlog = outbox.pendingPosts(row.teamId, row.channelId);
        // Threshold 0 switches folding off.
        const threshold = ws.settings.digestThreshold;
        if (threshold > 0 && backlog.length >= Math.max(2, threshold)) return this.postDigest(backlog, ws, client);
        const incident = this.deps.incidents.get(row.incidentId!).incident;
        const message = this.render(incident, ws.teamId);
        const res = await client.chat.postMessage({ channel: row.channelId, ...message, unfurl_links: false, unfurl_media: false });
        await this.write(() => {
          outbox.messagePosted(incident.id, ws.teamId, String(res.channel ?? row.channelId), String(res.ts), version(incident));
          outbox.markDone(row.id, now());
        });
        return 'done';
      }
      case 'update': {
        const ref = outbox.message(row.incidentId!, ws.teamId);
        if (!ref) {
          await this.write(() => outbox.markFailed(row.id, 'the incident has no message in this workspace', now()));
          return 'done';
        }
        if (ref.digestId !== null) return this.updateDigest(row, ref.digestId, ws, client);
        if (!ref.ts) return this.waitForParent(row, ws);
        const incident = this.deps.incidents.get(row.incidentId!).incident;
        if (version(incident) > ref.renderedVersion) {
          const rendered = version(incident);
          await client.chat.update({ channel: ref.channelId, ts: ref.ts, ...this.render(incident, ws.teamId) });
          await this.write(() => outbox.messageRendered(incident.id, ws.teamId, rendered));
          // A change that landed while this call was out is sent by this same row, next round.
          if (version(this.deps.incidents.get(incident.id).incident) > rendered) {
            await this.write(() => outbox.retryLater(row.id, now(), 'newer state to render', false));
            return 'done';
          }
        }
        await this.write(() => outbox.markDone(row.id, now()));
        return 'done';
      }
      case 'digest_update':
        return this.updateDigest(row, row.digestId!, ws, client);
      case 'change': {
        const p = row.payload as { service: string; summary: string; source: string | null; at: number; links: { text: string; href: string }[] };
        const message = renderChangeMessage({ ...p, at: new Date(p.at) });
        await client.chat.postMessage({ channel: row.channelId, ...message, unfurl_links: false, unfurl_media: false });
        outbox.markDone(row.id, now());
        return 'done';
      }
      case 'reply': {
        const ref = outbox.message(row.incidentId!, ws.teamId);
        if (!ref) {
          await this.write(() => outbox.markFailed(row.id, 'the incident has no message in this workspace', now()));
          return 'done';
        }
        const digest = ref.digestId !== null ? outbox.digest(ref.digestId) : null;
        const parentTs = digest ? digest.ts : ref.ts;
        if (!parentTs) return this.waitForParent(row, ws);
        const text = await this.withMentions(String(row.payload.text ?? ''), row.payload.mentions, ws, client);
        await client.chat.postMessage({
          channel: digest ? digest.channelId : ref.channelId,
          thread_ts: parentTs,
          text: digest ? `#${row.incidentId}: ${text}` : text,
          reply_broadcast: row.payload.broadcast === true,
          unfurl_links: false,
        });
        await this.write(() => outbox.markDone(row.id, now()));
        return 'done';
      }
    }
  }

  private readonly slackIds = new Map<string, string | null>();

  /** Replaces the targets placeholder with Slack mentions (users.lookupByEmail), or names. */
  private async withMentions(text: string, mentions: unknown, ws: Workspace, client: WebClient): Promise<string> {
    if (!text.includes(TARGETS_PLACEHOLDER) || !Array.isArray(mentions)) return text;
    const parts: string[] = [];
    for (const m of mentions as { name: string; email: string | null; via?: string }[]) {
      let id: string | null = null;
      if (m.email) {
        const key = `${ws.teamId}:${m.email.toLowerCase()}`;
        if (!this.slackIds.has(key)) {
          try {
            this.slackIds.set(key, (await client.users.lookupByEmail({ email: m.email })).user?.id ?? null);
          } catch {
            this.slackIds.set(key, null);
          }
        }
        id = this.slackIds.get(key) ?? null;
      }
      parts.push(`${id ? `<@${id}>` : escapeMrkdwn(m.name)}${m.via ? ` (on call for ${escapeMrkdwn(m.via)})` : ''}`);
    }
    return text.replace(TARGETS_PLACEHOLDER, parts.join(', ') || 'the next responder');
  }

  /** The parent message is not posted yet: wait for it, unless it never will be. */
  private async waitForParent(row: OutboxRow, ws: Workspace): Promise<'waiting' | 'done'> {
    const now = this.deps.clock.now().getTime();
    const parentPending = row.incidentId !== null && this.deps.outbox.hasPendingPost(ws.teamId, row.incidentId);
    if (!parentPending) {
      await this.write(() => this.deps.outbox.markFailed(row.id, 'its incident message was never posted', now));
      return 'done';
    }
    await this.write(() => this.deps.outbox.retryLater(row.id, now + 500, 'waiting for the incident message', false));
    return 'waiting';
  }

  /** Folds a channel's backlog of new-incident posts into one digest message. */
  private async postDigest(backlog: OutboxRow[], ws: Workspace, client: WebClient): Promise<'done'> {
    const outbox = this.deps.outbox;
    const now = this.deps.clock.now().getTime();
    const rows = backlog.slice(0, DIGEST_MAX_INCIDENTS);
    const channelId = rows[0]!.channelId;
    const incidents = rows.map((r) => this.deps.incidents.get(r.incidentId!).incident);
    const digestId = await this.write(() => outbox.createDigest(ws.teamId, channelId, now));
    const res = await client.chat.postMessage({ channel: channelId, ...renderDigest(incidents, this.deps.incidentUrl), unfurl_links: false });
    const ts = String(res.ts);
    await this.write(() => {
      outbox.digestPosted(digestId, ts);
      for (const i of incidents) outbox.messagePosted(i.id, ws.teamId, channelId, ts, version(i), digestId);
      outbox.cancel(rows.map((r) => r.id));
    });
    this.deps.logger.info({ team_id: ws.teamId, channel: channelId, incidents: incidents.length }, 'alert storm: posts folded into a digest');
    this.deps.metrics?.folded(incidents.length);
    return 'done';
  }

  private async updateDigest(row: OutboxRow, digestId: number, ws: Workspace, client: WebClient): Promise<'done' | 'waiting'> {
    const outbox = this.deps.outbox;
    const digest = outbox.digest(digestId);
    if (!digest?.ts) return this.waitForParent(row, ws);
    const incidents = outbox.incidentsInDigest(digestId).map((id) => this.deps.incidents.get(id).incident);
    await client.chat.update({ channel: digest.channelId, ts: digest.ts, ...renderDigest(incidents, this.deps.incidentUrl) });
    await this.write(() => outbox.markDone(row.id, this.deps.clock.now().getTime()));
    return 'done';
  }

  private async handleFailure(row: OutboxRow, ws: Workspace, client: WebClient, f: SlackFailure): Promise<void> {
    const outbox = this.deps.outbox;
    const log = this.deps.logger;
    const now = this.deps.clock.now().getTime();
    const channelName = this.deps.workspaces.channelName(ws.teamId, row.channelId);
    const where = channelName ? `#${channelName} (${row.channelId})` : row.channelId;
    switch (f.kind) {
      case 'rate_limited': {
        const until = now + f.retryAfterSeconds * 1000;
        this.pacer.block(this.paceKeys(row)[0]!.key, until);
        await this.write(() => outbox.retryLater(row.id, until, 'ratelimited', false));
        this.deps.metrics?.rateLimited();
        log.warn({ team_id: ws.teamId, channel: row.channelId, retry_after_s: f.retryAfterSeconds }, 'Slack rate limited us; waiting');
        return;
      }
      case 'transient': {
        const at = now + backoffMs(row.attempts);
        await this.write(() => outbox.retryLater(row.id, at, f.error));
        log.warn({ team_id: ws.teamId, outbox_id: row.id, error: f.error, retry_in_ms: at - now }, 'Slack call failed; will retry');
        return;
      }
      case 'auth':
        // Nothing for this workspace can go until someone fixes the token; its rows wait, none are lost.
        await this.write(() => this.deps.workspaces.setStatus(ws.teamId, 'needs_attention', `${f.error}: ${explainSlackError(f.error)}`));
        log.error({ team_id: ws.teamId, error: f.error }, `workspace needs attention: ${explainSlackError(f.error)}`);
        return;
      case 'channel': {
        if (f.error === 'not_in_channel' && (await this.tryJoin(client, ws, row.channelId))) {
          await this.write(() => outbox.retryLater(row.id, now, 'joined the channel', false));
          return;
        }
        const fallback = ws.defaultChannel;
        const canFallBack = (row.kind === 'post' || row.kind === 'reply') && f.error !== 'not_in_channel' && fallback && fallback !== row.channelId;
        if (canFallBack && row.kind === 'post') {
          log.warn({ team_id: ws.teamId, channel: where, error: f.error, fallback }, `${explainSlackError(f.error, { channel: where })} Posting in the default channel instead.`);
          await this.write(() => outbox.moveToChannel(row.id, fallback));
          await this.write(() => outbox.retryLater(row.id, now, `${f.error} in ${where}; moved to the default channel`, false));
          return;
        }
        const message = explainSlackError(f.error, { channel: where });
        await this.write(() => outbox.markFailed(row.id, `${f.error}: ${message}`, now));
        log.error({ team_id: ws.teamId, channel: where, error: f.error, outbox_id: row.id }, message);
        return;
      }
      case 'invalid_payload':
        await this.write(() => outbox.markFailed(row.id, f.error, now));
        log.error({ team_id: ws.teamId, outbox_id: row.id, kind: row.kind, error: f.error, details: f.details, payload: row.payload }, 'Slack refused the message as invalid');
        return;
      case 'permanent':
        await this.write(() => outbox.markFailed(row.id, `${f.error}: ${explainSlackError(f.error, { channel: where })}`, now));
        log.error({ team_id: ws.teamId, outbox_id: row.id, error: f.error, details: f.details }, explainSlackError(f.error, { channel: where }));
        return;
    }
  }

  /** Public channels can be joined (needs channels:join); private ones need an /invite. */
  private async tryJoin(client: WebClient, ws: Workspace, channelId: string): Promise<boolean> {
    if (this.deps.workspaces.isPrivateChannel(ws.teamId, channelId) === true) return false;
    try {
      await client.conversations.join({ channel: channelId });
      this.deps.logger.info({ team_id: ws.teamId, channel: channelId }, 'joined the channel to post');
      return true;
    } catch {
      return false;
    }
  }
}
