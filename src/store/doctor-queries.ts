// Read-only questions the doctor asks the store, and the one record it keeps (slack_requests_seen).
import { prepared, schemaVersion as readSchemaVersion, type Db } from './db.js';
import { isSqlite } from './engine.js';

export function loadRequestsSeen(db: Db): Map<string, number> {
  const rows = prepared(db, 'SELECT endpoint, last_verified_at FROM slack_requests_seen').all() as { endpoint: string; last_verified_at: number }[];
  return new Map(rows.map((r) => [r.endpoint, r.last_verified_at]));
}

export function saveRequestSeen(db: Db, endpoint: string, at: number): void {
  prepared(
    db,
    `INSERT INTO slack_requests_seen (endpoint, last_verified_at) VALUES (?, ?)
     ON CONFLICT (endpoint) DO UPDATE SET last_verified_at = excluded.last_verified_at
       WHERE slack_requests_seen.last_verified_at < excluded.last_verified_at`,
  ).run(endpoint, at);
}

/** Every sealed secret on disk, with where it lives (for "stored secrets decrypt with the current key"). */
export function sealedSecrets(db: Db): { where: string; sealed: string }[] {
  const settings = prepared(db, 'SELECT key, value FROM settings WHERE encrypted = 1 ORDER BY key').all() as { key: string; value: string }[];
  const tokens = prepared(db, 'SELECT team_id, team_name, bot_token FROM workspaces ORDER BY team_name').all() as { team_id: string; team_name: string; bot_token: string }[];
  return [
    ...settings.map((s) => ({ where: `setting ${s.key}`, sealed: s.value })),
    ...tokens.map((t) => ({ where: `bot token of ${t.team_name} (${t.team_id})`, sealed: t.bot_token })),
  ];
}

export interface OutboxBacklog {
  pending: number;
  oldestPendingAt: number | null;
  rateLimited: number;
}

export function outboxBacklog(db: Db): OutboxBacklog {
  const r = prepared(
    db,
    `SELECT count(*) AS n, min(created_at) AS oldest, sum(CASE WHEN last_error = 'ratelimited' THEN 1 ELSE 0 END) AS limited
     FROM outbox WHERE status = 'pending'`,
  ).get() as { n: number; oldest: number | null; limited: number | null };
  return { pending: r.n, oldestPendingAt: r.oldest, rateLimited: r.limited ?? 0 };
}

/** Rows that failed for good since a time, grouped by error, most frequent first. */
export function failuresByError(db: Db, since: number): { error: string; count: number; teamId: string; lastAt: number }[] {
  const rows = prepared(
    db,
    `SELECT coalesce(last_error, 'unknown') AS error, team_id, count(*) AS n, max(coalesce(delivered_at, created_at)) AS last_at
     FROM outbox WHERE status = 'failed' AND coalesce(delivered_at, created_at) >= ?
     GROUP BY error, team_id ORDER BY n DESC, last_at DESC LIMIT 20`,
  ).all(since) as { error: string; team_id: string; n: number; last_at: number }[];
  return rows.map((r) => ({ error: r.error, count: r.n, teamId: r.team_id, lastAt: r.last_at }));
}

/** Database health: SQLite's quick_check (PostgreSQL checks its own pages) and the schema version. */
export function databaseIntegrity(db: Db, scan = true): { quickCheck: string[] | null; schemaVersion: number } {
  const schemaVersion = readSchemaVersion(db);
  if (!scan || !isSqlite(db)) return { quickCheck: null, schemaVersion };
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    // SQLite's report: "ok", or problems (several per row), headed by "*** in database main ***".
    const lines = rows.flatMap((r) => r.quick_check.split('\n')).filter((l) => l && !l.startsWith('***'));
    return { quickCheck: lines, schemaVersion };
  } catch (err) {
    return { quickCheck: [(err as Error).message], schemaVersion }; // SQLITE_CORRUPT and the like
  }
}

/** A workspace's name without decrypting its token. */
export function workspaceName(db: Db, teamId: string): string | null {
  return (prepared(db, 'SELECT team_name FROM workspaces WHERE team_id = ?').pluck().get(teamId) as string | undefined) ?? null;
}
