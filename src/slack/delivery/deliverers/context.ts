// What every deliverer gets (the row, its workspace and client, the store) and what it answers: a
// typed outcome the dispatcher counts. A deliverer records a row done only after Slack accepted it.
import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../../domain/directory.js';
import type { IncidentService } from '../../../domain/incident-service.js';
import type { Incident } from '../../../domain/model.js';
import type { Logger } from '../../../observability/logger.js';
import type { OutboxKind, OutboxRowOf } from '../../../store/outbox-messages.js';
import type { OutboxRepo } from '../../../store/outbox-repo.js';
import type { Workspace } from '../../../store/workspace-repo.js';
import type { WorkflowRepo } from '../../../store/workflow-repo.js';
import { renderIncidentMessage, type RenderedMessage } from '../../render/incident-message.js';
import type { SlackUsers } from '../../slack-users.js';
import type { DeliveryMetrics } from '../metrics.js';
import type { PaceReserve } from '../pace.js';

export type DeliveryOutcome =
  /** Slack accepted the call; the row is done (or, for an update overtaken by newer state, due again). */
  | { status: 'delivered' }
  /** Its parent message is not posted yet; the row looks again shortly. */
  | { status: 'waiting' }
  /** Nothing to send (its message is gone or never posted); the row failed with the reason. */
  | { status: 'dropped'; reason: string };

/** The parts of the daemon deliverers use. */
export interface DelivererDeps {
  outbox: OutboxRepo;
  incidents: IncidentService;
  directory: Directory;
  users: SlackUsers;
  logger: Logger;
  metrics?: DeliveryMetrics;
  incidentUrl: (id: number) => string;
  /** The signed link to a storm's page (none: the card names the page without a link). */
  stormUrl?: (digestId: number) => string;
  /** Workflow rules and incident channels (workflow deliverers); HTTP for webhook triggers. */
  workflows?: WorkflowRepo;
  fetch?: typeof fetch;
}

export interface DeliveryContext<K extends OutboxKind> {
  row: OutboxRowOf<K>;
  ws: Workspace;
  client: WebClient;
  deps: DelivererDeps;
  now(): number;
  /** Every store write goes through here: it waits, without blocking, while the database is locked. */
  write<T>(fn: () => T): Promise<T>;
}

export interface Deliverer<K extends OutboxKind> {
  /** The Slack method it calls (pacing and metrics go by it). */
  method: 'chat.postMessage' | 'chat.update' | 'conversations.create' | 'conversations.archive' | 'conversations.open' | 'workflow_trigger' | 'usergroups.users.update';
  deliver(ctx: DeliveryContext<K>): Promise<DeliveryOutcome>;
  /** For a call that can wait: how much of its method's budget it leaves for others, and until when
   *  (none: it goes as soon as the budget allows). */
  reserve?(row: OutboxRowOf<K>, deps: DelivererDeps, now: number): PaceReserve | null;
}

export type DelivererTable = { [K in OutboxKind]: Deliverer<K> };

export const version = (i: Incident) => i.updatedAt.getTime();

export function renderIncident(deps: DelivererDeps, incident: Incident, teamId: string): RenderedMessage {
  let service = null;
  try {
    service = deps.directory.getService(incident.serviceSlug);
  } catch {
    // A deleted service still renders (without its details).
  }
  return renderIncidentMessage(incident, { teamId, incidentUrl: deps.incidentUrl, service });
}

/** Records the row done (with whatever else Slack's answer lets us record, in the same write). */
export async function delivered<K extends OutboxKind>(ctx: DeliveryContext<K>, record?: () => void): Promise<DeliveryOutcome> {
  await ctx.write(() => {
    record?.();
    ctx.deps.outbox.markDone(ctx.row.id, ctx.now());
  });
  return { status: 'delivered' };
}

export async function dropped<K extends OutboxKind>(ctx: DeliveryContext<K>, reason: string): Promise<DeliveryOutcome> {
  await ctx.write(() => ctx.deps.outbox.markFailed(ctx.row.id, reason, ctx.now()));
  return { status: 'dropped', reason };
}

/** The parent message is not posted yet: wait for it, unless it never will be. */
export async function waitForParent<K extends OutboxKind>(ctx: DeliveryContext<K>, incidentId: number | null): Promise<DeliveryOutcome> {
  const { outbox } = ctx.deps;
  if (incidentId === null || !outbox.hasPendingPost(ctx.ws.teamId, ctx.row.channelId, incidentId)) return dropped(ctx, 'its incident message was never posted');
  await ctx.write(() => outbox.retryLater(ctx.row.id, ctx.now() + 500, 'waiting for the incident message', false));
  return { status: 'waiting' };
}
