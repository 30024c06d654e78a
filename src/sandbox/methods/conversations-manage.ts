// conversations.create, conversations.invite, conversations.archive: what a major-incident channel
// needs, with Slack's name rules, errors and scopes (public channels: channels:manage; private
// ones: groups:write). conversations.open (direct messages) is in conversations.ts.
import { randomId, type SbChannel } from '../world.js';
import { channelJson } from './conversations.js';
import { SlackApiError, boolArg, stringArg, type Args, type MethodContext, type MethodSpec } from './types.js';

/** Slack: lowercase letters, numbers, hyphens and underscores, 80 characters or less. */
export function checkChannelName(name: string): void {
  if (name === '') throw new SlackApiError('invalid_name_required');
  if (name.length > 80) throw new SlackApiError('invalid_name_maxlength');
  if (!/^[a-z0-9_-]+$/.test(name)) throw new SlackApiError('invalid_name_specials');
  if (/^[-_]+$/.test(name)) throw new SlackApiError('invalid_name_punctuation');
}

/** The sandbox gives private channels G… ids (as the seeded ones), so the scope follows from the id. */
const manageScope = (args: Args) => (String(args.channel ?? '').startsWith('G') ? ['groups:write'] : ['channels:manage']);

function memberChannel(ctx: MethodContext): SbChannel {
  const c = ctx.world.findChannel(ctx.team!.id, stringArg(ctx.args, 'channel'));
  const bot = ctx.world.botFor(ctx.team!.id)!;
  if (!c || c.isIm || (c.isPrivate && !c.members.has(bot.userId))) throw new SlackApiError('channel_not_found');
  if (!c.members.has(bot.userId)) throw new SlackApiError('not_in_channel');
  return c;
}

export const create: MethodSpec = {
  auth: 'bot',
  scopes: (args) => (boolArg(args, 'is_private') ? ['groups:write'] : ['channels:manage']),
  handler(ctx) {
    const name = typeof ctx.args.name === 'string' ? ctx.args.name : '';
    checkChannelName(name);
    const team = ctx.team!;
    if ([...ctx.world.channels.values()].some((c) => c.teamId === team.id && c.name === name)) throw new SlackApiError('name_taken');
    const isPrivate = boolArg(ctx.args, 'is_private');
    const bot = ctx.world.botFor(team.id)!;
    const channel = ctx.world.addChannel({ id: randomId(isPrivate ? 'G' : 'C'), teamId: team.id, name, isPrivate, isArchived: false, members: [bot.userId] });
    return { channel: { ...channelJson(ctx, channel), creator: bot.userId } };
  },
};

export const invite: MethodSpec = {
  auth: 'bot',
  scopes: manageScope,
  handler(ctx) {
    const c = memberChannel(ctx);
    if (c.isArchived) throw new SlackApiError('is_archived');
    const ids = stringArg(ctx.args, 'users', false).split(',').map((u) => u.trim()).filter(Boolean);
    if (!ids.length) throw new SlackApiError('no_user');
    if (ids.length > 1000) throw new SlackApiError('too_many_users');
    const bot = ctx.world.botFor(c.teamId)!;
    // Slack checks every user first and answers with the first problem (details per user in `errors`).
    for (const id of ids) {
      const u = ctx.world.users.get(id);
      if (id === bot.userId) throw new SlackApiError('cant_invite_self');
      if (!u || u.teamId !== c.teamId) throw new SlackApiError('user_not_found', { errors: [{ user: id, ok: false, error: 'user_not_found' }] });
      if (u.deleted) throw new SlackApiError('cant_invite', { errors: [{ user: id, ok: false, error: 'cant_invite' }] });
    }
    const fresh = ids.filter((id) => !c.members.has(id));
    if (!fresh.length) throw new SlackApiError('already_in_channel', { errors: ids.map((user) => ({ user, ok: false, error: 'already_in_channel' })) });
    for (const id of fresh) c.members.add(id);
    return { channel: channelJson(ctx, c) };
  },
};

export const archive: MethodSpec = {
  auth: 'bot',
  scopes: manageScope,
  handler(ctx) {
    const c = memberChannel(ctx);
    if (c.isArchived) throw new SlackApiError('already_archived');
    if (c.name === 'general') throw new SlackApiError('cant_archive_general');
    c.isArchived = true;
    return {};
  },
};
