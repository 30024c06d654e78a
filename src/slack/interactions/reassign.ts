// ⋯ → Reassign: a people picker; on submit the assignee changes (the new one gets a direct message).
import { reassignModal } from '../render/card-action-modals.js';
import { openCardModal, type CardClick } from './card-modal.js';
import type { Answer, InteractionContext } from './context.js';
import { parseMeta } from './meta.js';
import { inputValue, type ViewSubmissionPayload } from './payloads.js';
import { personFromSlack } from './people.js';

export function openReassign(ctx: InteractionContext, click: CardClick): Promise<void> {
  return openCardModal(
    ctx,
    click,
    reassignModal,
    (i) => ({ form: `Reassign #${i.id}`, retry: 'Choose Reassign again.', otherwise: `reassign it from the CLI: \`opsknight-slack incident reassign ${i.id} <e-mail>\`.` }),
    { refuseWhenResolved: 'reassigned' },
  );
}

export async function submitReassign(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const meta = parseMeta(view.private_metadata);
  ctx.responseUrl = meta.response_url;
  const chosen = inputValue(view.state?.values, 'assignee');
  if (!meta.incident_id) return { body: {} };
  if (!chosen) return { body: { response_action: 'errors', errors: { assignee: 'Choose the person to assign.' } } };
  const actor = await ctx.actor(meta.incident_id!);
  if (!actor) return { body: {} };
  const to = await personFromSlack(ctx, chosen);
  await ctx.transition(() => ctx.deps.incidents.reassign(meta.incident_id!, actor, 'slack', to));
  return { body: {} };
}
