// A schedule's shift handoff, in its handoff channel: the incoming person mentioned where Slack
// knows their e-mail, named otherwise.
import { escapeMrkdwn } from '../../render/text.js';
import { handoffChannelText, type Handoff, type HandoffPerson } from '../../render/handoff.js';
import { delivered, type Deliverer } from './context.js';

export const handoff: Deliverer<'handoff'> = {
  method: 'chat.postMessage',
  async deliver(ctx) {
    const p = ctx.row.payload;
    const h: Handoff = { schedule: p.schedule, timeZone: p.time_zone, person: p.person, viaOverride: p.via_override, at: p.at, until: p.until, next: p.next };
    const id = p.person?.email ? await ctx.deps.users.idByEmail(ctx.client, ctx.ws.teamId, p.person.email) : null;
    const mention = (who: HandoffPerson) => (id ? `<@${id}>` : escapeMrkdwn(who.name));
    await ctx.client.chat.postMessage({ channel: ctx.row.channelId, text: handoffChannelText(h, mention), unfurl_links: false });
    return delivered(ctx);
  },
};
