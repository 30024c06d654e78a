// What each workflow deliverer gets (its row, workspace, client, the store) and the helpers they
// share: record the row done, drop it with a reason, or refuse a feature whose scopes are missing
// (the rule is marked refused with the explanation, and the log says what to do).
import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../../domain/directory.js';
import type { IncidentService } from '../../../domain/incident-service.js';
import type { Incident } from '../../../domain/model.js';
import type { Logger } from '../../../observability/logger.js';
import type { OutboxRepo, OutboxRow } from '../../../store/outbox-repo.js';
import type { WorkflowRepo } from '../../../store/workflow-repo.js';
import type { Workspace } from '../../../store/workspace-repo.js';
import { renderIncidentMessage, type RenderedMessage } from '../../render/incident-message.js';
import { missingFor, refusalFor, type ScopedFeature } from '../../scopes.js';

export interface WorkflowDeliveryDeps {
  workflows: WorkflowRepo;
  outbox: OutboxRepo;
  incidents: IncidentService;
  directory: Directory;
  logger: Logger;
  incidentUrl: (id: number) => string;
  /** The chat user with this e-mail (users.lookupByEmail, cached), or null. */
  userIdByEmail(client: WebClient, teamId: string, email: string): Promise<string | null>;
  /** HTTP for webhook triggers (the global fetch unless a test gives another). */
  fetch?: typeof fetch;
}

export type WorkflowOutcome = 'done' | 'waiting';

export interface WorkflowContext {
  row: OutboxRow;
  ws: Workspace;
  client: WebClient;
  deps: WorkflowDeliveryDeps;
  now(): number;
  /** Every store write goes through here: it waits, without blocking, while the database is locked. */
  write<T>(fn: () => T): Promise<T>;
}

export type WorkflowDeliverer = (ctx: WorkflowContext) => Promise<WorkflowOutcome>;

export const version = (i: Incident) => i.updatedAt.getTime();

export function renderCard(ctx: WorkflowContext, incident: Incident): RenderedMessage {
  let service = null;
  try {
    service = ctx.deps.directory.getService(incident.serviceSlug);
  } catch {
    // A deleted service still renders (without its details).
  }
  return renderIncidentMessage(incident, { teamId: ctx.ws.teamId, incidentUrl: ctx.deps.incidentUrl, service });
}

export async function delivered(ctx: WorkflowContext, record?: () => void): Promise<WorkflowOutcome> {
  await ctx.write(() => {
    record?.();
    ctx.deps.outbox.markDone(ctx.row.id, ctx.now());
  });
  return 'done';
}

export async function dropped(ctx: WorkflowContext, reason: string): Promise<WorkflowOutcome> {
  await ctx.write(() => ctx.deps.outbox.markFailed(ctx.row.id, reason, ctx.now()));
  return 'done';
}

export const ruleIdOf = (row: OutboxRow): number | null => (typeof row.payload.rule_id === 'number' ? row.payload.rule_id : null);

/** Whether the workspace granted what the feature needs; if not, the rule is marked refused, the row
 *  fails with the explanation, and the log says it once — no Slack call is made. */
export async function scopesGranted(ctx: WorkflowContext, feature: ScopedFeature): Promise<boolean> {
  const missing = missingFor(feature, ctx.ws.scopes);
  if (!missing.length) return true;
  await refuse(ctx, feature, missing);
  return false;
}

export async function refuse(ctx: WorkflowContext, feature: ScopedFeature, missing: string[]): Promise<WorkflowOutcome> {
  const reason = refusalFor(feature, missing);
  const ruleId = ruleIdOf(ctx.row);
  await ctx.write(() => {
    if (ruleId !== null) ctx.deps.workflows.setStatus(ruleId, 'refused', reason);
    ctx.deps.outbox.markFailed(ctx.row.id, reason, ctx.now());
  });
  ctx.deps.logger.error({ team_id: ctx.ws.teamId, rule_id: ruleId, incident_id: ctx.row.incidentId, missing_scopes: missing }, `workflow refused: ${reason}`);
  return 'done';
}

/** Slack's answer when a scope is missing after all (the stored scopes were stale). */
export function missingScopeOf(err: unknown): string[] | null {
  const data = (err as { data?: { error?: string; needed?: string } } | null)?.data;
  return data?.error === 'missing_scope' ? String(data.needed ?? '').split(',').filter(Boolean) : null;
}

export const slackErrorOf = (err: unknown): string | null => (err as { data?: { error?: string } } | null)?.data?.error ?? null;
