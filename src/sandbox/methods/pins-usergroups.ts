// pins.add (pins:write), usergroups.list (usergroups:read) and usergroups.users.update (usergroups:write).
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

/** Replaces a group's members, with Slack's documented refusals: an unknown group (no_such_subteam),
 *  no users (no_users_provided: a group cannot be emptied this way), ids that are not user ids
 *  (invalid_users), users of another workspace (failed_for_some_users), bots and deactivated users
 *  (invalid_user), and a workspace that lets only admins edit groups (permission_denied). */
export const usergroupsUsersUpdate: MethodSpec = {
  auth: 'bot',
  scopes: ['usergroups:write'],
  handler(ctx) {
    const id = typeof ctx.args.usergroup === 'string' ? ctx.args.usergroup : '';
    if (!id) throw new SlackApiError('missing_argument');
    const raw = ctx.args.users;
    const ids = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : []).map((u) => u.trim()).filter(Boolean);
    if (!ids.length) throw new SlackApiError('no_users_provided');
    const group = ctx.world.userGroups.get(id);
    if (!group || group.teamId !== ctx.team!.id) throw new SlackApiError('no_such_subteam');
    if (ctx.world.userGroupsAdminOnly.has(ctx.team!.id)) throw new SlackApiError('permission_denied');
    if (ids.some((u) => !/^[UW][A-Z0-9]{2,}$/.test(u))) throw new SlackApiError('invalid_users');
    const users = ids.map((u) => ctx.world.users.get(u));
    if (users.some((u) => !u || u.teamId !== group.teamId)) throw new SlackApiError('failed_for_some_users');
    if (users.some((u) => u!.isBot || u!.deleted)) throw new SlackApiError('invalid_user');
    group.users = [...new Set(ids)];
    return {
      usergroup: { id: group.id, team_id: group.teamId, is_usergroup: true, name: group.name, description: '', handle: group.handle, is_external: false, date_delete: 0, auto_type: null, users: group.users, user_count: group.users.length },
    };
  },
};
