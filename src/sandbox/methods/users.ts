// users.info and users.lookupByEmail.
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
