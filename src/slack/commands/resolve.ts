// /opsknight resolve <id> [note]: resolving without the form, for when the Resolve modal cannot open.
import type { InteractionContext } from '../interactions/context.js';
import { incidentIdFrom } from '../interactions/context.js';

export async function resolveCommand(ctx: InteractionContext, args: string[]): Promise<void> {
  const id = incidentIdFrom(args[0]?.replace(/^#/, ''));
  if (id === null) return ctx.reply('Usage: `/opsknight resolve <incident number> [note]`, e.g. `/opsknight resolve 42 Restarted the pool`.');
  const actor = await ctx.actor();
  if (!actor) return;
  const note = args.slice(1).join(' ') || null;
  const r = await ctx.transition(() => ctx.deps.incidents.resolve(id, actor, 'slack', note));
  if (r?.changed) ctx.reply(`✅ Incident #${id} resolved.`);
}
