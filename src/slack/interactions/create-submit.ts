// Create Incident modal submitted → a new incident, notified through normal routing.
import { DomainError } from '../../domain/errors.js';
import { URGENCIES, type Urgency } from '../../domain/model.js';
import type { TriggerResult } from '../../domain/incident-service.js';
import { SAVING_LATER, type Answer, type InteractionContext } from './context.js';
import { parseMeta } from './meta.js';
import { inputValue, type ViewSubmissionPayload } from './payloads.js';

export async function submitCreateIncident(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const meta = parseMeta(view.private_metadata);
  ctx.responseUrl = meta.response_url;
  const values = view.state?.values;
  const title = inputValue(values, 'title');
  const service = inputValue(values, 'service');
  const urgency = (inputValue(values, 'urgency') ?? 'HIGH') as Urgency;
  if (!title) return { body: { response_action: 'errors', errors: { title: 'A title is needed.' } } };
  if (!service) return { body: { response_action: 'errors', errors: { service: 'Choose a service.' } } };
  if (!URGENCIES.includes(urgency)) return { body: { response_action: 'errors', errors: { urgency: 'Choose an urgency.' } } };
  const actor = await ctx.actor();
  if (!actor) return { body: { response_action: 'errors', errors: { title: ctx.replies.pop() ?? 'You may not create incidents.' } } };
  const created = (r: TriggerResult) => {
    if (r.replayed) return ctx.deps.logger.info({ view_id: view.id, incident_id: r.incident.id }, 'Create Incident submission seen before; nothing created');
    ctx.reply(r.created ? `✅ Incident #${r.incident.id} created: ${r.incident.title}` : `ℹ️ Folded into incident #${r.incident.id}.`);
  };
  try {
    // Keyed by the view: the same submission replayed (a retry, a captured request) creates nothing more.
    const requestKey = `slack:${ctx.workspace.teamId}:view:${view.id}`;
    const input = { title, serviceSlug: service, urgency, description: inputValue(values, 'description'), requestKey };
    const r = await ctx.save(() => ctx.deps.incidents.trigger(input, actor, 'slack'), created);
    if (r !== SAVING_LATER) created(r);
  } catch (err) {
    if (err instanceof DomainError) {
      const field = err.code === 'unknown_service' ? 'service' : 'title';
      return { body: { response_action: 'errors', errors: { [field]: err.message } } };
    }
    throw err;
  }
  return { body: {} };
}
