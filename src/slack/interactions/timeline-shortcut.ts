// Message shortcut "Add to incident timeline": a message in an incident's thread (or the card
// itself) becomes a timeline note with a permalink to it; any other message opens a form to choose
// the incident.
import type { Actor } from '../../domain/model.js';
import { classifySlackError } from '../errors.js';
import { slackActorRef } from '../render/attribution.js';
import { timelineNoteModal, type QuotedMessage } from '../render/card-action-modals.js';
import type { Answer, InteractionContext } from './context.js';
import { parseMeta } from './meta.js';
import { openModal } from './open-modal.js';
import { inputValue, type MessageActionPayload, type ViewSubmissionPayload } from './payloads.js';
import { personFromSlack } from './people.js';

export async function addToTimeline(ctx: InteractionContext, p: MessageActionPayload): Promise<void> {
  const quoted: QuotedMessage = {
    channel_id: p.channel.id,
    message_ts: p.message.ts,
    author_ref: p.message.user ? slackActorRef(ctx.workspace.teamId, p.message.user) : null,
    text: p.message.text || '(a message without text)',
  };
  const incidentId = ctx.deps.outbox.incidentAt(ctx.workspace.teamId, p.channel.id, p.message.thread_ts ?? p.message.ts);
  if (incidentId !== null) return addQuotedNote(ctx, incidentId, quoted);
  // No incident yet: the mapping rules alone (the chosen incident's are checked on submit).
  const actor = await ctx.actor(null);
  if (!actor) return;
  // Only incidents this person may see (their teams' and those no team owns; admins all): domain/access.ts.
  const { serviceSlugs } = await ctx.visibility();
  const open = ctx.deps.incidents.list({ status: ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'], limit: 100, offset: 0, ...(serviceSlugs ? { serviceSlugs } : {}) }).incidents;
  await openModal(ctx, p.trigger_id, timelineNoteModal(open, quoted, ctx.responseUrl), {
    form: 'Add to incident timeline',
    retry: 'Use the shortcut again.',
    otherwise: 'copy the message into a note: `opsknight-slack incident note <n> "<text>"`.',
  });
}

/** The incident chosen in the form. */
export async function submitTimelineNote(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const quoted = parseQuoted(view.private_metadata);
  ctx.responseUrl = parseMeta(view.private_metadata).response_url;
  const chosen = Number(inputValue(view.state?.values, 'incident'));
  if (!quoted) return { body: {} };
  if (!Number.isInteger(chosen) || chosen <= 0) return { body: { response_action: 'errors', errors: { incident: 'Choose an incident.' } } };
  await addQuotedNote(ctx, chosen, quoted);
  return { body: {} };
}

async function addQuotedNote(ctx: InteractionContext, incidentId: number, quoted: QuotedMessage): Promise<void> {
  const actor = await ctx.actor(incidentId);
  if (!actor) return;
  const link = await permalink(ctx, quoted);
  const author: Actor | null = quoted.author_ref ? await personFromSlack(ctx, quoted.author_ref.split(':')[2]!) : null;
  const before = ctx.replies.length;
  await ctx.transition(() => ctx.deps.incidents.addNote(incidentId, actor, 'slack', quoted.text, { link, author }));
  if (ctx.replies.length === before) ctx.reply(`📝 Added to the timeline of incident #${incidentId}${link ? '' : ' (without a link: Slack did not give one)'}.`);
}

async function permalink(ctx: InteractionContext, q: QuotedMessage): Promise<string | null> {
  try {
    const res = await ctx.client.chat.getPermalink({ channel: q.channel_id, message_ts: q.message_ts });
    return res.permalink ?? null;
  } catch (err) {
    ctx.deps.logger.warn({ error: classifySlackError(err).error }, 'chat.getPermalink failed; the note is kept without a link');
    return null;
  }
}

function parseQuoted(text: string | undefined): QuotedMessage | null {
  try {
    const q = (JSON.parse(text || '{}') as { quoted?: Partial<QuotedMessage> }).quoted;
    if (!q || typeof q.channel_id !== 'string' || typeof q.message_ts !== 'string' || typeof q.text !== 'string') return null;
    return { channel_id: q.channel_id, message_ts: q.message_ts, text: q.text, author_ref: typeof q.author_ref === 'string' ? q.author_ref : null };
  } catch {
    return null;
  }
}
