// Delivery: the outbox backlog and its age, rows that failed and why (grouped by error), messages
// waiting on Slack's rate limit, and workspaces marked as needing attention.
import { spokenDuration } from '../shared/human-time.js';
import { explainSlackError } from '../slack/errors.js';
import { DeliveryLeases } from '../store/delivery-leases.js';
import { failuresByError, outboxBacklog, workspaceName } from '../store/doctor-queries.js';
import type { DoctorContext } from './context.js';
import { fail, ok, warn, type Finding } from './finding.js';
import { plural } from './words.js';

const G = 'delivery';
const SLOW_MS = 60_000;
const STUCK_MS = 10 * 60_000;
const FAILURE_WINDOW_MS = 86_400_000;

function backlogFindings(ctx: DoctorContext): Finding[] {
  const b = outboxBacklog(ctx.core.db);
  const now = ctx.now().getTime();
  const out: Finding[] = [];
  if (!b.pending) out.push(ok(G, 'Outbox', 'nothing waiting to be sent'));
  else {
    const age = now - (b.oldestPendingAt ?? now);
    const words = `${plural(b.pending, 'message')} waiting, the oldest for ${spokenDuration(age)}`;
    if (age >= STUCK_MS) out.push(fail(G, 'Outbox', `${words}: delivery is stuck`, 'Is the daemon running (see Daemon)? Otherwise the failures and workspaces below, and the daemon log, say why.'));
    else if (age >= SLOW_MS) out.push(warn(G, 'Outbox', `${words}: delivery is slow`, 'Usually Slack’s rate limit or a slow network; it catches up by itself. If it grows, see the daemon log.'));
    else out.push(ok(G, 'Outbox', `${words}`));
  }
  const recent429s = ctx.facts?.rate_limited_last_hour ?? 0;
  if (b.rateLimited || recent429s) {
    const words = [
      ...(recent429s ? [`Slack answered ${plural(recent429s, 'call')} with HTTP 429 (rate limited) in the last hour`] : []),
      ...(b.rateLimited ? [`${plural(b.rateLimited, 'message is', 'messages are')} waiting on Slack's rate limit (HTTP 429)`] : []),
    ];
    out.push(warn(G, 'Rate limits', words.join('; '), 'Nothing is lost: they go out when Slack allows. If it happens often, fold alert storms: `opsknight-slack workspace settings --digest-threshold 5`.'));
  }
  return out;
}

/** The failure's error code ("not_in_channel: …" → "not_in_channel"). */
const codeOf = (error: string) => /^([a-z_]+)(?::|$)/.exec(error)?.[1] ?? null;

const CHANNEL_ERRORS = new Set(['is_archived', 'channel_not_found', 'not_in_channel']);

function fixFor(code: string | null): string {
  if (code && CHANNEL_ERRORS.has(code)) return "Route to channels the bot can post in (see Channels), e.g. `opsknight-slack channels default '#incidents'`; the incidents themselves are safe.";
  if (code === 'missing_scope') return explainSlackError(code);
  return 'The daemon log has the details; the incidents themselves are safe in the database.';
}

function failureFindings(ctx: DoctorContext): Finding[] {
  const groups = failuresByError(ctx.core.db, ctx.now().getTime() - FAILURE_WINDOW_MS);
  if (!groups.length) return [ok(G, 'Failures', 'no message failed in the last 24 h')];
  return groups.map((g) => {
    const team = workspaceName(ctx.core.db, g.teamId) ?? g.teamId;
    return fail(G, 'Failures', `${plural(g.count, 'message')} failed in ${team} in the last 24 h: ${g.error}`, fixFor(codeOf(g.error)));
  });
}

function workspaceFindings(ctx: DoctorContext): Finding[] {
  let workspaces;
  try {
    workspaces = ctx.core.workspaces.list();
  } catch {
    return []; // Tokens that cannot be decrypted: Credentials says so.
  }
  return workspaces
    .filter((w) => w.status !== 'ok')
    .map((w) =>
      fail(G, 'Workspace', `${w.teamName} (${w.teamId}) needs attention: ${w.statusReason ?? 'Slack refused its token'}`, 'Fix the token (see Credentials); `opsknight-slack test-connection` clears the mark once it works, and waiting messages go out.'),
    );
}

/** Which daemon delivers each workspace (several daemons share the outbox by leases). */
function laneFindings(ctx: DoctorContext): Finding[] {
  const now = ctx.now().getTime();
  const me = ctx.facts?.instance_id;
  return new DeliveryLeases(ctx.core.db).all().map((l) => {
    const team = workspaceName(ctx.core.db, l.lane) ?? l.lane;
    const who = l.owner === me ? 'this daemon' : `daemon ${l.owner.slice(0, 8)}`;
    return l.expiresAt > now
      ? ok(G, 'Lanes', `${team} is delivered by ${who} (lease renewed, ${spokenDuration(l.expiresAt - now)} left)`)
      : ok(G, 'Lanes', `${team}: no daemon holds it now (the lease of ${who} ran out ${spokenDuration(now - l.expiresAt)} ago); the next daemon with something to send takes it`);
  });
}

export function deliveryCheck(ctx: DoctorContext): Finding[] {
  return [...backlogFindings(ctx), ...laneFindings(ctx), ...failureFindings(ctx), ...workspaceFindings(ctx)];
}
