// Stakeholder direct messages (conversations.open, then a post in the DM) and workflow posts in a
// channel (a user-group mention on trigger, the resolution summary in a status channel).
import type { ChatPostMessageArguments } from '@slack/web-api';
import { groupMentionText, resolutionText, stakeholderText } from '../texts.js';
import { delivered, missingScopeOf, refuse, scopesGranted, type WorkflowDeliverer } from './context.js';

export const sendStakeholderDm: WorkflowDeliverer = async (ctx) => {
  if (!(await scopesGranted(ctx, 'stakeholder_dm'))) return 'done';
  const incident = ctx.deps.incidents.get(ctx.row.incidentId!).incident;
  try {
    const dm = await ctx.client.conversations.open({ users: String(ctx.row.payload.user) });
    await ctx.client.chat.postMessage({ channel: String(dm.channel?.id), text: stakeholderText(incident, ctx.deps.incidentUrl(incident.id)), unfurl_links: false });
  } catch (err) {
    const missing = missingScopeOf(err);
    if (missing) return refuse(ctx, 'stakeholder_dm', missing);
    throw err;
  }
  return delivered(ctx);
};

export const postWorkflowMessage: WorkflowDeliverer = async (ctx) => {
  const incident = ctx.deps.incidents.get(ctx.row.incidentId!).incident;
  const url = ctx.deps.incidentUrl(incident.id);
  const groups = Array.isArray(ctx.row.payload.groups) ? (ctx.row.payload.groups as string[]) : [];
  const message = ctx.row.payload.text_kind === 'resolution' ? resolutionText(incident, url) : { text: groupMentionText(incident, groups, url) };
  await ctx.client.chat.postMessage({ channel: ctx.row.channelId, ...message, unfurl_links: false } as ChatPostMessageArguments);
  return delivered(ctx);
};


