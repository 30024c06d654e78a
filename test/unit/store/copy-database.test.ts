// The copy reads one snapshot of the source; a source written meanwhile is reported, not half-copied.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CopyRefused, copyDatabase } from '../../../src/store/copy-database.js';
import { loadMigrations, openPostgres, openSqlite } from '../../../src/store/db.js';
import { rowCounts } from '../../../src/store/inventory.js';
import { freshPostgresUrl, pgAvailable } from '../../helpers/postgres.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
  delete home.env.OPSKNIGHT_SLACK_DB; // the SQLite file, even when OPSKNIGHT_TEST_STORE=postgres runs the stories on PostgreSQL
});
afterEach(() => home.remove());

const fresh = () => openSqlite(':memory:');
const addService = (db: ReturnType<typeof openSqlite>, slug: string) =>
  db.prepare("INSERT INTO services (slug, name, integration_key, created_at) VALUES (?, ?, ?, '2026-11-30T00:00:00Z')").run(slug, slug, `key-${slug}`);

describe.runIf(pgAvailable())('copyDatabase', () => {
  it('copies one moment of a source that is written meanwhile, and says it was written', () => {
    const file = join(home.dir, 'source.db');
    const source = openSqlite(file);
    addService(source, 'before');
    const writer = openSqlite(file);
    const target = openPostgres(freshPostgresUrl());
    let wrote = false;
    const report = copyDatabase(source, target, {
      freshSchema: fresh(),
      onTable: () => {
        if (!wrote) addService(writer, 'during');
        wrote = true;
      },
    });
    expect(report.matches).toBe(true);
    expect(report.sourceChangedMeanwhile).toBe(true);
    expect(report.tables.find((t) => t.table === 'services')).toMatchObject({ sourceRows: 1, targetRows: 1 });
    expect(rowCounts(target).services).toBe(1);
    for (const db of [source, writer, target]) db.close();
  });

  it('a source left alone is not reported as changed', () => {
    const source = openSqlite(join(home.dir, 'source.db'));
    addService(source, 'only');
    const target = openPostgres(freshPostgresUrl());
    const report = copyDatabase(source, target, { freshSchema: fresh() });
    expect(report).toMatchObject({ matches: true, sourceChangedMeanwhile: false });
    expect(report.tables.find((t) => t.table === 'services')).toMatchObject({ sourceRows: 1, targetRows: 1 });
    source.close();
    target.close();
  });

  it('rows the migrations themselves put in the target do not make it "holding data"; any other row does', () => {
    const source = openSqlite(join(home.dir, 'source.db'));
    addService(source, 'mine');
    const seeded = fresh();
    const seed = "INSERT INTO settings (key, value, updated_at) VALUES ('store.seed', '0', 'migration')";
    seeded.exec(seed); // as if a migration inserted it
    const target = openPostgres(freshPostgresUrl());
    target.exec(seed);
    const report = copyDatabase(source, target, { freshSchema: seeded });
    expect(report.matches).toBe(true);
    expect(rowCounts(target)).toMatchObject({ services: 1, settings: 0 }); // the source's rows, not the seed

    target.exec("INSERT INTO settings (key, value, updated_at) VALUES ('store.seed', '0', 'migration')");
    target.exec("UPDATE services SET name = 'changed since'");
    expect(() => copyDatabase(source, target, { freshSchema: seeded })).toThrow(/The target already holds data \(in services\)/);
    for (const db of [source, seeded, target]) db.close();
  });

  it('refuses databases at different schema versions, changing nothing', () => {
    const old = openSqlite(join(home.dir, 'old.db'), loadMigrations().filter((m) => m.version <= 14));
    const target = openPostgres(freshPostgresUrl());
    const before = rowCounts(target);
    expect(() => copyDatabase(old, target, { freshSchema: fresh() })).toThrow(CopyRefused);
    expect(() => copyDatabase(old, target, { freshSchema: fresh() })).toThrow(/schema version 14, the target at \d+: migrate both/);
    expect(rowCounts(target)).toEqual(before);
    old.close();
    target.close();
  });
});
