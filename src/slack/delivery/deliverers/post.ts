// An incident's first message in its channel. Under a storm the channel's backlog becomes one storm
// card (or joins the card of the storm under way) instead.
import { delivered, renderIncident, version, type Deliverer } from './context.js';
import { foldIntoStorm, postStorm, STORM_QUIET_MS } from './storm.js';

export const post: Deliverer<'post'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const { outbox, incidents } = ctx.deps;
    const { row, ws } = ctx;
    // Threshold 0 switches storm cards off.
    const threshold = ws.settings.digestThreshold;
    if (threshold > 0) {
      const backlog = outbox.pendingPosts(row.teamId, row.channelId);
      const storm = outbox.activeStorm(row.teamId, row.channelId, ctx.now() - STORM_QUIET_MS);
      if (storm?.ts) {
        await ctx.write(() => foldIntoStorm(ctx.deps, storm, backlog, ctx.now()));
        return { status: 'delivered' };
      }
      if (storm || backlog.length >= Math.max(2, threshold)) return postStorm(ctx, backlog, storm);
    }
    const incident = incidents.get(row.incidentId).incident;
    const res = await ctx.client.chat.postMessage({ channel: row.channelId, ...renderIncident(ctx.deps, incident, ws.teamId), unfurl_links: false, unfurl_media: false });
    return delivered(ctx, () => outbox.messagePosted(incident.id, ws.teamId, row.channelId, String(res.ts), version(incident)));
  },
};
