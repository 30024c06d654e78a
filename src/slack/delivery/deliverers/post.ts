// An incident's first message in its channel; under a storm, the channel's backlog folds into a digest.
import { delivered, renderIncident, version, type Deliverer } from './context.js';
import { postDigest } from './digest.js';

export const post: Deliverer<'post'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const { outbox, incidents } = ctx.deps;
    const { row, ws } = ctx;
    const backlog = outbox.pendingPosts(row.teamId, row.channelId);
    // Threshold 0 switches folding off.
    const threshold = ws.settings.digestThreshold;
    if (threshold > 0 && backlog.length >= Math.max(2, threshold)) return postDigest(ctx, backlog);
    const incident = incidents.get(row.incidentId).incident;
    const res = await ctx.client.chat.postMessage({ channel: row.channelId, ...renderIncident(ctx.deps, incident, ws.teamId), unfurl_links: false, unfurl_media: false });
    return delivered(ctx, () => outbox.messagePosted(incident.id, ws.teamId, String(res.channel ?? row.channelId), String(res.ts), version(incident)));
  },
};
