// The daemon's health (/healthz), and Slack delivery's, for /healthz details, `workspace list` and `/opsknight status`.
import type { WriteLockWatch } from '../store/busy.js';
import type { DatabaseRole } from '../store/db-role.js';
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

export interface DaemonHealthDeps {
  core: Core;
  /** Whether the database takes writes now (watchDatabaseRole). */
  role: () => DatabaseRole;
  writeLock: WriteLockWatch;
  /** Writes waiting for a locked database. */
  waitingWrites: () => number;
  /** The workspaces whose deliveries this daemon holds. */
  lanesHeld: () => string[];
  instance: string;
}

/** GET /healthz: the database (engine, role, lock), Slack delivery, and this daemon. A daemon on a
 *  read-only database (a standby) is unavailable (503): a proxy sends its traffic to another. */
export function daemonHealth(d: DaemonHealthDeps) {
  return () => {
    d.core.db.prepare('SELECT 1').get();
    const role = d.role();
    const base = { database_engine: d.core.db.engine, database_role: role, slack: { ...slackHealth(d.core), lanes_held: d.lanesHeld() }, instance: d.instance };
    if (role === 'read-only') {
      const reason = 'the database is read-only (a PostgreSQL standby, or a failover under way): this daemon takes no work; intake answers 503 with Retry-After and Slack clicks are told to try again';
      return { ok: false, degraded: reason, details: { database: 'read-only', ...base } };
    }
    const lock = d.writeLock.check();
    if (!lock.held) return { ok: true, details: { database: 'ok', ...base } };
    const degraded = `the database is locked by another process (seen for ${(lock.forMs / 1000).toFixed(1)} s): reads work; clicks wait and are applied when it is free; intake answers 503 with Retry-After`;
    return { ok: true, degraded, details: { database: 'locked', waiting_writes: d.waitingWrites(), ...base } };
  };
}
