// Stakeholder direct messages (conversations.open, then a post in the DM) and workflow posts in a
// channel (a user-group mention on trigger, the resolution summary in a status channel).
import { groupMentionText, resolutionText, stakeholderText } from '../../workflows/texts.js';
import { delivered, type Deliverer } from './context.js';
import { missingScopeOf, refuse, scopesGranted } from './workflow-context.js';

export const workflowDm: Deliverer<'workflow_dm'> = {
  method: 'conversations.open',
  async deliver(ctx) {
    if (!(await scopesGranted(ctx, 'stakeholder_dm'))) return { status: 'dropped', reason: 'missing scopes' };
    const incident = ctx.deps.incidents.get(ctx.row.incidentId).incident;
    try {
      const dm = await ctx.client.conversations.open({ users: ctx.row.payload.user });
      await ctx.client.chat.postMessage({ channel: String(dm.channel?.id), text: stakeholderText(incident, ctx.deps.incidentUrl(incident.id)), unfurl_links: false });
    } catch (err) {
      const missing = missingScopeOf(err);
      if (missing) return refuse(ctx, 'stakeholder_dm', missing);
      throw err;
    }
    return delivered(ctx);
  },
};

export const workflowPost: Deliverer<'workflow_post'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const incident = ctx.deps.incidents.get(ctx.row.incidentId).incident;
    const url = ctx.deps.incidentUrl(incident.id);
    const p = ctx.row.payload;
    if (p.text_kind === 'resolution') {
      await ctx.client.chat.postMessage({ channel: ctx.row.channelId, ...resolutionText(incident, url), unfurl_links: false });
    } else {
      await ctx.client.chat.postMessage({ channel: ctx.row.channelId, text: groupMentionText(incident, p.groups ?? [], url), unfurl_links: false });
    }
    return delivered(ctx);
  },
};
