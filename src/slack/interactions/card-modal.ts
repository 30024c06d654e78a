// What the card's menu items that open a form share: read the incident, refuse early where its state
// forbids the action (the form would only fail on submit), and open the form with a fallback.
import type { Incident } from '../../domain/model.js';
import type { ModalMeta } from '../render/modals.js';
import { incidentOrReply, type InteractionContext } from './context.js';
import { openModal, type ModalPurpose } from './open-modal.js';

/** Where a menu click came from. */
export interface CardClick {
  incidentId: number;
  triggerId: string;
  channelId?: string;
}

export async function openCardModal(
  ctx: InteractionContext,
  click: CardClick,
  build: (i: Incident, meta: ModalMeta) => Record<string, unknown>,
  purpose: (i: Incident) => ModalPurpose,
  opts: { refuseWhenResolved?: string } = {},
): Promise<void> {
  const incident = incidentOrReply(ctx, click.incidentId);
  if (!incident) return;
  if (opts.refuseWhenResolved && incident.status === 'RESOLVED') {
    return ctx.reply(`ℹ️ Incident #${incident.id} is resolved; it cannot be ${opts.refuseWhenResolved}. Reopen it first (⋯ → Reopen).`);
  }
  await openModal(ctx, click.triggerId, build(incident, { channel_id: click.channelId, response_url: ctx.responseUrl }), purpose(incident));
}
