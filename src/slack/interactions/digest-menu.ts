// The menu on each line of an alert-storm digest: acknowledge, resolve or snooze that incident.
import { parseDuration } from '../../domain/duration.js';
import type { InteractionContext } from './context.js';
import { incidentIdFrom } from './context.js';

export async function digestMenu(ctx: InteractionContext, value: string | undefined): Promise<void> {
  const id = incidentIdFrom(value);
  const [, action, arg] = (value ?? '').split(':');
  if (id === null || !action) return ctx.reply('⚠️ That menu option does not name an incident.');
  if (action === 'view') return;
  const actor = await ctx.actor(id);
  if (!actor) return;
  const incidents = ctx.deps.incidents;
  if (action === 'ack') await ctx.transition(() => incidents.acknowledge(id, actor, 'slack'));
  else if (action === 'resolve') await ctx.transition(() => incidents.resolve(id, actor, 'slack'));
  else if (action === 'snooze') await ctx.transition(() => incidents.snoozeFor(id, actor, 'slack', parseDuration(arg ?? '1h')));
  else ctx.reply(`⚠️ Unknown menu option "${action}".`);
}
