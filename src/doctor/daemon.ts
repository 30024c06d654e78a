// Daemon: running or not, its version; the database (integrity, migrations), the data folder's
// permissions, the last backup, and disk space.
import { existsSync, readdirSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { humanTime, spokenDuration } from '../shared/human-time.js';
import { WriteLockWatch } from '../store/busy.js';
import { loadMigrations } from '../store/db.js';
import { databaseRole } from '../store/db-role.js';
import { isSqlite } from '../store/engine.js';
import { databaseIntegrity } from '../store/doctor-queries.js';
import type { DoctorContext } from './context.js';
import { fail, ok, warn, type Finding } from './finding.js';
import { REFUSED_TOKEN } from './ask-daemon.js';
import { VERSION } from './version.js';

const G = 'daemon';
const LOW_DISK_BYTES = 1024 ** 3;
const CRITICAL_DISK_BYTES = 100 * 1024 ** 2;

function runningFindings(ctx: DoctorContext): Finding[] {
  const f = ctx.facts;
  if (!f) {
    return [fail(G, 'Running', `no daemon answers at ${ctx.daemonUrl ?? '?'}: ${ctx.factsProblem ?? 'unknown'}`, ctx.factsProblem === REFUSED_TOKEN ? 'Give doctor the daemon’s API token: OPSKNIGHT_API_TOKEN (see `opsknight-slack config show-token`).' : 'Start it: `opsknight-slack serve` (or `systemctl start opsknight-slack`); set PORT/HOST if it listens elsewhere.')];
  }
  const up = spokenDuration(ctx.now().getTime() - Date.parse(f.started_at));
  const out = [ok(G, 'Running', `version ${f.version}, up ${up} (pid ${f.pid}, instance ${f.instance_id.slice(0, 8)})`)];
  if (f.version !== VERSION) out.push(warn(G, 'Version', `the daemon runs ${f.version}, this command is ${VERSION}`, 'Restart the daemon to run the installed version.'));
  return out;
}

function databaseFindings(ctx: DoctorContext): Finding[] {
  // The scan reads the whole file: fine for the CLI, too long to hold the daemon's event loop.
  const { quickCheck, schemaVersion } = databaseIntegrity(ctx.core.db, !ctx.inDaemon);
  const latest = Math.max(...loadMigrations(undefined, ctx.core.db.engine).map((m) => m.version));
  const out: Finding[] = [];
  if (!isSqlite(ctx.core.db)) out.push(postgresFinding(ctx));
  if (quickCheck) {
    out.push(
      quickCheck.length === 1 && quickCheck[0] === 'ok'
        ? ok(G, 'Database', `integrity ok (${ctx.core.paths.databaseLabel})`)
        : fail(G, 'Database', `integrity check failed: ${quickCheck.slice(0, 3).join('; ')}`, 'Stop the daemon and restore the last backup (or try `sqlite3 <db> .recover`).'),
    );
  }
  out.push(
    schemaVersion === latest
      ? ok(G, 'Migrations', `schema version ${schemaVersion} (current)`)
      : fail(G, 'Migrations', `schema version ${schemaVersion}, this build expects ${latest}`, schemaVersion > latest ? 'Upgrade opsknight-slack: a newer version wrote this database.' : 'Restart the daemon: it migrates on start.'),
  );
  return out;
}

/** PostgreSQL: reachable (it answered), and whether it takes writes (a standby does not). */
function postgresFinding(ctx: DoctorContext): Finding {
  const role = databaseRole(ctx.core.db);
  return role === 'primary'
    ? ok(G, 'Database', `PostgreSQL reachable, primary (${ctx.core.paths.databaseLabel})`)
    : fail(G, 'Database', `PostgreSQL reachable but read-only (a standby) (${ctx.core.paths.databaseLabel})`, 'Point OPSKNIGHT_SLACK_DB at the primary (or at a service name that follows failover).');
}

/** Another process holding SQLite's write lock (a backup, a CLI command, an sqlite3 shell). */
function lockFindings(ctx: DoctorContext): Finding[] {
  if (!isSqlite(ctx.core.db)) return []; // PostgreSQL writers wait their turn briefly, under its own locks
  const db = ctx.core.db;
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0'); // ask, never wait
  try {
    if (!new WriteLockWatch(db).check().held) return [];
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
  return [
    warn(
      G,
      'Database lock',
      'another process holds the database’s write lock: the daemon keeps answering, but clicks wait and intake answers 503 until it lets go',
      `If it lasts, find it (\`fuser ${ctx.core.paths.database}\`): a long backup, a CLI command or an sqlite3 shell.`,
    ),
  ];
}

function permissionFindings(ctx: DoctorContext): Finding[] {
  const { home, database, keyFile } = ctx.core.paths;
  const open = [home, database, keyFile].filter((p) => existsSync(p) && (statSync(p).mode & 0o077) !== 0);
  if (!open.length) return [ok(G, 'Permissions', `${home} and its secrets are private to this user`)];
  const modes = open.map((p) => `${p} (${(statSync(p).mode & 0o777).toString(8)})`).join(', ');
  const fix = open.map((p) => `chmod ${statSync(p).isDirectory() ? 700 : 600} ${p}`).join(' && ');
  return [warn(G, 'Permissions', `readable by others: ${modes}`, fix)];
}

function backupFinding(ctx: DoctorContext): Finding {
  const dir = join(ctx.core.paths.home, 'backups');
  const files = existsSync(dir) ? readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs) : [];
  if (!files.length) return ok(G, 'Backup', `none found in ${dir}`);
  return ok(G, 'Backup', `last one ${humanTime(Math.max(...files), ctx.now().getTime())}, in ${dir}`);
}

function diskFinding(ctx: DoctorContext): Finding {
  const s = statfsSync(ctx.core.paths.home);
  const free = s.bavail * s.bsize;
  const words = `${(free / 1024 ** 3).toFixed(1)} GB free where the data lives`;
  if (free < CRITICAL_DISK_BYTES) return fail(G, 'Disk', words, 'Free some space: SQLite cannot write (or checkpoint) on a full disk.');
  if (free < LOW_DISK_BYTES) return warn(G, 'Disk', words, 'Free some space before the disk fills.');
  return ok(G, 'Disk', words);
}

export function daemonCheck(ctx: DoctorContext): Finding[] {
  return [...runningFindings(ctx), ...databaseFindings(ctx), ...lockFindings(ctx), ...permissionFindings(ctx), backupFinding(ctx), diskFinding(ctx)];
}
