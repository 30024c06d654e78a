// /opsknight resolve <id> [note]: resolving without the form, for when the Resolve modal cannot open.
import { DomainError } from '../../domain/errors.js';
import type { CommandResult } from '../../domain/incident-service.js';
import { incidentIdFrom, SAVING_LATER, type InteractionContext } from '../interactions/context.js';

export async function resolveCommand(ctx: InteractionContext, args: string[]): Promise<void> {
  const id = incidentIdFrom(args[0]?.replace(/^#/, ''));
  if (id === null) return ctx.reply('Usage: `/opsknight resolve <incident number> [note]`, e.g. `/opsknight resolve 42 Restarted the pool`.');
  const actor = await ctx.actor(id);
  if (!actor) return;
  const note = args.slice(1).join(' ') || null;
  const told = (r: CommandResult) => ctx.reply(r.changed ? `✅ Incident #${id} resolved.` : `ℹ️ ${r.reason ?? `Incident #${id} did not change.`}`);
  try {
    const r = await ctx.save(() => ctx.deps.incidents.resolve(id, actor, 'slack', note), told);
    if (r !== SAVING_LATER) told(r);
  } catch (err) {
    if (err instanceof DomainError) return ctx.reply(`ℹ️ ${err.message}`);
    throw err;
  }
}
