// Create Incident modal submitted → a new incident, notified through normal routing.
import { DomainError } from '../../domain/errors.js';
import { MAX_TITLE_LENGTH } from '../../domain/incident.js';
import { URGENCIES, type Urgency } from '../../domain/model.js';
import type { TriggerResult } from '../../domain/incident-service.js';
import { safeMrkdwn } from '../render/text.js';
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
  // Every invalid field at once, as a form should: the user fixes them in one go.
  const errors: Record<string, string> = {};
  if (!title) errors.title = 'A title is needed.';
  else if ([...title].length > MAX_TITLE_LENGTH) errors.title = `At most ${MAX_TITLE_LENGTH} characters.`;
  if (!service) errors.service = 'Choose a service.';
  else if (!ctx.deps.directory.listServices().some((s) => s.slug === service)) errors.service = `There is no service "${service}" any more: choose another.`;
  if (!URGENCIES.includes(urgency)) errors.urgency = 'Choose an urgency.';
  if (Object.keys(errors).length) return { body: { response_action: 'errors', errors } };
  const { actor, refusal } = await ctx.authorize(null);
  if (refusal !== undefined) return { body: { response_action: 'errors', errors: { title: refusal } } };
  const created = (r: TriggerResult) => {
    if (r.replayed) return ctx.deps.logger.info({ view_id: view.id, incident_id: r.incident.id }, 'Create Incident submission seen before; nothing created');
    // From the shortcut there is no response_url: the confirmation goes, privately, to the channel the incident is posted in.
    // Its cards, the routed channel first (one per channel that takes it).
    const cards = ctx.deps.outbox.messages(r.incident.id, ctx.workspace.teamId);
    if (!ctx.responseUrl && cards[0]) ctx.ephemeralChannel = cards[0].channelId;
    const where = cards.length ? ` It is posted in ${cards.map((c) => `<#${c.channelId}>`).join(', ')}.` : ' No channel of this workspace takes its service and urgency, so it is not posted here.';
    ctx.reply(r.created ? `✅ Incident #${r.incident.id} created: ${safeMrkdwn(r.incident.title, 200)}.${where}` : `ℹ️ Folded into incident #${r.incident.id}.`);
  };
  try {
    // Keyed by the view: the same submission replayed (a retry, a captured request) creates nothing more.
    const requestKey = `slack:${ctx.workspace.teamId}:view:${view.id}`;
    const input = { title: title!, serviceSlug: service!, urgency, description: inputValue(values, 'description'), requestKey };
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
