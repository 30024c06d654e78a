// Re-renders an incident's message in place with its latest state (or its storm card).
import { delivered, dropped, renderIncident, version, waitForParent, type Deliverer } from './context.js';
import { updateStorm } from './storm.js';

export const update: Deliverer<'update'> = {
  method: 'chat.update',
  async deliver(ctx) {
    const { outbox, incidents } = ctx.deps;
    const { row, ws } = ctx;
    const ref = outbox.message(row.incidentId, ws.teamId, row.channelId);
    if (!ref) return dropped(ctx, 'the incident has no card in this channel');
    if (ref.digestId !== null) return updateStorm(ctx, ref.digestId);
    if (!ref.ts) return waitForParent(ctx, row.incidentId);
    const incident = incidents.get(row.incidentId).incident;
    if (version(incident) <= ref.renderedVersion) return delivered(ctx);
    const rendered = version(incident);
    await ctx.client.chat.update({ channel: ref.channelId, ts: ref.ts, ...renderIncident(ctx.deps, incident, ws.teamId) });
    await ctx.write(() => outbox.messageRendered(incident.id, ws.teamId, row.channelId, rendered));
    // A change that landed while this call was out is sent by this same row, next round.
    if (version(incidents.get(incident.id).incident) > rendered) {
      await ctx.write(() => outbox.retryLater(row.id, ctx.now(), 'newer state to render', false));
      return { status: 'delivered' };
    }
    return delivered(ctx);
  },
};
