// ⋯ → Escalate now: the next step of the escalation policy pages at once (a thread reply).
import type { CardClick } from './card-modal.js';
import type { InteractionContext } from './context.js';

export async function escalateNow(ctx: InteractionContext, click: CardClick): Promise<void> {
  const escalate = ctx.deps.escalateNow;
  if (!escalate) return ctx.reply('⚠️ Escalation is not available in this daemon.');
  const actor = await ctx.actor(click.incidentId);
  if (!actor) return;
  await ctx.transition(() => escalate(click.incidentId, actor, 'slack'));
}
