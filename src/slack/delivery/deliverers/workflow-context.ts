// What workflow deliverers share: the workflow store, and refusing a feature whose scopes are
// missing (the rule is marked refused with the explanation, the row fails with it, and the log says
// what to do — no Slack call is made).
import type { OutboxKind } from '../../../store/outbox-messages.js';
import type { WorkflowRepo } from '../../../store/workflow-repo.js';
import { missingFor, refusalFor, type ScopedFeature } from '../../scopes.js';
import type { DeliveryContext, DeliveryOutcome } from './context.js';

export function workflowsOf<K extends OutboxKind>(ctx: DeliveryContext<K>): WorkflowRepo {
  if (!ctx.deps.workflows) throw new Error('workflow rules are not wired into this delivery worker');
  return ctx.deps.workflows;
}

const ruleIdOf = <K extends OutboxKind>(ctx: DeliveryContext<K>): number | null => {
  const payload = (ctx.row as { payload?: { rule_id?: number } }).payload;
  return payload?.rule_id ?? null;
};

/** Whether the workspace granted what the feature needs; if not, the feature is refused. */
export async function scopesGranted<K extends OutboxKind>(ctx: DeliveryContext<K>, feature: ScopedFeature): Promise<boolean> {
  const missing = missingFor(feature, ctx.ws.scopes);
  if (!missing.length) return true;
  await refuse(ctx, feature, missing);
  return false;
}

export async function refuse<K extends OutboxKind>(ctx: DeliveryContext<K>, feature: ScopedFeature, missing: string[]): Promise<DeliveryOutcome> {
  const reason = refusalFor(feature, missing);
  const ruleId = ruleIdOf(ctx);
  await ctx.write(() => {
    if (ruleId !== null) workflowsOf(ctx).setStatus(ruleId, 'refused', reason);
    ctx.deps.outbox.markFailed(ctx.row.id, reason, ctx.now());
  });
  const incidentId = (ctx.row as { incidentId?: number }).incidentId ?? null;
  ctx.deps.logger.error({ team_id: ctx.ws.teamId, rule_id: ruleId, incident_id: incidentId, missing_scopes: missing }, `workflow refused: ${reason}`);
  return { status: 'dropped', reason };
}

/** Slack's answer when a scope is missing after all (the stored scopes were stale). */
export function missingScopeOf(err: unknown): string[] | null {
  const data = (err as { data?: { error?: string; needed?: string } } | null)?.data;
  return data?.error === 'missing_scope' ? String(data.needed ?? '').split(',').filter(Boolean) : null;
}

export const slackErrorOf = (err: unknown): string | null => (err as { data?: { error?: string } } | null)?.data?.error ?? null;
