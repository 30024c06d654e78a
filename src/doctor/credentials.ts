// Credentials: stored secrets decrypt with the current key; each bot token works (auth.test), with
// its workspace and bot user; every scope the features in use need; the signing secret and the
// Socket Mode token are there.
import { APP_TOKEN_SETTING } from '../config/setting-keys.js';
import { signingSecrets } from '../daemon/secrets-config.js';
import { ConnectionError, checkAppToken, checkConnection } from '../slack/connection-check.js';
import { classifySlackError, explainSlackError } from '../slack/errors.js';
import { connectBotToken } from '../slack/workspaces.js';
import { sealedSecrets } from '../store/doctor-queries.js';
import type { Workspace } from '../store/workspace-repo.js';
import { readableSetting, type DoctorContext } from './context.js';
import { fail, ok, warn, type Finding } from './finding.js';
import { missingScopes } from './scopes.js';

const G = 'credentials';
const REINSTALL = 'Reinstall the app to the workspace (api.slack.com/apps → your app → Install App → Reinstall), then store the new token: `opsknight-slack setup` or SLACK_BOT_TOKEN.';

function secretsFinding(ctx: DoctorContext): Finding {
  const sealed = sealedSecrets(ctx.core.db);
  const broken = sealed.filter((s) => {
    try {
      ctx.core.secrets.decrypt(s.sealed);
      return false;
    } catch {
      return true;
    }
  });
  if (!broken.length) return ok(G, 'Stored secrets', sealed.length ? `${sealed.length} stored secrets decrypt with the current key` : 'no secrets stored yet');
  return fail(
    G,
    'Stored secrets',
    `${broken.length} of ${sealed.length} stored secrets cannot be decrypted with the current key: ${broken.map((b) => b.where).join(', ')}`,
    `Restore the key they were saved with (OPSKNIGHT_SECRET_KEY, or the key file ${ctx.core.paths.keyFile}), or enter them again with \`opsknight-slack setup\`.`,
  );
}

/** Slack did not answer (as opposed to refusing): the network, a 5xx, a 429. */
const NO_ANSWER = /^(http_|network|request_failed|internal_error|fatal_error|service_unavailable|request_timeout|ratelimited)/;

function tokenFailure(w: { teamName: string; teamId: string } | null, err: unknown): Finding {
  const code = err instanceof ConnectionError ? err.error : classifySlackError(err).error;
  const whose = w ? `The bot token of ${w.teamName} (${w.teamId})` : 'SLACK_BOT_TOKEN';
  switch (code) {
    case 'token_revoked':
      return fail(G, 'Bot token', `${whose} was revoked (token_revoked): the app was removed or reinstalled`, REINSTALL);
    case 'account_inactive':
      return fail(G, 'Bot token', `${whose} belongs to a deactivated workspace or bot user (account_inactive)`, REINSTALL);
    case 'invalid_auth':
    case 'not_authed':
      return fail(G, 'Bot token', `${whose} is not accepted by Slack (${code})`, 'Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN, or run `opsknight-slack setup`.');
    default:
      return NO_ANSWER.test(code)
        ? warn(G, 'Bot token', `${whose} could not be checked: Slack did not answer (${code})`, 'Check the network (and SLACK_API_URL if you point it elsewhere), then run doctor again.')
        : fail(G, 'Bot token', `${whose}: ${explainSlackError(code)} (${code})`, REINSTALL);
  }
}

async function workspacesToCheck(ctx: DoctorContext, out: Finding[]): Promise<Workspace[]> {
  const envToken = ctx.env.SLACK_BOT_TOKEN;
  if (envToken && !ctx.core.workspaces.list().some((w) => w.botToken === envToken)) {
    try {
      await connectBotToken(ctx.core.slackClient(envToken), envToken, ctx.core.workspaces);
    } catch (err) {
      out.push(tokenFailure(null, err));
    }
  }
  const all = ctx.core.workspaces.list();
  if (!ctx.workspaceRef) return all;
  const ref = ctx.workspaceRef.toLowerCase();
  const chosen = all.filter((w) => w.teamId === ctx.workspaceRef || w.teamName.toLowerCase() === ref);
  if (!chosen.length) {
    out.push(fail(G, 'Workspace', `No connected workspace "${ctx.workspaceRef}" (connected: ${all.map((w) => `${w.teamName} (${w.teamId})`).join(', ') || 'none'})`, 'Name one of the connected workspaces with --workspace, by team id or name.'));
  }
  return chosen;
}

async function checkWorkspace(ctx: DoctorContext, w: Workspace, out: Finding[]): Promise<void> {
  const client = ctx.core.clientFor(w);
  let report;
  try {
    report = await checkConnection(client);
  } catch (err) {
    out.push(tokenFailure(w, err));
    return;
  }
  ctx.targets.push({ workspace: w, client, scopes: report.scopes });
  out.push(ok(G, 'Bot token', `valid for ${report.teamName} (${report.teamId}), bot user ${report.botUserId ?? '?'}`));
  const missing = missingScopes(report.scopes, w, ctx.core.workspaces);
  if (!missing.length) {
    out.push(ok(G, 'Scopes', `${report.teamName}: every scope the features need is granted`));
    return;
  }
  const words = missing.map((m) => `${m.scope} (${m.feature})`).join(', ');
  const fix = 'Add the scopes under OAuth & Permissions → Bot Token Scopes (or update the app from `opsknight-slack manifest`), reinstall the app, and store the new token.';
  const make = missing.some((m) => m.inUse) ? fail : warn;
  out.push(make(G, 'Scopes', `${report.teamName} is missing ${words}`, fix));
}

export async function credentialsCheck(ctx: DoctorContext): Promise<Finding[]> {
  const out = [secretsFinding(ctx)];
  // Without the key, no token can be read: the other checks have nothing to work with.
  if (out[0]!.level === 'fail') return out;
  const workspaces = await workspacesToCheck(ctx, out);
  if (!workspaces.length && !out.some((f) => f.level === 'fail')) {
    out.push(fail(G, 'Bot token', 'No Slack workspace is connected', 'Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or run `opsknight-slack setup`.'));
  }
  for (const w of workspaces) await checkWorkspace(ctx, w, out);

  const appToken = ctx.env.SLACK_APP_TOKEN || readableSetting(ctx.core, APP_TOKEN_SETTING);
  if (appToken) {
    try {
      await checkAppToken(ctx.core.slackClient(appToken));
      out.push(ok(G, 'App-level token', 'Socket Mode token accepted (apps.connections.open)'));
    } catch (err) {
      const e = err as ConnectionError;
      out.push(fail(G, 'App-level token', `The Socket Mode token is not accepted (${e.error})`, 'Make an app-level token with connections:write (Basic Information → App-Level Tokens) and set SLACK_APP_TOKEN.'));
    }
  } else if (!signingSecrets(ctx.env, ctx.core.settings).length) {
    out.push(fail(G, 'Signing secret', 'No signing secret is configured: every request from Slack is refused', 'Copy the Signing Secret (Basic Information → App Credentials) into SLACK_SIGNING_SECRET, or run `opsknight-slack setup`.'));
  } else {
    out.push(ok(G, 'Signing secret', 'configured'));
  }
  return out;
}
