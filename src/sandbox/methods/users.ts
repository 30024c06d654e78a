// users.info, users.list and users.lookupByEmail.
import type { SbUser } from '../world.js';
import { SlackApiError, stringArg, type MethodContext, type MethodSpec } from './types.js';

export function userJson(ctx: MethodContext, u: SbUser) {
  // The e-mail is shown only with users:read.email, and never for a user who hides it.
  const showEmail = ctx.token!.scopes.includes('users:read.email') && u.email !== null;
  return {
    id: u.id,
    team_id: u.teamId,
    name: u.name,
    deleted: u.deleted ?? false,
    real_name: u.realName,
    tz: 'Europe/London',
    tz_label: 'Greenwich Mean Time',
    tz_offset: 0,
    is_bot: u.isBot ?? false,
    is_app_user: false,
    profile: {
      real_name: u.realName,
      display_name: u.name,
      real_name_normalized: u.realName,
      display_name_normalized: u.name,
      ...(showEmail ? { email: u.email } : {}),
      team: u.teamId,
    },
  };
}

export const info: MethodSpec = {
  auth: 'bot',
  scopes: ['users:read'],
  handler(ctx) {
    const u = ctx.world.users.get(stringArg(ctx.args, 'user'));
    if (!u) throw new SlackApiError('user_not_found');
    if (u.teamId !== ctx.team!.id) throw new SlackApiError('user_not_visible');
    return { user: userJson(ctx, u) };
  },
};

export const lookupByEmail: MethodSpec = {
  auth: 'bot',
  scopes: ['users:read.email'],
  handler(ctx) {
    const email = stringArg(ctx.args, 'email').toLowerCase();
    const u = [...ctx.world.users.values()].find((x) => x.teamId === ctx.team!.id && x.email?.toLowerCase() === email);
    if (!u) throw new SlackApiError('users_not_found');
    return { user: userJson(ctx, u) };
  },
};

const encodeCursor = (offset: number) => Buffer.from(`user:${offset}`).toString('base64');

/** Every member of the workspace, paged (cursor and limit as Slack documents them). */
export const list: MethodSpec = {
  auth: 'bot',
  scopes: ['users:read'],
  handler(ctx) {
    const limitRaw = ctx.args.limit;
    const limit = limitRaw === undefined || limitRaw === '' || Number(limitRaw) === 0 ? 1000 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) throw new SlackApiError('invalid_limit');
    const cursor = stringArg(ctx.args, 'cursor', false);
    let offset = 0;
    if (cursor) {
      const m = /^user:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
      if (!m) throw new SlackApiError('invalid_cursor');
      offset = Number(m[1]);
    }
    const all = [...ctx.world.users.values()].filter((u) => u.teamId === ctx.team!.id).sort((a, b) => a.id.localeCompare(b.id));
    const page = all.slice(offset, offset + Math.min(limit, 1000));
    const next = offset + page.length < all.length ? encodeCursor(offset + page.length) : '';
    return { members: page.map((u) => userJson(ctx, u)), cache_ts: Math.floor(ctx.world.now() / 1000), response_metadata: { next_cursor: next } };
  },
};
