// The checkpoint worker runs compiled (a worker thread cannot load TypeScript), so this test uses
// the build that `npm test` makes first.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqlite } from '../../../src/store/db.js';
import { tempHome } from '../../helpers/temp.js';

type CheckpointerModule = typeof import('../../../src/store/checkpointer.js');
const built = fileURLToPath(new URL('../../../dist/store/checkpointer.js', import.meta.url));
const { startCheckpointer } = (await import(built)) as CheckpointerModule;

let home: ReturnType<typeof tempHome>;
afterEach(() => home?.remove());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The worker thread runs on real time; on a loaded machine it can take seconds to start and to
// checkpoint, so the test polls for what it waits for (generous deadline) instead of sleeping.
const until = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

function writeRows(db: ReturnType<typeof openSqlite>, n: number) {
  const insert = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
  for (let i = 0; i < n; i++) insert.run(`k${Math.random()}`, 'x'.repeat(500), 'now');
}

describe('WAL checkpointer', () => {
  it('takes checkpoints off the daemon connection once writes grow the WAL, and truncates it on stop', async () => {
    home = tempHome();
    const file = join(home.dir, 'c.db');
    const db = openSqlite(file);
    const errors: string[] = [];
    const cp = startCheckpointer(db, (m) => errors.push(m), { startAtWalBytes: 512 * 1024, pollMs: 20, intervalMs: 20 });
    await wait(60); // three polls: the WAL is small, so no worker starts however slow the machine
    expect(cp.active).toBe(false); // idle: no worker
    writeRows(db, 2000);
    await until(() => expect(cp.active).toBe(true));
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const before = statSync(file).size;
    writeRows(db, 400);
    // The worker copies the new pages into the main file, though this connection checkpoints nothing itself.
    await until(() => expect(statSync(file).size).toBeGreaterThan(before));

    await cp.stop();
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(errors).toEqual([]);
    db.close();
  });
});
