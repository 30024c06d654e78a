// pins.add (pins:write) and usergroups.list (usergroups:read).
import { SlackApiError, boolArg, stringArg, type MethodSpec } from './types.js';

export const pinsAdd: MethodSpec = {
  auth: 'bot',
  scopes: ['pins:write'],
  handler(ctx) {
    const c = ctx.world.findChannel(ctx.team!.id, stringArg(ctx.args, 'channel'));
    const bot = ctx.world.botFor(ctx.team!.id)!;
    if (!c || (c.isPrivate && !c.members.has(bot.userId))) throw new SlackApiError('channel_not_found');
    if (!c.members.has(bot.userId)) throw new SlackApiError('not_in_channel');
    if (c.isArchived) throw new SlackApiError('is_archived');
    const ts = stringArg(ctx.args, 'timestamp', false);
    if (!ts) throw new SlackApiError('no_item_specified');
    if (!/^\d+\.\d+$/.test(ts)) throw new SlackApiError('bad_timestamp');
    const m = ctx.world.message(c.id, ts);
    if (!m || m.deleted) throw new SlackApiError('message_not_found');
    c.pins ??= new Set();
    if (c.pins.has(ts)) throw new SlackApiError('already_pinned');
    if (c.pins.size >= 100) throw new SlackApiError('too_many_pins');
    c.pins.add(ts);
    return {};
  },
};

export const usergroupsList: MethodSpec = {
  auth: 'bot',
  scopes: ['usergroups:read'],
  handler(ctx) {
    const withUsers = boolArg(ctx.args, 'include_users');
    const groups = [...ctx.world.userGroups.values()].filter((g) => g.teamId === ctx.team!.id);
    return {
      usergroups: groups.map((g) => ({
        id: g.id,
        team_id: g.teamId,
        is_usergroup: true,
        name: g.name,
        description: '',
        handle: g.handle,
        is_external: false,
        date_create: 0,
        date_delete: 0,
        auto_type: null,
        user_count: g.users.length,
        ...(withUsers ? { users: g.users } : {}),
      })),
    };
  },
};
