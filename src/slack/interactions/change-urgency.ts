// ⋯ → Change urgency: a choice of urgency; the card's colour and the routing follow.
import { URGENCIES, type Urgency } from '../../domain/model.js';
import { urgencyModal } from '../render/card-action-modals.js';
import { openCardModal, type CardClick } from './card-modal.js';
import type { Answer, InteractionContext } from './context.js';
import { parseMeta } from './meta.js';
import { inputValue, type ViewSubmissionPayload } from './payloads.js';

export function openChangeUrgency(ctx: InteractionContext, click: CardClick): Promise<void> {
  return openCardModal(
    ctx,
    click,
    urgencyModal,
    (i) => ({ form: `Change urgency of #${i.id}`, retry: 'Choose Change urgency again.', otherwise: `use the CLI: \`opsknight-slack incident urgency ${i.id} HIGH|MEDIUM|LOW\`.` }),
    { refuseWhenResolved: 'given another urgency' },
  );
}

export async function submitChangeUrgency(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const meta = parseMeta(view.private_metadata);
  ctx.responseUrl = meta.response_url;
  const urgency = inputValue(view.state?.values, 'urgency');
  if (!meta.incident_id) return { body: {} };
  if (!urgency || !(URGENCIES as readonly string[]).includes(urgency)) {
    return { body: { response_action: 'errors', errors: { urgency: 'Choose High, Medium or Low.' } } };
  }
  const actor = await ctx.actor(meta.incident_id!);
  if (!actor) return { body: {} };
  await ctx.transition(() => ctx.deps.incidents.changeUrgency(meta.incident_id!, actor, 'slack', urgency as Urgency));
  return { body: {} };
}
