// Resolve modal submitted → RESOLVED with the optional note.
import type { Answer, InteractionContext } from './context.js';
import { inputValue } from './payloads.js';
import type { ViewSubmissionPayload } from './payloads.js';
import { parseMeta } from './meta.js';

export async function submitResolve(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const meta = parseMeta(view.private_metadata);
  ctx.responseUrl = meta.response_url;
  if (!meta.incident_id) return { body: {} };
  const note = inputValue(view.state?.values, 'note');
  const actor = await ctx.actor(meta.incident_id);
  if (!actor) return { body: {} };
  await ctx.transition(() => ctx.deps.incidents.resolve(meta.incident_id!, actor, 'slack', note));
  return { body: {} };
}
