// The card's workflow menu: "Start incident channel" opens (or points to) the incident's channel.
import { startChannelReply } from '../workflows/start-channel.js';
import { incidentIdFrom, type InteractionContext } from './context.js';

export async function workflowMenu(ctx: InteractionContext, value: string | undefined): Promise<void> {
  const [verb, idText] = (value ?? '').split(':');
  const id = incidentIdFrom(idText);
  if (verb !== 'start_channel' || id === null) return ctx.reply('⚠️ That menu option is not one OpsKnight knows.');
  await startChannel(ctx, id);
}

/** Shared with `/opsknight channel <id>`. */
export async function startChannel(ctx: InteractionContext, id: number): Promise<void> {
  const actor = await ctx.actor(id);
  if (!actor) return;
  if (!ctx.deps.startIncidentChannel) return ctx.reply('⚠️ Incident channels are not available in this daemon.');
  ctx.reply(startChannelReply(id, ctx.deps.startIncidentChannel(ctx.workspace.teamId, id, ctx.slackUser.id)));
}
