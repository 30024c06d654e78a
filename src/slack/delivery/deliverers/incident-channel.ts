// Opens an incident's channel, step by step, each step recorded so a retry resumes where it stopped:
// create (a taken name gets "-2", "-3"…), invite the on-call and whoever asked, post the card, pin
// it, and link the channel in the original card's thread.
import type { Incident } from '../../../domain/model.js';
import { incidentChannelName } from '../../../domain/workflows.js';
import type { IncidentChannel } from '../../../store/workflow-repo.js';
import { delivered, dropped, renderIncident, version, type DeliveryContext, type Deliverer } from './context.js';
import { missingScopeOf, refuse, scopesGranted, slackErrorOf, workflowsOf } from './workflow-context.js';

const MAX_NAME_ATTEMPTS = 20;
type Ctx = DeliveryContext<'incident_channel'>;

export const incidentChannel: Deliverer<'incident_channel'> = {
  method: 'conversations.create',
  async deliver(ctx) {
    const workflows = workflowsOf(ctx);
    const { ws, row } = ctx;
    let ch = workflows.channel(row.incidentId, ws.teamId);
    if (!ch) return dropped(ctx, 'the incident channel was never planned');
    const feature = ch.isPrivate ? 'private_incident_channel' : 'incident_channel';
    if (!(await scopesGranted(ctx, feature))) return { status: 'dropped', reason: 'missing scopes' };
    const incident = ctx.deps.incidents.get(row.incidentId).incident;
    try {
      if (!ch.channelId) ch = await create(ctx, ch, incident);
      await invite(ctx, ch);
      if (!ch.cardTs) {
        const res = await ctx.client.chat.postMessage({ channel: ch.channelId!, ...renderIncident(ctx.deps, incident, ws.teamId), unfurl_links: false, unfurl_media: false });
        const ts = String(res.ts);
        await ctx.write(() => workflows.cardPosted(row.incidentId, ws.teamId, ts, version(incident)));
        ch = { ...ch, cardTs: ts };
      }
      if (!ch.pinned) {
        const { channelId, cardTs } = ch;
        await ignoring(['already_pinned'], () => ctx.client.pins.add({ channel: channelId!, timestamp: cardTs! }));
        await ctx.write(() => workflows.markPinned(row.incidentId, ws.teamId));
      }
      if (!ch.linked) {
        // Every card of the incident in this workspace links to it (several channels may carry one).
        const originals = ctx.deps.outbox.messages(row.incidentId, ws.teamId);
        if (originals.some((o) => !o.ts && ctx.deps.outbox.hasPendingPost(ws.teamId, o.channelId, row.incidentId))) {
          // A card is not posted yet: link once it is.
          await ctx.write(() => ctx.deps.outbox.retryLater(row.id, ctx.now() + 500, 'waiting for the incident message', false));
          return { status: 'waiting' };
        }
        for (const original of originals) {
          if (!original.ts || original.digestId !== null) continue;
          await ctx.client.chat.postMessage({ channel: original.channelId, thread_ts: original.ts, text: `Incident channel: <#${ch.channelId}>`, unfurl_links: false });
        }
        await ctx.write(() => workflows.markLinked(row.incidentId, ws.teamId));
      }
    } catch (err) {
      const missing = missingScopeOf(err);
      if (missing) return refuse(ctx, feature, missing);
      throw err;
    }
    ctx.deps.logger.info({ team_id: ws.teamId, incident_id: row.incidentId, channel: ch.channelId, name: ch.name }, 'incident channel opened');
    return delivered(ctx);
  },
};

async function create(ctx: Ctx, ch: IncidentChannel, incident: Incident): Promise<IncidentChannel> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = incidentChannelName(incident, attempt);
    try {
      const res = await ctx.client.conversations.create({ name, is_private: ch.isPrivate });
      const id = String(res.channel?.id);
      await ctx.write(() => workflowsOf(ctx).channelCreated(ch.incidentId, ch.teamId, id, name));
      return { ...ch, channelId: id, name };
    } catch (err) {
      if (slackErrorOf(err) !== 'name_taken') throw err;
    }
  }
  throw Object.assign(new Error('name_taken'), { code: 'slack_webapi_platform_error', data: { error: 'name_taken' } });
}

/** The on-call (by e-mail) and whoever asked; one call each, so one person Slack refuses does not stop the rest. */
async function invite(ctx: Ctx, ch: IncidentChannel): Promise<void> {
  const ids = new Set(ch.invitees);
  for (const email of ctx.row.payload.invite_emails) {
    const id = await ctx.deps.users.idByEmail(ctx.client, ctx.ws.teamId, email);
    if (id) ids.add(id);
    else ctx.deps.logger.warn({ team_id: ctx.ws.teamId, incident_id: ch.incidentId }, `no Slack user with the e-mail of an on-call responder; not invited to #${ch.name}`);
  }
  if (ctx.ws.botUserId) ids.delete(ctx.ws.botUserId);
  for (const user of ids) {
    try {
      await ignoring(['already_in_channel'], () => ctx.client.conversations.invite({ channel: ch.channelId!, users: user }));
    } catch (err) {
      const e = slackErrorOf(err);
      if (e !== 'user_not_found' && e !== 'cant_invite' && e !== 'user_is_restricted') throw err;
      ctx.deps.logger.warn({ team_id: ctx.ws.teamId, user, error: e }, `could not invite a user to #${ch.name}`);
    }
  }
}

async function ignoring(errors: string[], call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!errors.includes(slackErrorOf(err) ?? '')) throw err;
  }
}
