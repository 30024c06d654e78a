// "Add to Slack": install into several workspaces. /install needs a single-use link from
// `opsknight-slack workspace add`, sets a browser cookie and a single-use, expiring state, and
// redirects to Slack; /callback checks the state against that browser, exchanges the code with
// oauth.v2.access, and stores the workspace (bot token encrypted).
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../observability/logger.js';
import { classifySlackError } from '../../slack/errors.js';
import { REQUIRED_BOT_SCOPES } from '../../slack/scopes.js';
import type { OAuthTickets } from '../../store/oauth-tickets.js';
import type { WorkspaceRepo } from '../../store/workspace-repo.js';
import { escapeHtml } from '../../shared/escape-html.js';

export const STATE_TTL_MS = 10 * 60_000;
const COOKIE = 'opsknight_oauth';
const PATH = '/api/settings/slack-oauth';

export interface OAuthDeps {
  tickets: OAuthTickets;
  workspaces: WorkspaceRepo;
  logger: Logger;
  clientId: () => string | null;
  clientSecret: () => string | null;
  authorizeUrl: string;
  publicUrl: () => string;
  /** A Web API client without a token (oauth.v2.access) or with one (auth.test). */
  slackClient: (token?: string) => WebClient;
  now?: () => number;
}

const esc = escapeHtml;

function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:16px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:640px;margin:60px auto;padding:0 16px;color:#1d1c1d}
h1{font-size:24px}code{background:#f4f4f4;padding:1px 4px;border-radius:3px}.ok{color:#007a5a}.bad{color:#e01e5a}</style></head>
<body>${body}</body></html>`);
}

function cookieValue(req: Request): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`).exec(req.get('cookie') ?? '');
  return m?.[1];
}

const STATE_PROBLEMS = {
  unknown: 'This sign-in attempt is not one OpsKnight started (bad state).',
  used: 'This sign-in attempt was already used (reused state). Start again.',
  expired: 'This sign-in attempt expired. Start again.',
  other_browser: 'This sign-in attempt was started in another browser. Finish it where it began, or start again here.',
} as const;

export function slackOAuthRoutes(deps: OAuthDeps): Router {
  const router = Router();
  const now = () => deps.now?.() ?? Date.now();
  const redirectUri = () => `${deps.publicUrl()}${PATH}/callback`;

  router.get(`${PATH}/install`, (req, res) => {
    const clientId = deps.clientId();
    if (!clientId || !deps.clientSecret()) {
      return page(res, 503, 'Not configured', '<h1 class="bad">OAuth is not set up</h1><p>Set <code>SLACK_CLIENT_ID</code> and <code>SLACK_CLIENT_SECRET</code> (or run <code>opsknight-slack setup</code>) and restart the daemon.</p>');
    }
    const link = typeof req.query.link === 'string' ? req.query.link : '';
    const check = link ? deps.tickets.redeem('install_link', link, now()) : 'unknown';
    if (check !== 'ok') {
      return page(res, 403, 'Install link needed', `<h1 class="bad">This install link is not valid</h1><p>It is ${check === 'used' ? 'already used' : check === 'expired' ? 'expired' : 'missing or unknown'}. An OpsKnight admin can make a new one with <code>opsknight-slack workspace add</code>.</p>`);
    }
    const browser = randomBytes(24).toString('base64url');
    const state = deps.tickets.issue('state', STATE_TTL_MS, now(), browser);
    res.cookie(COOKIE, browser, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: PATH, maxAge: STATE_TTL_MS });
    const target = new URL(deps.authorizeUrl);
    target.searchParams.set('client_id', clientId);
    target.searchParams.set('scope', REQUIRED_BOT_SCOPES.join(','));
    target.searchParams.set('state', state);
    target.searchParams.set('redirect_uri', redirectUri());
    res.redirect(302, target.toString());
  });

  router.get(`${PATH}/callback`, async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const state = q.state ?? '';
    const check = state ? deps.tickets.redeem('state', state, now(), cookieValue(req)) : 'unknown';
    res.clearCookie(COOKIE, { path: PATH });
    if (q.error) {
      const cancelled = q.error === 'access_denied';
      return page(res, cancelled ? 200 : 400, 'Not installed', `<h1 class="bad">${cancelled ? 'Installation cancelled' : 'Slack reported an error'}</h1><p>${cancelled ? 'The app was not installed (access_denied). Nothing changed.' : `Slack said <code>${esc(q.error)}</code>.`}</p>`);
    }
    if (check !== 'ok') {
      deps.logger.warn({ reason: check }, 'OAuth callback refused: bad state');
      return page(res, 400, 'Not installed', `<h1 class="bad">Installation refused</h1><p>${STATE_PROBLEMS[check]}</p>`);
    }
    if (!q.code) return page(res, 400, 'Not installed', '<h1 class="bad">Installation refused</h1><p>Slack sent no code.</p>');
    try {
      const anon = deps.slackClient();
      const r = await anon.oauth.v2.access({ client_id: deps.clientId()!, client_secret: deps.clientSecret()!, code: q.code, redirect_uri: redirectUri() });
      const token = String(r.access_token);
      let botId: string | null = null;
      try {
        botId = ((await deps.slackClient(token).auth.test()).bot_id as string | undefined) ?? null;
      } catch {
        /* bot_id is only for display */
      }
      const ws = deps.workspaces.upsert({
        teamId: String(r.team?.id),
        teamName: String(r.team?.name ?? r.team?.id),
        botToken: token,
        botUserId: (r.bot_user_id as string | undefined) ?? null,
        botId,
        scopes: String(r.scope ?? '').split(',').filter(Boolean),
        installedBy: r.authed_user?.id ? `slack:${r.authed_user.id}` : 'oauth',
      });
      deps.logger.info({ team_id: ws.teamId, team: ws.teamName }, 'workspace installed through OAuth');
      return page(
        res,
        200,
        'Installed',
        `<h1 class="ok">OpsKnight is installed in ${esc(ws.teamName)}</h1><p>Next, choose where incidents go:</p><p><code>opsknight-slack channels default '#incidents' --workspace ${esc(ws.teamId)}</code></p>`,
      );
    } catch (err) {
      const f = classifySlackError(err);
      deps.logger.warn({ error: f.error }, 'OAuth code exchange failed');
      const words: Record<string, string> = {
        bad_client_secret: 'Slack rejected the client secret: check SLACK_CLIENT_SECRET (Basic Information → App Credentials).',
        invalid_client_id: 'Slack does not know this client ID: check SLACK_CLIENT_ID.',
        invalid_code: 'The code from Slack is invalid or expired. Start the installation again.',
        bad_redirect_uri: `Slack refused the redirect URL ${redirectUri()}: add it under OAuth & Permissions → Redirect URLs.`,
      };
      return page(res, 502, 'Not installed', `<h1 class="bad">Installation failed</h1><p>${esc(words[f.error] ?? `Slack said ${f.error}.`)}</p>`);
    }
  });
  return router;
}
