// The sandbox's "Add to Slack" screens: /oauth/v2/authorize asks which workspace and who installs,
// then redirects back with code and state (or error=access_denied), as Slack does.
import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import { escapeHtml, page } from './ui/html.js';
import type { SlackWorld } from './world.js';

export function oauthRouter(world: SlackWorld, onChange: () => void): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false }));

  router.get('/oauth/v2/authorize', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const app = world.app;
    if (q.client_id !== app.clientId) {
      res.status(400).send(page('Installation error', '<h1>Something went wrong</h1><p>invalid_client_id: this app is not known.</p>'));
      return;
    }
    const redirect = q.redirect_uri ?? app.redirectUrls[0];
    if (!redirect || (app.redirectUrls.length && !app.redirectUrls.includes(redirect))) {
      res.status(400).send(page('Installation error', '<h1>Something went wrong</h1><p>bad_redirect_uri: the redirect URL is not one of the app’s.</p>'));
      return;
    }
    const scopes = (q.scope ?? '').split(',').filter(Boolean);
    const teams = [...world.teams.values()].filter((t) => !q.team || t.id === q.team);
    const users = [...world.users.values()].filter((u) => !u.isBot);
    const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    res.send(
      page(
        `Install ${app.name}`,
        `<div class="oauth">
          <h1>${escapeHtml(app.name)} is requesting permission to access a workspace</h1>
          <form method="post" action="/oauth/v2/authorize">
            ${hidden('state', q.state ?? '')}${hidden('redirect_uri', redirect)}${hidden('scope', scopes.join(','))}
            <label>Workspace <select name="team">${teams.map((t) => `<option value="${t.id}">${escapeHtml(t.name)}</option>`).join('')}</select></label>
            <label>Installing as <select name="user">${users.map((u) => `<option value="${u.id}">${escapeHtml(u.realName)} (${u.teamId})</option>`).join('')}</select></label>
            <p>It will be able to:</p><ul>${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>
            <button name="decision" value="allow" class="primary">Allow</button>
            <button name="decision" value="cancel">Cancel</button>
          </form></div>`,
      ),
    );
  });

  router.post('/oauth/v2/authorize', (req, res) => {
    const b = req.body as Record<string, string>;
    const target = new URL(b.redirect_uri!);
    if (b.state) target.searchParams.set('state', b.state);
    if (b.decision !== 'allow') {
      target.searchParams.set('error', 'access_denied');
      res.redirect(302, target.toString());
      return;
    }
    const code = `${Date.now()}.${randomBytes(12).toString('hex')}`;
    world.oauthCodes.set(code, {
      code,
      teamId: b.team!,
      userId: b.user!,
      redirectUri: b.redirect_uri ?? null,
      scopes: (b.scope ?? '').split(',').filter(Boolean),
      issuedAt: world.now(),
      used: false,
    });
    onChange();
    target.searchParams.set('code', code);
    res.redirect(302, target.toString());
  });
  return router;
}
