// /opsknight channel <id>: open the incident's own channel (as the card's "Start incident channel").
import { incidentIdFrom, type InteractionContext } from '../interactions/context.js';
import { startChannel } from '../interactions/workflow-menu.js';

export async function channelCommand(ctx: InteractionContext, args: string[]): Promise<void> {
  const id = incidentIdFrom(args[0]?.replace(/^#/, ''));
  if (id === null) return ctx.reply('Usage: `/opsknight channel <incident number>`, e.g. `/opsknight channel 42`: opens a channel for the incident.');
  await startChannel(ctx, id);
}
