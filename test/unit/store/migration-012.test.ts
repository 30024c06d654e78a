// Migration 012 on a filled database of the version before: routes keep their behaviour (every
// incident reaches exactly the channel it reached before), cards keep their channel and ts, and the
// pending outbox is untouched; without teams, everybody sees and acts as before.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { channelsForIncident, routeIncident } from '../../../src/domain/routing.js';
import { URGENCIES } from '../../../src/domain/model.js';
import { loadMigrations, openSqlite } from '../../../src/store/db.js';
import { OutboxRepo } from '../../../src/store/outbox-repo.js';
import { SecretBox } from '../../../src/store/secrets.js';
import { TeamRepo } from '../../../src/store/team-repo.js';
import { WorkspaceRepo } from '../../../src/store/workspace-repo.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
afterEach(() => home?.remove());

it('upgrades a filled database: same channels for every incident, cards and outbox kept', () => {
  home = tempHome();
  const file = join(home.dir, 'old.db');
  const old = openSqlite(file, loadMigrations().filter((m) => m.version < 12));
  const run = (sql: string, ...args: unknown[]) => old.prepare(sql).run(...args);
  for (const slug of ['payment-api', 'search']) run("INSERT INTO services (slug, name, integration_key, created_at) VALUES (?, ?, 'k'||hex(randomblob(15)), 'now')", slug, slug);
  run("INSERT INTO users (name, email, status, created_at) VALUES ('Jane', 'jane@example.com', 'ACTIVE', 'now')");
  run("INSERT INTO workspaces (team_id, team_name, bot_token, installed_at, default_channel) VALUES ('T1', 'Acme', 'sealed', 'now', 'C0DEFAULT')");
  run("INSERT INTO routes (team_id, service_slug, urgency, channel_id) VALUES ('T1', 'payment-api', NULL, 'C0PAY')");
  run("INSERT INTO routes (team_id, service_slug, urgency, channel_id) VALUES ('T1', NULL, 'HIGH', 'C0CRIT')");
  run("INSERT INTO routes (team_id, service_slug, urgency, channel_id) VALUES ('T1', 'payment-api', 'LOW', 'C0GEN')");
  for (let i = 1; i <= 3; i++) {
    run(`INSERT INTO incidents (title, service_id, urgency, status, created_at, updated_at, triggered_by, last_triggered_at) VALUES (?, 1, 'HIGH', 'OPEN', 1000, 1000, '{"name":"API"}', 1000)`, `inc ${i}`);
  }
  run("INSERT INTO slack_messages (incident_id, team_id, channel_id, ts, rendered_version) VALUES (1, 'T1', 'C0PAY', '1700000000.000100', 1000)");
  run("INSERT INTO slack_messages (incident_id, team_id, channel_id, ts) VALUES (2, 'T1', 'C0PAY', NULL)");
  run("INSERT INTO outbox (team_id, channel_id, kind, incident_id, next_attempt_at, created_at) VALUES ('T1', 'C0PAY', 'post', 2, 0, 0)");
  run("INSERT INTO outbox (team_id, channel_id, kind, incident_id, next_attempt_at, created_at) VALUES ('T1', 'C0PAY', 'update', 1, 0, 0)");
  const secrets = new SecretBox(() => Buffer.alloc(32, 7), 'test key');
  const before = new WorkspaceRepo(old, secrets);
  const table = { defaultChannel: 'C0DEFAULT', routes: before.routes('T1') };
  const decisions = ['payment-api', 'search', 'other'].flatMap((s) => URGENCIES.map((u) => routeIncident(table, s, u)?.channelId));
  old.close();

  const db = openSqlite(file);
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(12);
  const workspaces = new WorkspaceRepo(db, secrets);
  const after = workspaces.routingTable('T1', 'C0DEFAULT');
  expect(after.subscriptions).toEqual([]);
  // Every service and urgency reaches the one channel it reached before.
  expect(['payment-api', 'search', 'other'].flatMap((s) => URGENCIES.map((u) => channelsForIncident(after, s, u).map((t) => t.channelId)))).toEqual(
    decisions.map((c) => (c ? [c] : [])),
  );
  const outbox = new OutboxRepo(db);
  expect(outbox.messages(1, 'T1')).toEqual([{ incidentId: 1, teamId: 'T1', channelId: 'C0PAY', ts: '1700000000.000100', digestId: null, renderedVersion: 1000 }]);
  expect(outbox.message(2, 'T1', 'C0PAY')?.ts).toBeNull();
  expect(outbox.pending(10).map((r) => [r.kind, 'incidentId' in r ? r.incidentId : null, r.channelId])).toEqual([
    ['post', 2, 'C0PAY'],
    ['update', 1, 'C0PAY'],
  ]);
  // Updates now coalesce per card: a second one for the same card is dropped, another card's is kept.
  outbox.enqueue({ teamId: 'T1', channelId: 'C0PAY', kind: 'update', incidentId: 1 }, 1);
  outbox.planMessage(1, 'T1', 'C0ALL');
  outbox.enqueue({ teamId: 'T1', channelId: 'C0ALL', kind: 'update', incidentId: 1 }, 1);
  expect(outbox.pending(10)).toHaveLength(3);
  expect(outbox.messages(1, 'T1').map((m) => m.channelId)).toEqual(['C0PAY', 'C0ALL']);
  // No teams yet: every service is nobody's and every user a responder, so everyone sees and acts as before.
  const teams = new TeamRepo(db);
  expect(teams.roleOf(1)).toBe('responder');
  expect([...teams.serviceOwners().values()]).toEqual([null, null]);
  expect(teams.ownerOfIncident(1)).toBeNull();
  db.close();
});
