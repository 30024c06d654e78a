// api.test, auth.test, oauth.v2.access, apps.connections.open.
import { randomBytes } from 'node:crypto';
import { SlackApiError, stringArg, type MethodSpec } from './types.js';

export const OAUTH_CODE_TTL_MS = 10 * 60_000;

/** api.test: no token; echoes its arguments (and an `error` argument as the error). */
export const apiTest: MethodSpec = {
  auth: 'none',
  handler(ctx) {
    const { error, ...args } = ctx.args;
    if (typeof error === 'string' && error) throw new SlackApiError(error, { args });
    return Object.keys(args).length ? { args } : {};
  },
};

export const test: MethodSpec = {
  auth: 'any',
  handler(ctx) {
    const team = ctx.team!;
    const bot = ctx.world.botFor(team.id);
    return {
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: 'opsknight',
      team_id: team.id,
      user_id: bot?.userId,
      bot_id: bot?.botId,
      app_id: ctx.world.app.appId,
      is_enterprise_install: false,
    };
  },
};

export const oauthV2Access: MethodSpec = {
  auth: 'none',
  handler(ctx) {
    const app = ctx.world.app;
    const clientId = ctx.basicAuth?.user ?? stringArg(ctx.args, 'client_id', false);
    const clientSecret = ctx.basicAuth?.pass ?? stringArg(ctx.args, 'client_secret', false);
    if (!clientId || clientId !== app.clientId) throw new SlackApiError('invalid_client_id');
    if (clientSecret !== app.clientSecret) throw new SlackApiError('bad_client_secret');
    const code = ctx.world.oauthCodes.get(stringArg(ctx.args, 'code', false));
    if (!code || code.used || ctx.world.now() - code.issuedAt > OAUTH_CODE_TTL_MS) throw new SlackApiError('invalid_code');
    const redirectUri = stringArg(ctx.args, 'redirect_uri', false);
    if (code.redirectUri && redirectUri !== code.redirectUri) throw new SlackApiError('bad_redirect_uri');
    code.used = true;
    const team = ctx.world.teams.get(code.teamId)!;
    const bot = ctx.world.botFor(team.id)!;
    // Re-installing issues a new token and retires the old one, as Slack does.
    for (const t of ctx.world.tokens.values()) if (t.teamId === team.id && t.kind === 'bot') t.revoked = true;
    const token = `xoxb-${Date.now()}-${Math.floor(Math.random() * 1e12)}-${randomBytes(12).toString('hex')}`;
    ctx.world.addToken({ token, teamId: team.id, kind: 'bot', scopes: code.scopes, revoked: false });
    return {
      access_token: token,
      token_type: 'bot',
      scope: code.scopes.join(','),
      bot_user_id: bot.userId,
      app_id: app.appId,
      team: { name: team.name, id: team.id },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: code.userId },
    };
  },
};

export const connectionsOpen: MethodSpec = {
  auth: 'app',
  scopes: ['connections:write'],
  handler(ctx) {
    const ws = ctx.baseUrl.replace(/^http/, 'ws');
    const ticket = ctx.issueSocketTicket?.() ?? randomBytes(8).toString('hex');
    return { url: `${ws}/link/?ticket=${ticket}&app_id=${ctx.world.app.appId}` };
  },
};
