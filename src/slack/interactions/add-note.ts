// ⋯ → Add note: a form; the note goes on the timeline and in the thread ("note added" toggle).
import { MAX_NOTE_LENGTH } from '../../domain/incident.js';
import { noteModal } from '../render/card-action-modals.js';
import { openCardModal, type CardClick } from './card-modal.js';
import type { Answer, InteractionContext } from './context.js';
import { parseMeta } from './meta.js';
import { inputValue, type ViewSubmissionPayload } from './payloads.js';

export function openAddNote(ctx: InteractionContext, click: CardClick): Promise<void> {
  return openCardModal(ctx, click, noteModal, (i) => ({
    form: `Add a note to #${i.id}`,
    retry: 'Choose Add note again.',
    otherwise: `use the CLI: \`opsknight-slack incident note ${i.id} "<text>"\`.`,
  }));
}

export async function submitAddNote(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const meta = parseMeta(view.private_metadata);
  ctx.responseUrl = meta.response_url;
  const text = inputValue(view.state?.values, 'note');
  if (!meta.incident_id) return { body: {} };
  if (!text) return { body: { response_action: 'errors', errors: { note: 'Write the note first.' } } };
  if (text.length > MAX_NOTE_LENGTH) return { body: { response_action: 'errors', errors: { note: `A note may be at most ${MAX_NOTE_LENGTH} characters.` } } };
  const actor = await ctx.actor(meta.incident_id!);
  if (!actor) return { body: {} };
  await ctx.transition(() => ctx.deps.incidents.addNote(meta.incident_id!, actor, 'slack', text));
  return { body: {} };
}
