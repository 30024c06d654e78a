// Whether the database takes writes, as the daemon's request path needs to know it: asked at most
// once a second (a PostgreSQL standby, or a primary demoted by a failover, says so; SQLite is
// read-only only when its file is). While it cannot be asked (a failover under way), the last
// answer stands: writes then fail as busy and are retried.
import type { Db } from '../store/engine.js';
import { databaseRole, type DatabaseRole } from '../store/db-role.js';

export const ROLE_CHECK_MS = 1000;

export function watchDatabaseRole(db: Db, now: () => number): () => DatabaseRole {
  let role: DatabaseRole = 'primary';
  let checkedAt = -Infinity;
  return () => {
    const t = now();
    if (t - checkedAt < ROLE_CHECK_MS) return role;
    checkedAt = t;
    try {
      role = databaseRole(db);
    } catch {
      // unreachable for now: keep the last answer
    }
    return role;
  };
}
