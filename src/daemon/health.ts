// Slack delivery health, for /healthz details, `workspace list` and `/opsknight status`.
import type { Core } from './container.js';

export function slackHealth(core: Core) {
  const workspaces = core.workspaces.list().map((w) => ({
    team_id: w.teamId,
    team: w.teamName,
    status: w.status,
    ...(w.statusReason ? { reason: w.statusReason } : {}),
  }));
  const counts = core.outbox.counts();
  return {
    status: !workspaces.length ? 'not configured' : workspaces.some((w) => w.status !== 'ok') ? 'needs attention' : 'ok',
    workspaces,
    outbox: { pending: counts.pending, failed: counts.failed },
  };
}
