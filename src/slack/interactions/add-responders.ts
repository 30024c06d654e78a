// ⋯ → Add responders: a multi people picker; each new responder is mentioned in the thread and
// gets a direct message.
import { addRespondersModal } from '../render/card-action-modals.js';
import { openCardModal, type CardClick } from './card-modal.js';
import type { Answer, InteractionContext } from './context.js';
import { parseMeta } from './meta.js';
import { selectedUsers, type ViewSubmissionPayload } from './payloads.js';
import { personFromSlack } from './people.js';

export function openAddResponders(ctx: InteractionContext, click: CardClick): Promise<void> {
  return openCardModal(
    ctx,
    click,
    addRespondersModal,
    (i) => ({ form: `Add responders to #${i.id}`, retry: 'Choose Add responders again.', otherwise: 'mention the people in the incident’s thread.' }),
    { refuseWhenResolved: 'given responders' },
  );
}

export async function submitAddResponders(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const meta = parseMeta(view.private_metadata);
  ctx.responseUrl = meta.response_url;
  const chosen = selectedUsers(view.state?.values, 'responders');
  if (!meta.incident_id) return { body: {} };
  if (!chosen.length) return { body: { response_action: 'errors', errors: { responders: 'Choose at least one person.' } } };
  const actor = await ctx.actor(meta.incident_id!);
  if (!actor) return { body: {} };
  const people = await Promise.all(chosen.map((id) => personFromSlack(ctx, id)));
  await ctx.transition(() => ctx.deps.incidents.addResponders(meta.incident_id!, actor, 'slack', people));
  return { body: {} };
}
