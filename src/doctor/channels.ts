// Channels: the default channel is set; every channel in the routing exists, is not archived, and
// the bot can post there (public: it can join or post without joining; private: it is invited);
// optionally a real test post (--post-test).
import { ChannelLookupError, looksLikeChannelId, resolveChannel } from '../slack/channels.js';
import { classifySlackError } from '../slack/errors.js';
import { postTestMessage } from '../slack/delivery/test-post.js';
import type { DoctorContext, SlackTarget } from './context.js';
import { fail, ok, warn, type Finding } from './finding.js';

const G = 'channels';

interface Routed {
  channelId: string;
  uses: string[];
}

function routedChannels(ctx: DoctorContext, t: SlackTarget): Routed[] {
  const byId = new Map<string, string[]>();
  const add = (id: string, use: string) => byId.set(id, [...(byId.get(id) ?? []), use]);
  if (t.workspace.defaultChannel) add(t.workspace.defaultChannel, 'default channel');
  for (const r of ctx.core.workspaces.routes(t.workspace.teamId)) add(r.channelId, `route ${[r.serviceSlug, r.urgency].filter(Boolean).join(' + ')}`);
  return [...byId].map(([channelId, uses]) => ({ channelId, uses }));
}

async function checkChannel(ctx: DoctorContext, t: SlackTarget, r: Routed): Promise<Finding> {
  const teamId = t.workspace.teamId;
  const known = ctx.core.workspaces.channelName(teamId, r.channelId);
  const label = known ? `#${known}` : r.channelId;
  const uses = r.uses.join(', ');
  const reroute = r.uses.includes('default channel')
    ? "Pick another default channel: `opsknight-slack channels default '#incidents'`."
    : "Route elsewhere: `opsknight-slack channels route '#other' --service <slug>` (or remove the route with `channels unroute`).";
  let channel;
  try {
    channel = (await t.client.conversations.info({ channel: r.channelId })).channel!;
  } catch (err) {
    const code = classifySlackError(err).error;
    if (code === 'channel_not_found') {
      const wasPrivate = ctx.core.workspaces.isPrivateChannel(teamId, r.channelId) === true || r.channelId.startsWith('G');
      return wasPrivate
        ? fail(G, label, `private, and the bot is not invited (${uses})`, `In Slack, open ${label} and type /invite @OpsKnight.`)
        : fail(G, label, `does not exist (deleted?) (${uses})`, reroute);
    }
    if (code === 'missing_scope') return warn(G, label, `cannot be checked: the token lacks channels:read (${uses})`, 'Add the channels:read scope and reinstall the app (see Credentials).');
    return warn(G, label, `cannot be checked: Slack answered ${code} (${uses})`, 'Run doctor again; if it persists, check the daemon log.');
  }
  const name = `#${channel.name ?? r.channelId}`;
  if (channel.is_archived) return fail(G, name, `is archived (${uses})`, `Unarchive ${name} in Slack, or: ${reroute}`);
  if (channel.is_private) return ok(G, name, `private; the bot is a member (${uses})`);
  if (channel.is_member) return ok(G, name, `public; the bot is a member (${uses})`);
  if (t.scopes.includes('chat:write.public')) return ok(G, name, `public; the bot posts without joining (chat:write.public) (${uses})`);
  if (t.scopes.includes('channels:join')) return ok(G, name, `public; the bot joins on its first post (${uses})`);
  return fail(G, name, `public, but the bot is not a member and may neither join nor post without joining (${uses})`, `Invite it (/invite @OpsKnight in ${name}), or grant chat:write.public and reinstall.`);
}

async function postTest(ctx: DoctorContext, t: SlackTarget, ref: string): Promise<Finding> {
  const check = `Test post in ${ref}`;
  let channelId = ref;
  let label = ref;
  try {
    const c = await resolveChannel(t.client, ctx.core.workspaces, t.workspace.teamId, ref);
    channelId = c.id;
    label = `#${c.name}`;
  } catch (err) {
    // An ID the bot cannot list may still be postable: let Slack decide.
    if (!(err instanceof ChannelLookupError && looksLikeChannelId(ref))) {
      return fail(G, check, err instanceof ChannelLookupError ? err.message : `Slack answered ${classifySlackError(err).error}`, 'Check the channel name, or invite the bot (/invite @OpsKnight).');
    }
  }
  const result = await postTestMessage(ctx.core, t.workspace.teamId, channelId, label);
  if (result.ok) return ok(G, check, `posted a test message in ${label}`);
  return fail(G, check, `could not post in ${label}: ${result.tokenProblem ?? result.reason}`, 'Fix what it says above, then run `opsknight-slack test-channel` to try again.');
}

export async function channelsCheck(ctx: DoctorContext): Promise<Finding[]> {
  if (!ctx.targets.length) return [warn(G, 'Channels', 'not checked: no working bot token', 'Fix the credentials first (see above).')];
  const out: Finding[] = [];
  for (const t of ctx.targets) {
    const routed = routedChannels(ctx, t);
    if (!t.workspace.defaultChannel) {
      out.push(
        routed.length
          ? warn(G, 'Default channel', `${t.workspace.teamName} has no default channel: incidents no route matches are not posted`, "Set one: `opsknight-slack channels default '#incidents'`.")
          : fail(G, 'Default channel', `${t.workspace.teamName} has no default channel and no routes: no incident is posted`, "Set one: `opsknight-slack channels default '#incidents'`."),
      );
    }
    for (const r of routed) out.push(await checkChannel(ctx, t, r));
    if (ctx.postTest) out.push(await postTest(ctx, t, ctx.postTest));
  }
  return out;
}
