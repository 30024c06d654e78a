// Resolve button → the resolve modal (opened first: the trigger_id lives 3 seconds).
import { resolveModal } from '../render/modals.js';
import { slackTimePhrase } from '../render/text.js';
import type { InteractionContext } from './context.js';
import { incidentIdFrom, incidentOrReply } from './context.js';
import { openModal } from './open-modal.js';

export async function openResolve(ctx: InteractionContext, value: string | undefined, triggerId: string, channelId?: string): Promise<void> {
  const id = incidentIdFrom(value);
  if (id === null) return ctx.reply('⚠️ That button does not name an incident.');
  const incident = incidentOrReply(ctx, id);
  if (!incident) return;
  if (incident.status === 'RESOLVED') {
    const when = incident.resolvedAt ? ` ${slackTimePhrase(incident.resolvedAt, 'at')}` : '';
    return ctx.reply(`ℹ️ Incident #${id} was already resolved by ${incident.resolvedBy?.name ?? 'someone'}${when}.`);
  }
  await openModal(ctx, triggerId, resolveModal(incident, { channel_id: channelId, response_url: ctx.responseUrl }), {
    form: `Resolve #${id}`,
    retry: 'Click Resolve again.',
    otherwise: `resolve it without the form: \`/opsknight resolve ${id} <note>\`.`,
  });
}
