// Acknowledge button → ACKNOWLEDGED. The message update and thread reply go through the outbox.
import type { InteractionContext } from './context.js';
import { incidentIdFrom } from './context.js';

export async function acknowledge(ctx: InteractionContext, value: string | undefined): Promise<void> {
  const id = incidentIdFrom(value);
  if (id === null) return ctx.reply('⚠️ That button does not name an incident.');
  const actor = await ctx.actor(id);
  if (!actor) return;
  await ctx.transition(() => ctx.deps.incidents.acknowledge(id, actor, 'slack'));
}
