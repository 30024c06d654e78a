// `opsknight-slack db copy --to postgres://…`: moves this SQLite installation into PostgreSQL and
// proves it (row counts and checksums of both sides, per table).
import { existsSync } from 'node:fs';
import { resolvePaths } from '../../config/paths.js';
import { CopyRefused, copyDatabase, type CopyReport } from '../../store/copy-database.js';
import { openPostgres, openSqlite } from '../../store/db.js';
import { isPostgresUrl, maskConnectionString, type Db } from '../../store/engine.js';
import { UserError } from '../errors.js';
import { print, printJson, table } from '../output.js';
import { keyInWords } from './db-summary.js';

const short = (checksum: string) => checksum.slice(0, 12);

/** One line that keeps a person waiting on a large copy informed (a terminal only: logs get the table). */
function progress(tableName: string, rows: number, done: number, total: number): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\u001b[Kcopied ${done} of ${total} tables (${tableName}: ${rows.toLocaleString('en-US')} rows)`);
}

function printReport(report: CopyReport): void {
  print(
    table(
      ['table', 'sqlite rows', 'postgres rows', 'sqlite checksum', 'postgres checksum', ''],
      report.tables.map((t) => [t.table, String(t.sourceRows), String(t.targetRows), short(t.sourceChecksum), short(t.targetChecksum), t.matches ? 'ok' : 'MISMATCH']),
    ),
  );
}

export async function dbCopy(opts: { to: string; replace?: boolean; json?: boolean }): Promise<void> {
  const paths = resolvePaths(process.env);
  if (isPostgresUrl(paths.database)) {
    throw new UserError(
      `db copy moves a SQLite database into PostgreSQL, and the database in use is already PostgreSQL (${paths.databaseLabel}). ` +
        'Name the SQLite file with --db <file> (or OPSKNIGHT_SLACK_DB).',
    );
  }
  if (!existsSync(paths.database)) throw new UserError(`There is no database at ${paths.database}: nothing to copy. Name the SQLite file with --db <file>.`);
  const target = maskConnectionString(opts.to);
  if (!opts.json) print(`Copying ${paths.database} into ${target} …`);
  let source: Db | undefined;
  let pg: Db | undefined;
  let fresh: Db | undefined;
  let report: CopyReport;
  try {
    source = openSqlite(paths.database);
    pg = openPostgres(opts.to);
    fresh = openSqlite(':memory:');
    report = copyDatabase(source, pg, { freshSchema: fresh, replace: opts.replace, onTable: opts.json ? undefined : progress });
  } catch (err) {
    if (err instanceof CopyRefused) throw new UserError(err.message);
    throw err;
  } finally {
    if (process.stderr.isTTY) process.stderr.write('\r\u001b[K');
    fresh?.close();
    pg?.close();
    source?.close();
  }

  if (opts.json) {
    printJson({
      source: paths.database,
      target,
      schema_version: report.schemaVersion,
      rows: report.rows,
      matches: report.matches,
      source_changed_meanwhile: report.sourceChangedMeanwhile,
      tables: report.tables.map((t) => ({ table: t.table, source_rows: t.sourceRows, target_rows: t.targetRows, source_checksum: t.sourceChecksum, target_checksum: t.targetChecksum, matches: t.matches })),
    });
  } else printReport(report);

  if (!report.matches) {
    const bad = report.tables.filter((t) => !t.matches).map((t) => t.table);
    throw new UserError(
      `The copy does not match the SQLite database in ${bad.join(', ')}: do not switch to it. The SQLite file is unchanged; ` +
        'run `opsknight-slack db copy --replace` again, and report the tables above if it persists.',
    );
  }
  if (report.sourceChangedMeanwhile) {
    throw new UserError(
      'The SQLite database changed while it was copied (is the daemon still running?): the copy is one consistent moment, but later changes are not in it. ' +
        'Stop every daemon and command using the SQLite file, then copy again with --replace.',
    );
  }
  if (opts.json) return;
  print(`Copied ${report.tables.length} tables, ${report.rows.toLocaleString('en-US')} rows, at schema version ${report.schemaVersion}: every count and checksum matches.`);
  print(
    `Next: run every daemon and command with OPSKNIGHT_SLACK_DB=${target} and ${keyInWords(paths.keyFile)} ` +
      '(the stored Slack secrets were copied encrypted with it). The SQLite file keeps its data: keep it until you are happy.',
  );
}
