// A consistent copy of a live SQLite database through SQLite's online backup API: the daemon may keep
// writing meanwhile. The copy is taken in one step (one read snapshot: with WAL the daemon's writers
// are not blocked), written beside the target under a temporary name, checked, made a single
// self-contained file (rollback journal, no -wal to carry along) and only then given its name.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asSqliteDb } from './engine.js';
import { rowCounts } from './inventory.js';

export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  counts: Record<string, number>;
}

export class BackupRefused extends Error {}

/** All remaining pages in one step: a step is one read transaction, so the copy is one snapshot
 *  (in smaller steps, every write by the daemon between two steps would restart the copy). */
const ALL_PAGES = 0x7fffffff;

export async function backupSqlite(source: string, target: string, options: { replace?: boolean } = {}): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupRefused(`There is no database at ${source}: nothing to back up.`);
  if (!existsSync(dirname(target))) throw new BackupRefused(`The folder ${dirname(target)} does not exist: create it, or back up somewhere else.`);
  if (existsSync(target) && !options.replace) throw new BackupRefused(`${target} already exists: choose another file, or add --force to replace it.`);
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial, { progress: () => ALL_PAGES });
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  try {
    chmodSync(partial, 0o600); // incident data and (encrypted) secrets: private, like the database
    const copy = new Database(partial);
    let schemaVersion: number;
    let counts: Record<string, number>;
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check (${String(check)}); the database itself may be damaged: run \`opsknight-slack doctor\``);
      schemaVersion = copy.pragma('user_version', { simple: true }) as number;
      counts = rowCounts(asSqliteDb(copy));
    } finally {
      copy.close();
    }
    // Never replace a file that appeared meanwhile unless told to: a link fails if the name is taken.
    if (options.replace) renameSync(partial, target);
    else {
      try {
        linkSync(partial, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupRefused(`${target} already exists: choose another file, or add --force to replace it.`);
        // A file system without hard links: check and rename (a name taken in between is replaced).
        if (existsSync(target)) throw new BackupRefused(`${target} already exists: choose another file, or add --force to replace it.`);
        renameSync(partial, target);
      }
    }
    return { file: target, bytes: statSync(target).size, schemaVersion, counts };
  } finally {
    rmSync(partial, { force: true });
  }
}
