// `opsknight-slack backup [file]`: a consistent copy of the SQLite database while the daemon runs.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolvePaths } from '../../config/paths.js';
import { isPostgresUrl } from '../../store/engine.js';
import { BackupRefused, backupSqlite } from '../../store/sqlite-backup.js';
import { UserError } from '../errors.js';
import { print, printJson } from '../output.js';
import { bytesInWords, countsInWords, keyInWords } from './db-summary.js';

/** <home>/backups/opsknight-slack-20261130-201500.db: where `doctor` looks for the last backup. */
function defaultBackupFile(home: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  const dir = join(home, 'backups');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, `opsknight-slack-${stamp}.db`);
}

export async function backupCommand(file: string | undefined, opts: { force?: boolean; json?: boolean }): Promise<void> {
  if (isPostgresUrl(process.env.OPSKNIGHT_SLACK_DB)) {
    throw new UserError(
      'The database is PostgreSQL: back it up with PostgreSQL\'s own tools, e.g. `pg_dump --format=custom --file=opsknight.dump "$OPSKNIGHT_SLACK_DB"` ' +
        '(restore with pg_restore), or your provider\'s snapshots and point-in-time recovery. `backup` copies a SQLite file.',
    );
  }
  const paths = resolvePaths(process.env);
  const target = file ? resolve(file) : defaultBackupFile(paths.home, new Date());
  let result;
  try {
    result = await backupSqlite(paths.database, target, { replace: opts.force });
  } catch (err) {
    if (err instanceof BackupRefused) throw new UserError(err.message);
    throw err;
  }
  if (opts.json) {
    return printJson({ file: result.file, database: paths.database, bytes: result.bytes, schema_version: result.schemaVersion, counts: result.counts });
  }
  print(`Backed up ${paths.database} to ${result.file} (${bytesInWords(result.bytes)}, schema version ${result.schemaVersion}).`);
  print(`It holds ${countsInWords(result.counts)}.`);
  print(`Its Slack tokens and secrets are encrypted with ${keyInWords(paths.keyFile)}: keep a copy of the key too, apart from the backup — a restore needs it.`);
  print('To restore: stop the daemon, copy the file back over the database, start the daemon (README: "Backup and restore").');
}
