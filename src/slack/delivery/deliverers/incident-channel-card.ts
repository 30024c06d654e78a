// The incident channel's pinned card, kept in step with the incident (chat.update), and the channel
// archived once the incident has been resolved for the rule's N hours.
import { delivered, dropped, renderIncident, version, type Deliverer } from './context.js';
import { scopesGranted, slackErrorOf, workflowsOf } from './workflow-context.js';

export const incidentChannelUpdate: Deliverer<'incident_channel_update'> = {
  method: 'chat.update',
  async deliver(ctx) {
    const workflows = workflowsOf(ctx);
    const { incidents, outbox } = ctx.deps;
    const { ws, row } = ctx;
    const ch = workflows.channel(row.incidentId, ws.teamId);
    if (!ch) return dropped(ctx, 'the incident has no channel in this workspace');
    // Its rows queue behind the channel's creation; a card that was never posted renders fresh when it is.
    if (!ch.cardTs || ch.archivedAt) return delivered(ctx);
    const incident = incidents.get(row.incidentId).incident;
    if (version(incident) <= ch.renderedVersion) return delivered(ctx);
    const rendered = version(incident);
    await ctx.client.chat.update({ channel: ch.channelId!, ts: ch.cardTs, ...renderIncident(ctx.deps, incident, ws.teamId) });
    await ctx.write(() => workflows.cardRendered(incident.id, ws.teamId, rendered));
    if (version(incidents.get(incident.id).incident) > rendered) {
      await ctx.write(() => outbox.retryLater(row.id, ctx.now(), 'newer state to render', false));
      return { status: 'delivered' };
    }
    return delivered(ctx);
  },
};

export const incidentChannelArchive: Deliverer<'incident_channel_archive'> = {
  method: 'conversations.archive',
  async deliver(ctx) {
    const workflows = workflowsOf(ctx);
    const { ws, row } = ctx;
    const ch = workflows.channel(row.incidentId, ws.teamId);
    if (!ch?.channelId) return dropped(ctx, 'the incident has no channel in this workspace');
    if (ch.archivedAt) return delivered(ctx);
    if (!(await scopesGranted(ctx, ch.isPrivate ? 'private_incident_channel' : 'incident_channel'))) return { status: 'dropped', reason: 'missing scopes' };
    const incident = ctx.deps.incidents.get(ch.incidentId).incident;
    // Reopened since the sweep queued it: the channel stays; the next resolution queues it again.
    if (incident.status !== 'RESOLVED') return delivered(ctx, () => workflows.markArchiveQueued(ch.incidentId, ws.teamId, false));
    try {
      await ctx.client.conversations.archive({ channel: ch.channelId });
    } catch (err) {
      if (slackErrorOf(err) !== 'already_archived') throw err;
    }
    ctx.deps.logger.info({ team_id: ws.teamId, incident_id: ch.incidentId, channel: ch.channelId }, 'incident channel archived');
    return delivered(ctx, () => workflows.markArchived(ch.incidentId, ws.teamId, new Date(ctx.now())));
  },
};
