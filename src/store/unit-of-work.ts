// One SQLite write transaction per unit of work. IMMEDIATE takes the write lock up front, so a
// read-then-write (e.g. two people acknowledging at once, from the daemon and the CLI) serialises.
import type { Repositories, UnitOfWork } from '../domain/ports.js';
import type { Db } from './db.js';
import { SqliteIncidentRepo } from './incident-repo.js';
import { SqliteServiceRepo } from './service-repo.js';
import { SqliteUserRepo } from './user-repo.js';

export class SqliteUnitOfWork implements UnitOfWork {
  readonly repos: Repositories;

  constructor(private readonly db: Db) {
    this.repos = {
      services: new SqliteServiceRepo(db),
      users: new SqliteUserRepo(db),
      incidents: new SqliteIncidentRepo(db),
    };
  }

  run<T>(work: (repos: Repositories) => T): T {
    // Nested calls join the transaction already open.
    if (this.db.inTransaction) return work(this.repos);
    return this.db.transaction(() => work(this.repos)).immediate();
  }
}
