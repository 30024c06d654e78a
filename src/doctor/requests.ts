// Interactivity, seen from the daemon: when Slack last reached each endpoint with a request that
// verified, recent signature failures, and Socket Mode's connection.
import type { DaemonFacts } from '../daemon/slack-request-log.js';
import type { DoctorContext } from './context.js';
import { fail, ok, warn, type Finding } from './finding.js';
import { socketModeConfigured } from './interactivity.js';
import { humanTime } from '../shared/human-time.js';
import { plural } from './words.js';

const G = 'interactivity';
const QUIET_DAYS = 7;
/** This many bad signatures in an hour is a wrong secret, not a stray probe. */
const MISMATCH_FAIL_AT = 3;

const SECRET_FIX =
  'Copy the Signing Secret from the app in Slack (Basic Information → App Credentials) into SLACK_SIGNING_SECRET (comma-separate a second app’s), or run `opsknight-slack setup`; then restart the daemon.';

function socketFinding(ctx: DoctorContext, facts: DaemonFacts): Finding {
  const s = facts.socket_mode;
  if (!s.configured) return fail(G, 'Socket Mode', 'the running daemon was started without an app-level token', 'Restart the daemon so it picks up SLACK_APP_TOKEN (or the token stored by setup).');
  const since = s.since ? ` since ${humanTime(Date.parse(s.since), ctx.now().getTime())}` : '';
  if (s.connected) return ok(G, 'Socket Mode', `connected${since}`);
  return fail(G, 'Socket Mode', `not connected${since}${s.last_error ? `: ${s.last_error}` : ''}`, 'Check SLACK_APP_TOKEN (xapp-…, scope connections:write) and that Socket Mode is on in the app settings; the daemon log says more.');
}

function lastRequestFinding(ctx: DoctorContext, facts: DaemonFacts): Finding {
  const seen = facts.slack_requests.endpoints.filter((e) => e.last_verified_at).sort((a, b) => Date.parse(b.last_verified_at!) - Date.parse(a.last_verified_at!));
  const fix = 'In Slack, run /opsknight status; if it fails, check the Request URLs (Interactivity & Shortcuts, Slash Commands) point at this daemon (see Manifest).';
  if (!seen.length) return warn(G, 'Requests from Slack', 'no request from Slack has reached this daemon yet', fix);
  const last = seen[0]!;
  const age = ctx.now().getTime() - Date.parse(last.last_verified_at!);
  if (age > QUIET_DAYS * 86_400_000) return warn(G, 'Requests from Slack', `no request from Slack in ${QUIET_DAYS} days: the last came ${humanTime(Date.parse(last.last_verified_at!), ctx.now().getTime())} on ${last.path}`, fix);
  return ok(G, 'Requests from Slack', `last verified request ${humanTime(Date.parse(last.last_verified_at!), ctx.now().getTime())}, on ${last.path}`);
}

function failuresFindings(facts: DaemonFacts): Finding[] {
  const by = facts.slack_requests.failures_last_hour.by_reason;
  const out: Finding[] = [];
  const mismatch = by.signature_mismatch ?? 0;
  if (mismatch) {
    const words = `${plural(mismatch, 'request')} failed verification in the last hour: the signing secret is probably wrong (or a second app's)`;
    out.push(mismatch >= MISMATCH_FAIL_AT ? fail(G, 'Signatures', words, SECRET_FIX) : warn(G, 'Signatures', words, SECRET_FIX));
  }
  if (by.stale_timestamp) {
    out.push(warn(G, 'Signatures', `${plural(by.stale_timestamp, 'request')} refused as older than 5 minutes in the last hour`, "Check this machine's clock (see Clock) and any proxy that holds requests."));
  }
  if (by.no_secret_configured) out.push(fail(G, 'Signatures', `${plural(by.no_secret_configured, 'request')} refused: no signing secret is configured`, SECRET_FIX));
  const unsigned = (by.missing_headers ?? 0) + (by.bad_timestamp ?? 0) + (by.unknown_version ?? 0);
  if (unsigned) out.push(ok(G, 'Unsigned requests', `${plural(unsigned, 'unsigned request')} refused in the last hour (not from Slack)`));
  if (!out.length) out.push(ok(G, 'Signatures', 'no request failed verification in the last hour'));
  return out;
}

export function requestsCheck(ctx: DoctorContext): Finding[] {
  const facts = ctx.facts;
  if (!facts) return [warn(G, 'Requests from Slack', `unknown: ${ctx.factsProblem ?? 'the daemon could not be asked'}`, 'Start the daemon (see Daemon) and run doctor again.')];
  if (socketModeConfigured(ctx) || facts.socket_mode.configured) return [socketFinding(ctx, facts), ...failuresFindings(facts).filter((f) => f.level !== 'ok')];
  return [lastRequestFinding(ctx, facts), ...failuresFindings(facts)];
}
