// The "Create Incident" modal, from the global shortcut or `/opsknight create`.
import { createIncidentModal } from '../render/modals.js';
import type { InteractionContext } from './context.js';
import { openModal } from './open-modal.js';

export async function openCreateIncident(ctx: InteractionContext, triggerId: string, channelId?: string): Promise<void> {
  await openModal(ctx, triggerId, createIncidentModal(ctx.deps.directory.listServices(), { channel_id: channelId, response_url: ctx.responseUrl }), {
    form: 'Create Incident',
    retry: 'Run `/opsknight create` (or the shortcut) again.',
    otherwise: 'an OpsKnight admin can open one with `opsknight-slack incident trigger` or the incident API (POST /api/incidents).',
  });
}
