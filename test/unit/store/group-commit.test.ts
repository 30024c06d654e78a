// Group commit while another connection holds SQLite's write lock: requests wait without blocking
// the event loop, for as long as their patience lasts, and what they asked for is written once.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Directory } from '../../../src/domain/directory.js';
import { IncidentService } from '../../../src/domain/incident-service.js';
import { systemClock } from '../../../src/domain/ports.js';
import { createGroupCommit } from '../../../src/store/group-commit.js';
import { DatabaseBusyError } from '../../../src/store/busy.js';
import { openSqlite } from '../../../src/store/db.js';
import { SqliteUnitOfWork } from '../../../src/store/unit-of-work.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome> | undefined;
const open: { close(): void }[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  home?.remove();
});

function setUp() {
  home = tempHome();
  const file = join(home.dir, 'lock.db');
  const db = openSqlite(file);
  db.pragma('busy_timeout = 0');
  const other = new Database(file); // another connection: it could as well be another process
  open.push(db, other);
  const uow = new SqliteUnitOfWork(db);
  const incidents = new IncidentService(uow, systemClock);
  new Directory(uow, systemClock).addService({ slug: 'api' });
  const trigger = (title: string) => () => incidents.trigger({ title, serviceSlug: 'api', urgency: 'HIGH' }, { name: 'test' }, 'api');
  const count = () => (db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
  return { incidents, other, trigger, count };
}

/** Counts event-loop turns of ~5 ms while something runs: a blocked loop would count none. */
function loopTicks(): () => number {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  return () => (clearInterval(timer), ticks);
}

describe('group commit and a locked database', () => {
  it('gives up after its patience with DatabaseBusyError, writing nothing and never blocking the loop', async () => {
    const { incidents, other, trigger, count } = setUp();
    const commit = createGroupCommit(incidents);
    other.exec('BEGIN IMMEDIATE');
    const stopTicks = loopTicks();
    const started = Date.now();
    await expect(commit(trigger('A'), { patienceMs: 150 })).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // A loop held by SQLite's busy wait would see at most one tick of a 5 ms interval (fired after the
    // wait); a free loop sees several even on a loaded machine.
    expect(stopTicks()).toBeGreaterThanOrEqual(2);
    other.exec('ROLLBACK');
    expect(count()).toBe(0);
  });

  it('a patient request says it is delayed once, and is written exactly once when the lock goes', async () => {
    const { incidents, other, trigger, count } = setUp();
    const commit = createGroupCommit(incidents);
    other.exec('BEGIN IMMEDIATE');
    let delays = 0;
    const pending = commit(trigger('B'), { patienceMs: 60_000, onDelay: () => delays++ });
    const impatient = commit(trigger('C'), { patienceMs: 50 });
    await expect(impatient).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(commit.waiting()).toBe(1);
    expect(delays).toBe(1);
    other.exec('ROLLBACK');
    const { incident } = await pending;
    expect(incident.title).toBe('B');
    expect(count()).toBe(1);
    expect(commit.waiting()).toBe(0);
  });
});
