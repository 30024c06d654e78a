// conversations.list, conversations.info, conversations.join, conversations.open.
import type { SbChannel } from '../world.js';
import { SlackApiError, boolArg, stringArg, type MethodContext, type MethodSpec } from './types.js';

const TYPES = ['public_channel', 'private_channel', 'mpim', 'im'];

export function channelJson(ctx: MethodContext, c: SbChannel) {
  const bot = ctx.world.botFor(c.teamId);
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.isPrivate,
    is_group: c.isPrivate && !c.isIm,
    is_im: Boolean(c.isIm),
    is_mpim: false,
    is_private: c.isPrivate,
    created: c.created,
    creator: '',
    updated: c.created * 1000,
    is_archived: c.isArchived,
    is_general: c.name === 'general',
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    pending_shared: [],
    is_pending_ext_shared: false,
    is_member: bot ? c.members.has(bot.userId) : false,
    topic: { value: c.topic ?? '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    previous_names: [],
    num_members: c.members.size,
  };
}

function requestedTypes(ctx: MethodContext): string[] {
  const raw = stringArg(ctx.args, 'types', false) || 'public_channel';
  const types = raw.split(',').map((t) => t.trim());
  if (types.some((t) => !TYPES.includes(t))) throw new SlackApiError('invalid_types');
  return types;
}

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
function decodeCursor(cursor: string): number {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m) throw new SlackApiError('invalid_cursor');
  return Number(m[1]);
}

export const list: MethodSpec = {
  auth: 'bot',
  // Public channels need channels:read, private ones groups:read.
  scopes: (args) => {
    const types = String(args.types || 'public_channel').split(',');
    return [...(types.includes('public_channel') ? ['channels:read'] : []), ...(types.includes('private_channel') ? ['groups:read'] : [])];
  },
  handler(ctx) {
    const types = requestedTypes(ctx);
    const limitRaw = ctx.args.limit;
    const limit = limitRaw === undefined || limitRaw === '' ? 100 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 999) throw new SlackApiError('invalid_limit');
    const cursor = stringArg(ctx.args, 'cursor', false);
    const offset = cursor ? decodeCursor(cursor) : 0;
    const excludeArchived = boolArg(ctx.args, 'exclude_archived');
    const bot = ctx.world.botFor(ctx.team!.id);
    const all = [...ctx.world.channels.values()]
      .filter((c) => c.teamId === ctx.team!.id)
      .filter((c) => (c.isIm ? types.includes('im') : c.isPrivate ? types.includes('private_channel') : types.includes('public_channel')))
      // The bot sees a private channel only once it is invited.
      .filter((c) => !c.isPrivate || (bot !== undefined && c.members.has(bot.userId)))
      .filter((c) => !excludeArchived || !c.isArchived)
      .sort((a, b) => a.id.localeCompare(b.id));
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? encodeCursor(offset + limit) : '';
    return { channels: page.map((c) => channelJson(ctx, c)), response_metadata: { next_cursor: next } };
  },
};

export const info: MethodSpec = {
  auth: 'bot',
  scopes: ['channels:read'],
  handler(ctx) {
    const c = ctx.world.findChannel(ctx.team!.id, stringArg(ctx.args, 'channel'));
    const bot = ctx.world.botFor(ctx.team!.id);
    if (!c || (c.isPrivate && !(bot && c.members.has(bot.userId)))) throw new SlackApiError('channel_not_found');
    return { channel: channelJson(ctx, c) };
  },
};

export const join: MethodSpec = {
  auth: 'bot',
  scopes: ['channels:join'],
  handler(ctx) {
    const c = ctx.world.findChannel(ctx.team!.id, stringArg(ctx.args, 'channel'));
    const bot = ctx.world.botFor(ctx.team!.id)!;
    if (!c || (c.isPrivate && !c.members.has(bot.userId))) throw new SlackApiError('channel_not_found');
    if (c.isPrivate) throw new SlackApiError('method_not_supported_for_channel_type');
    if (c.isArchived) throw new SlackApiError('is_archived');
    const already = c.members.has(bot.userId);
    c.members.add(bot.userId);
    return {
      channel: channelJson(ctx, c),
      ...(already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {}),
    };
  },
};

/** Opens (or resumes) the bot's direct message with one person; several people would be a group DM,
 *  which the sandbox does not model (Slack: mpim:write). */
export const open: MethodSpec = {
  auth: 'bot',
  scopes: (args) => (String(args.users ?? '').includes(',') ? ['mpim:write'] : ['im:write']),
  handler(ctx) {
    const channelRef = stringArg(ctx.args, 'channel', false);
    if (channelRef) {
      const c = ctx.world.channels.get(channelRef);
      if (!c || c.teamId !== ctx.team!.id) throw new SlackApiError('channel_not_found');
      if (!c.isIm) throw new SlackApiError('method_not_supported_for_channel_type');
      return { channel: boolArg(ctx.args, 'return_im') ? channelJson(ctx, c) : { id: c.id } };
    }
    const users = stringArg(ctx.args, 'users', false).split(',').map((u) => u.trim()).filter(Boolean);
    if (!users.length) throw new SlackApiError('users_list_not_supplied');
    if (users.length > 8) throw new SlackApiError('too_many_users');
    for (const id of users) {
      const u = ctx.world.users.get(id);
      if (!u || u.teamId !== ctx.team!.id) throw new SlackApiError('user_not_found');
      if (u.deleted) throw new SlackApiError('user_disabled');
      if (u.isBot) throw new SlackApiError('cannot_dm_bot');
    }
    if (users.length > 1) throw new SlackApiError('method_not_supported_for_channel_type', { sandbox: 'group DMs are not modelled' });
    const existed = [...ctx.world.channels.values()].some((c) => c.isIm && c.teamId === ctx.team!.id && c.members.has(users[0]!) && c.members.size === 2);
    if (boolArg(ctx.args, 'prevent_creation') && !existed) throw new SlackApiError('channel_not_found');
    const c = ctx.world.directMessage(ctx.team!.id, users[0]!);
    return {
      ...(existed ? { no_op: true, already_open: true } : {}),
      channel: boolArg(ctx.args, 'return_im') ? channelJson(ctx, c) : { id: c.id },
    };
  },
};
