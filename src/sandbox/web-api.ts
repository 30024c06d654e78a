// The Web API emulator: POST /api/<method>, Slack's wire conventions. Form or JSON bodies, the token
// in "Authorization: Bearer" (or a form field), HTTP 200 with {ok:true,…} or {ok:false,error,…},
// 429 with Retry-After when rate limited. Every call is recorded.
import express, { Router, type Request, type Response } from 'express';
import type { FaultInjector } from './faults.js';
import * as auth from './methods/auth.js';
import * as chat from './methods/chat.js';
import * as conversations from './methods/conversations.js';
import * as manage from './methods/conversations-manage.js';
import { pinsAdd, usergroupsList, usergroupsUsersUpdate } from './methods/pins-usergroups.js';
import { SlackApiError, type Args, type MethodContext, type MethodSpec } from './methods/types.js';
import * as users from './methods/users.js';
import * as views from './methods/views.js';
import type { RateLimiter } from './rate-limits.js';
import type { SbToken, SlackWorld } from './world.js';

export const METHODS: Record<string, MethodSpec> = {
  'api.test': auth.apiTest,
  'auth.test': auth.test,
  'oauth.v2.access': auth.oauthV2Access,
  'apps.connections.open': auth.connectionsOpen,
  'chat.postMessage': chat.postMessage,
  'chat.update': chat.update,
  'chat.delete': chat.deleteMessage,
  'chat.postEphemeral': chat.postEphemeral,
  'chat.getPermalink': chat.getPermalink,
  'conversations.list': conversations.list,
  'conversations.info': conversations.info,
  'conversations.join': conversations.join,
  'conversations.create': manage.create,
  'conversations.invite': manage.invite,
  'conversations.archive': manage.archive,
  'conversations.open': conversations.open,
  'pins.add': pinsAdd,
  'usergroups.list': usergroupsList,
  'usergroups.users.update': usergroupsUsersUpdate,
  'users.info': users.info,
  'users.list': users.list,
  'users.lookupByEmail': users.lookupByEmail,
  'views.open': views.open,
  'views.update': views.update,
  'views.push': views.push,
  'views.publish': views.publish,
};

export interface WebApiDeps {
  world: SlackWorld;
  limiter: RateLimiter;
  faults: FaultInjector;
  baseUrl: () => string;
  onChange: () => void;
  issueSocketTicket?: () => string;
  /** How far the Date header of the answers is off real time (ms), to try clock-skew checks. */
  dateSkewMs?: () => number;
}

function tokenFrom(req: Request, args: Args): string | null {
  const header = req.get('authorization');
  const bearer = header && /^Bearer\s+(\S+)/i.exec(header)?.[1];
  if (bearer) return bearer;
  return typeof args.token === 'string' && args.token ? args.token : null;
}

function basicAuth(req: Request): { user: string; pass: string } | null {
  const m = /^Basic\s+(\S+)/i.exec(req.get('authorization') ?? '');
  if (!m) return null;
  const [user, ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
  return { user: user ?? '', pass: rest.join(':') };
}

function authenticate(world: SlackWorld, spec: MethodSpec, tokenText: string | null): SbToken | null {
  if (spec.auth === 'none') return null;
  if (!tokenText) throw new SlackApiError('not_authed');
  const token = world.tokens.get(tokenText);
  if (!token) throw new SlackApiError('invalid_auth');
  if (token.revoked) throw new SlackApiError('token_revoked');
  if (token.inactive) throw new SlackApiError('account_inactive');
  if (spec.auth === 'bot' && token.kind !== 'bot') throw new SlackApiError('not_allowed_token_type');
  if (spec.auth === 'app' && token.kind !== 'app') throw new SlackApiError('not_allowed_token_type');
  return token;
}

export function webApiRouter(deps: WebApiDeps): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '5mb' }), express.json({ limit: '5mb' }));
  router.use((_req, res, next) => {
    const skew = deps.dateSkewMs?.() ?? 0;
    if (skew) res.setHeader('Date', new Date(Date.now() + skew).toUTCString());
    next();
  });

  router.all('/:method', (req: Request, res: Response) => {
    const method = String(req.params.method);
    const args: Args = { ...(req.query as Args), ...((req.body as Args | undefined) ?? {}) };
    const { token: _omit, ...loggedArgs } = args;
    const spec = METHODS[method];
    const world = deps.world;
    const send = (status: number, body: Record<string, unknown>, teamId: string | null) => {
      world.recordCall({ method, teamId, args: loggedArgs, status, ok: body.ok === true, error: body.error as string | undefined });
      res.status(status).json(body);
      if (body.ok === true) deps.onChange();
    };

    const fault = deps.faults.take(method);
    if (fault?.kind === 'timeout') {
      // Never answers: the client's timeout decides. The socket is cut after a minute.
      world.recordCall({ method, teamId: null, args: loggedArgs, status: 0, ok: false, error: 'timeout (fault)' });
      setTimeout(() => res.destroy(), 60_000).unref();
      return;
    }
    if (fault?.kind === 'server_error') {
      world.recordCall({ method, teamId: null, args: loggedArgs, status: fault.status ?? 503, ok: false, error: 'server_error (fault)' });
      res.status(fault.status ?? 503).type('text/html').send('<html><body>Service Unavailable</body></html>');
      return;
    }
    if (fault?.kind === 'slack_error') {
      send(200, { ok: false, error: fault.error ?? 'internal_error' }, null);
      return;
    }
    if (fault?.kind === 'rate_limited') {
      res.set('Retry-After', String(fault.retryAfter ?? 1));
      send(429, { ok: false, error: 'ratelimited' }, null);
      return;
    }

    if (!spec) {
      send(200, { ok: false, error: 'unknown_method', req_method: method }, null);
      return;
    }
    let teamId: string | null = null;
    try {
      const token = authenticate(world, spec, tokenFrom(req, args));
      if (token) {
        teamId = token.teamId;
        res.set('x-oauth-scopes', token.scopes.join(','));
        const needed = typeof spec.scopes === 'function' ? spec.scopes(args) : (spec.scopes ?? []);
        res.set('x-accepted-oauth-scopes', needed.join(','));
        const missing = needed.filter((s) => !token.scopes.includes(s));
        if (missing.length) throw new SlackApiError('missing_scope', { needed: missing.join(','), provided: token.scopes.join(',') });
      }
      const channel = spec.channelArg && typeof args[spec.channelArg] === 'string' ? (args[spec.channelArg] as string) : undefined;
      const wait = deps.limiter.take(method, teamId ?? 'none', channel);
      if (wait !== null) {
        res.set('Retry-After', String(wait));
        send(429, { ok: false, error: 'ratelimited' }, teamId);
        return;
      }
      const ctx: MethodContext = {
        world,
        token,
        team: token ? (world.teams.get(token.teamId) ?? null) : null,
        args,
        baseUrl: deps.baseUrl(),
        basicAuth: basicAuth(req),
        onViewsChanged: deps.onChange,
        issueSocketTicket: deps.issueSocketTicket,
      };
      send(200, { ok: true, ...spec.handler(ctx) }, teamId);
    } catch (err) {
      if (err instanceof SlackApiError) send(200, { ok: false, error: err.error, ...err.extra }, teamId);
      else send(200, { ok: false, error: 'internal_error' }, teamId);
    }
  });
  return router;
}
