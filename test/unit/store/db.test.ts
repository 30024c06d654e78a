import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseError, loadMigrations, openSqlite } from '../../../src/store/db.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
afterEach(() => home?.remove());

describe('database', () => {
  it('creates a private folder and file, in WAL mode with foreign keys on, at the latest schema', () => {
    home = tempHome();
    const file = join(home.dir, 'nested', 'data', 'ok.db');
    const umaskBefore = process.umask();
    const db = openSqlite(file);
    expect(statSync(join(home.dir, 'nested', 'data')).mode & 0o777).toBe(0o700);
    // Private from creation (umask 077 while SQLite creates them), the WAL companions too, whatever
    // the process umask was.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect(process.umask()).toBe(umaskBefore);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const latest = Math.max(...loadMigrations().map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    db.close();
  });

  it('re-opening applies nothing twice and keeps the data', () => {
    home = tempHome();
    const file = join(home.dir, 'x.db');
    const db = openSqlite(file);
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('a', 'b', 'now')").run();
    db.close();
    const again = openSqlite(file);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'a'").get()).toEqual({ value: 'b' });
    again.close();
  });

  it('refuses a database written by a newer version, with a clear message', () => {
    home = tempHome();
    const file = join(home.dir, 'future.db');
    const db = openSqlite(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openSqlite(file)).toThrow(DatabaseError);
    expect(() => openSqlite(file)).toThrow(/newer opsknight-slack.*Upgrade/);
  });

  it('a failing migration leaves the previous version intact', () => {
    home = tempHome();
    const file = join(home.dir, 'm.db');
    const good = { version: 1, name: '001-a.sql', sql: 'CREATE TABLE a (x INTEGER);' };
    const bad = { version: 2, name: '002-b.sql', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' };
    openSqlite(file, [good]).close();
    expect(() => openSqlite(file, [good, bad])).toThrow(/nowhere/);
    const db = openSqlite(file, [good]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });
});
