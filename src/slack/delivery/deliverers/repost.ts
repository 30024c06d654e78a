// A card that was lost (deleted, or no longer editable by the app) is posted again in its channel
// with a note saying why; its new ts is stored, so every later change updates the new card.
import type { RenderedMessage } from '../../render/incident-message.js';
import { delivered, renderIncident, version, type Deliverer } from './context.js';

/** The note above a reposted card, in words a responder understands. */
export function repostNote(reason: string): string {
  const why = reason === 'message_not_found' ? 'the previous card was deleted' : 'the previous card could no longer be updated';
  return `:recycle: Card posted again: ${why}. Earlier thread replies stay under the old card.`;
}

export const repost: Deliverer<'repost'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const { outbox, incidents } = ctx.deps;
    const { row, ws } = ctx;
    const incident = incidents.get(row.incidentId).incident;
    const rendered = renderIncident(ctx.deps, incident, ws.teamId);
    const note: NonNullable<RenderedMessage['blocks']>[number] = { type: 'context', block_id: 'card_reposted', elements: [{ type: 'mrkdwn', text: repostNote(row.payload.reason) }] };
    const message: RenderedMessage = { ...rendered, blocks: [note, ...(rendered.blocks ?? [])] };
    const res = await ctx.client.chat.postMessage({ channel: row.channelId, ...message, unfurl_links: false, unfurl_media: false });
    return delivered(ctx, () => outbox.messagePosted(incident.id, ws.teamId, row.channelId, String(res.ts), version(incident)));
  },
};
