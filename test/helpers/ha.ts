// The database the high-availability tests run their daemons on: a fresh, empty PostgreSQL database
// (the daemons migrate it), skipped with a message when no server is reachable and failing under
// CI (test/helpers/postgres.ts); or, with OPSKNIGHT_HA_TEST_DB=sqlite, one SQLite file the daemons
// share (local development).
import type { TestContext } from 'vitest';
import { DEFAULT_LEASE_MS } from '../../src/slack/delivery/lanes.js';
import { freshPostgresUrl, pgAvailable } from './postgres.js';

/** How long a dead daemon's hold on a workspace's deliveries outlives it (the shipped default). */
export const LEASE_MS = DEFAULT_LEASE_MS;

export function databaseForHaTests(ctx: TestContext): string | undefined {
  if (process.env.OPSKNIGHT_HA_TEST_DB === 'sqlite') return undefined;
  if (!pgAvailable()) ctx.skip('PostgreSQL is not reachable: the high-availability tests need one (OPSKNIGHT_TEST_PG_URL)');
  return freshPostgresUrl({ migrated: false });
}
