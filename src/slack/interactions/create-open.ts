// The "Create Incident" modal, from the global shortcut or `/opsknight create`.
import { createIncidentModal } from '../render/modals.js';
import type { InteractionContext } from './context.js';

export async function openCreateIncident(ctx: InteractionContext, triggerId: string, channelId?: string): Promise<void> {
  await ctx.client.views.open({
    trigger_id: triggerId,
    view: createIncidentModal(ctx.deps.directory.listServices(), { channel_id: channelId, response_url: ctx.responseUrl }) as never,
  });
}
