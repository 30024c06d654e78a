// ⋯ → Unacknowledge: back to OPEN; escalation starts again.
import type { CardClick } from './card-modal.js';
import type { InteractionContext } from './context.js';

export async function unacknowledge(ctx: InteractionContext, click: CardClick): Promise<void> {
  const actor = await ctx.actor(click.incidentId);
  if (!actor) return;
  await ctx.transition(() => ctx.deps.incidents.unacknowledge(click.incidentId, actor, 'slack'));
}
