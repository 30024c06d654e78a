// Snooze menu: 15 min, 30 min, 1 h, 4 h → SNOOZED; Custom… → the snooze modal.
import { parseDuration } from '../../domain/duration.js';
import { snoozeModal } from '../render/modals.js';
import type { InteractionContext } from './context.js';
import { incidentIdFrom, incidentOrReply } from './context.js';
import { openModal } from './open-modal.js';

export async function chooseSnooze(ctx: InteractionContext, value: string | undefined, triggerId: string, channelId?: string): Promise<void> {
  const id = incidentIdFrom(value);
  const choice = value?.split(':')[1];
  if (id === null || !choice) return ctx.reply('⚠️ That snooze option does not name an incident.');
  if (choice === 'custom') {
    const incident = incidentOrReply(ctx, id);
    if (!incident) return;
    if (incident.status === 'RESOLVED') return ctx.reply(`ℹ️ Incident #${id} is resolved; there is nothing to snooze.`);
    await openModal(ctx, triggerId, snoozeModal(incident, { channel_id: channelId, response_url: ctx.responseUrl }), {
      form: `Snooze #${id}`,
      retry: 'Choose Custom… again.',
      otherwise: 'pick a preset from the Snooze menu (15 minutes to 4 hours): those need no form.',
    });
    return;
  }
  let ms: number;
  try {
    ms = parseDuration(choice);
  } catch {
    return ctx.reply(`⚠️ Unknown snooze option "${choice}".`);
  }
  const actor = await ctx.actor(id);
  if (!actor) return;
  await ctx.transition(() => ctx.deps.incidents.snoozeFor(id, actor, 'slack', ms));
}
