// A thread reply under the incident's message (or under its storm digest, prefixed with the
// incident's number). "{{targets}}" becomes Slack mentions, looked up by e-mail.
import type { Mention } from '../../../store/outbox-messages.js';
import type { Workspace } from '../../../store/workspace-repo.js';
import type { WebClient } from '@slack/web-api';
import { escapeMrkdwn } from '../../render/text.js';
import { TARGETS_PLACEHOLDER } from '../../render/thread-reply.js';
import type { SlackUsers } from '../../slack-users.js';
import { delivered, dropped, waitForParent, type Deliverer } from './context.js';

export const reply: Deliverer<'reply'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const { outbox } = ctx.deps;
    const { row, ws } = ctx;
    const ref = outbox.message(row.incidentId, ws.teamId, row.channelId);
    if (!ref) return dropped(ctx, 'the incident has no card in this channel');
    const digest = ref.digestId !== null ? outbox.digest(ref.digestId) : null;
    const parentTs = digest ? digest.ts : ref.ts;
    if (!parentTs) return waitForParent(ctx, row.incidentId);
    const text = await withMentions(row.payload.text, row.payload.mentions, ctx.deps.users, ws, ctx.client);
    await ctx.client.chat.postMessage({
      channel: digest ? digest.channelId : ref.channelId,
      thread_ts: parentTs,
      text: digest ? `#${row.incidentId}: ${text}` : text,
      reply_broadcast: row.payload.broadcast === true,
      unfurl_links: false,
    });
    return delivered(ctx);
  },
};

/** Replaces the targets placeholder with Slack mentions (users.lookupByEmail), or names. */
async function withMentions(text: string, mentions: Mention[] | undefined, users: SlackUsers, ws: Workspace, client: WebClient): Promise<string> {
  if (!text.includes(TARGETS_PLACEHOLDER) || !mentions) return text;
  const parts: string[] = [];
  for (const m of mentions) {
    const id = m.email ? await users.idByEmail(client, ws.teamId, m.email) : null;
    // Someone with no Slack account by that e-mail gets no mention and no direct message: say so.
    const unreached = m.email && !id ? ` (no Slack user here has ${escapeMrkdwn(m.email)}: not messaged)` : '';
    parts.push(`${id ? `<@${id}>` : escapeMrkdwn(m.name)}${m.via ? ` (on call for ${escapeMrkdwn(m.via)})` : ''}${unreached}`);
  }
  return text.replace(TARGETS_PLACEHOLDER, parts.join(', ') || 'the next responder');
}
