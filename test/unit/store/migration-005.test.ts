// Migration 005 on a database that already has incidents and a pending outbox: nothing is lost, old
// incidents read with their received time as triggered time, and the outbox takes 'change' rows.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadMigrations, openSqlite } from '../../../src/store/db.js';
import { SqliteUnitOfWork } from '../../../src/store/unit-of-work.js';
import { OutboxRepo } from '../../../src/store/outbox-repo.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
afterEach(() => home?.remove());

it('upgrades a version-4 database with incidents and pending outbox rows', () => {
  home = tempHome();
  const file = join(home.dir, 'old.db');
  const upTo4 = loadMigrations().filter((m) => m.version <= 4);
  const old = openSqlite(file, upTo4);
  old.prepare("INSERT INTO services (slug, name, integration_key, created_at) VALUES ('search', 'Search', 'k'||hex(randomblob(15)), 'now')").run();
  old.prepare(
    `INSERT INTO incidents (title, service_id, urgency, status, created_at, updated_at, triggered_by, last_triggered_at)
     VALUES ('Old one', 1, 'HIGH', 'OPEN', 1000, 1000, '{"name":"API"}', 1000)`,
  ).run();
  old.prepare("INSERT INTO outbox (team_id, channel_id, kind, incident_id, next_attempt_at, created_at) VALUES ('T1', 'C1', 'post', 1, 0, 0)").run();
  old.close();

  const db = openSqlite(file);
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
  const incident = new SqliteUnitOfWork(db).repos.incidents.get(1)!;
  expect(incident.triggeredAt).toEqual(new Date(1000));
  expect(incident.context).toEqual({ links: [], labels: {}, details: {}, alertCounts: null });
  const outbox = new OutboxRepo(db);
  expect(outbox.pending(10).map((r) => [r.kind, 'incidentId' in r ? r.incidentId : null])).toEqual([['post', 1]]);
  outbox.enqueue({ teamId: 'T1', channelId: 'C1', kind: 'change', payload: { service: 'search', summary: 'Deployed', source: null, at: 1, links: [] } }, 1);
  expect(outbox.pending(10).map((r) => r.kind)).toEqual(['post', 'change']);
  // The coalescing index survived the rebuild: a second pending update of one message is dropped.
  outbox.enqueue({ teamId: 'T1', channelId: 'C1', kind: 'update', incidentId: 1 }, 1);
  outbox.enqueue({ teamId: 'T1', channelId: 'C1', kind: 'update', incidentId: 1 }, 1);
  expect(outbox.pending(10)).toHaveLength(3);
  db.close();
});
