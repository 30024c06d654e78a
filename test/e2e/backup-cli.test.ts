// `opsknight-slack backup` while the daemon takes incidents, and the restore the README describes.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, startServe } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
  delete home.env.OPSKNIGHT_SLACK_DB; // the SQLite file, even when OPSKNIGHT_TEST_STORE=postgres runs the stories on PostgreSQL
});
afterEach(() => home.remove());

const dbFile = () => join(home.env.OPSKNIGHT_SLACK_HOME!, 'opsknight-slack.db');

function incidentsIn(file: string): { id: number; title: string; status: string; created_at: number }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, title, status, created_at FROM incidents ORDER BY id').all() as { id: number; title: string; status: string; created_at: number }[];
  } finally {
    db.close();
  }
}

describe('opsknight-slack backup', () => {
  it('copies the database while the daemon writes; the copy restores to the same incidents, with the key', async () => {
    runCli(['service', 'add', 'payment-api'], home.env);
    const daemon = startServe(['--port', '0'], home.env);
    const url = await daemon.ready;
    const token = runCli(['config', 'show-token'], home.env).stdout.trim();
    let created = 0;
    let writing = true;
    const writer = async () => {
      while (writing) {
        const r = await fetch(`${url}/api/incidents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `Checkout down ${created}`, service: 'payment-api', urgency: 'HIGH' }),
        });
        expect(r.status).toBe(201);
        created++;
      }
    };
    const writers = [writer(), writer(), writer()];
    while (created < 30) await new Promise((r) => setTimeout(r, 10));
    const target = join(home.dir, 'backup.db');
    const backup = await runCliAsync(['backup', target], home.env);
    const atBackupEnd = created;
    while (created < atBackupEnd + 30) await new Promise((r) => setTimeout(r, 10));
    writing = false;
    await Promise.all(writers);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Backed up .* to .*backup\.db \(\d+(\.\d)? (KiB|MiB), schema version \d+\)/);
    expect(backup.stdout).toMatch(/the key file .*secret\.key/);
    // One consistent moment of a database being written: some incidents, not all, each as the daemon stored it.
    const live = incidentsIn(dbFile());
    const copied = incidentsIn(target);
    expect(copied.length).toBeGreaterThanOrEqual(30);
    expect(copied.length).toBeLessThan(live.length);
    expect(backup.stdout).toContain(`It holds ${copied.length} incidents`);
    expect(copied).toEqual(live.slice(0, copied.length));
    // …with every incident's timeline (no transaction cut in half), and a single self-contained file.
    const check = new Database(target, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare("SELECT COUNT(DISTINCT incident_id) AS n FROM incident_events WHERE type = 'triggered'").get()).toEqual({ n: copied.length });
    check.close();
    expect(existsSync(`${target}-wal`)).toBe(false);

    // Restore as the README says: daemon stopped, the file copied back (without the old -wal/-shm).
    runCli(['incident', 'resolve', '1'], home.env);
    copyFileSync(target, dbFile());
    rmSync(`${dbFile()}-wal`, { force: true });
    rmSync(`${dbFile()}-shm`, { force: true });
    const listed = (JSON.parse(runCli(['incident', 'list', '--json', '--limit', '1000'], home.env).stdout) as { incidents: { id: number; status: string }[] }).incidents;
    expect(listed.map((i) => i.id).sort((a, b) => a - b)).toEqual(copied.map((i) => i.id));
    expect(listed.find((i) => i.id === 1)?.status).toBe('OPEN'); // the resolution came after the backup
    // The stored secrets come back with the same key, and only with it.
    expect(runCli(['config', 'show-token'], home.env).stdout.trim()).toBe(token);
    const otherKey = runCli(['config', 'show-token'], { ...home.env, OPSKNIGHT_SECRET_KEY: 'another key entirely' });
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toMatch(/not the key they were saved with/);
  });

  it('never replaces a file unless told to, and puts backups where doctor looks by default', () => {
    runCli(['service', 'add', 'payment-api'], home.env);
    const target = join(home.dir, 'precious.db');
    writeFileSync(target, 'not a backup');
    const refused = runCli(['backup', target], home.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/precious\.db already exists: choose another file, or add --force/);
    expect(runCli(['backup', target, '--force'], home.env).code).toBe(0);
    expect(incidentsIn(target)).toEqual([]);

    const made = JSON.parse(runCli(['backup', '--json'], home.env).stdout) as { file: string; bytes: number; counts: Record<string, number> };
    expect(made.file).toMatch(new RegExp(`^${join(home.env.OPSKNIGHT_SLACK_HOME!, 'backups')}/opsknight-slack-\\d{8}-\\d{6}\\.db$`));
    expect(made.counts).toMatchObject({ services: 1, incidents: 0 });
    expect(made.bytes).toBeGreaterThan(0);
    const doctor = runCli(['doctor', '--json'], home.env);
    expect(doctor.stdout).toMatch(/"check": "Backup"[^}]*last one/);
  });

  it('explains that a PostgreSQL database is backed up with pg_dump', () => {
    const r = runCli(['backup', join(home.dir, 'x.db')], { ...home.env, OPSKNIGHT_SLACK_DB: 'postgres://ops:secret@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PostgreSQL: back it up with .*pg_dump/);
    expect(r.stderr).not.toContain('secret');
    expect(existsSync(join(home.dir, 'x.db'))).toBe(false);
  });

  it('says so when there is no database to back up', () => {
    const r = runCli(['backup', join(home.dir, 'x.db')], home.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/There is no database at .*: nothing to back up/);
  });
});
