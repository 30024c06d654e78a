// ⋯ → Reopen (a resolved incident, within the reopen window): back to OPEN; escalation starts again.
import type { CardClick } from './card-modal.js';
import type { InteractionContext } from './context.js';

export async function reopen(ctx: InteractionContext, click: CardClick): Promise<void> {
  const actor = await ctx.actor(click.incidentId);
  if (!actor) return;
  await ctx.transition(() => ctx.deps.incidents.reopen(click.incidentId, actor, 'slack'));
}
