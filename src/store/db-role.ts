// Whether this database takes writes: a PostgreSQL standby (in recovery) is read-only, and a daemon
// on one must not take work (/healthz says so). A SQLite file is read-only only when opened so.
import { isSqlite, type Db } from './engine.js';

export type DatabaseRole = 'primary' | 'read-only';

export function databaseRole(db: Db): DatabaseRole {
  if (isSqlite(db)) return db.readonly ? 'read-only' : 'primary';
  const row = db.prepare('SELECT pg_is_in_recovery() AS standby, current_setting(\'transaction_read_only\') AS ro').get() as { standby: number; ro: string };
  return row.standby || row.ro === 'on' ? 'read-only' : 'primary';
}
