// One SQLite write transaction per unit of work. IMMEDIATE takes the write lock up front, so a
// read-then-write (e.g. two people acknowledging at once, from the daemon and the CLI) serialises.
import type { Repositories, UnitOfWork } from '../domain/ports.js';
import type { Db } from './db.js';
import { SqliteIncidentRepo } from './incident-repo.js';
import { SqliteServiceRepo } from './service-repo.js';
import { SqliteUserRepo } from './user-repo.js';
import { SqlitePolicyRepo } from './policy-repo.js';
import { SqliteScheduleRepo } from './schedule-repo.js';
import { SqliteTimerRepo } from './timer-repo.js';
import { SqliteChangeRepo } from './change-repo.js';

export class SqliteUnitOfWork implements UnitOfWork {
  readonly repos: Repositories;

  private readonly transaction: { immediate: <T>(work: (repos: Repositories) => T) => T; deferred: <T>(work: (repos: Repositories) => T) => T };

  constructor(private readonly db: Db) {
    // One transaction function, built once: it runs whatever work it is given, with the repositories.
    this.transaction = db.transaction(<T>(work: (repos: Repositories) => T): T => work(this.repos)) as unknown as {
      immediate: <T>(work: (repos: Repositories) => T) => T;
      deferred: <T>(work: (repos: Repositories) => T) => T;
    };
    this.repos = {
      services: new SqliteServiceRepo(db),
      users: new SqliteUserRepo(db),
      incidents: new SqliteIncidentRepo(db),
      schedules: new SqliteScheduleRepo(db),
      policies: new SqlitePolicyRepo(db),
      timers: new SqliteTimerRepo(db),
      changes: new SqliteChangeRepo(db),
    };
  }

  run<T>(work: (repos: Repositories) => T): T {
    // Nested calls run in a SAVEPOINT of the transaction already open: a failure undoes only their part.
    if (this.db.inTransaction) return (this.transaction as unknown as <T>(w: typeof work) => T)(work);
    return this.transaction.immediate(work);
  }

  read<T>(work: (repos: Repositories) => T): T {
    // A deferred transaction only takes a read snapshot: readers never wait for the CLI's writes.
    if (this.db.inTransaction) return work(this.repos);
    return this.transaction.deferred(work);
  }
}
