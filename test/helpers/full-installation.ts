// A SQLite installation with rows in every table, made the way the product makes them (the domain
// services and repos) where a CLI run could, and by SQL where only Slack's side would (delivered
// cards, digests, OAuth tickets). `db copy` is tested on it: a table a future migration adds must get
// a row here too (test/e2e/db-copy-cli.test.ts fails until it does), so its copy is tested as well.
import { API_TOKEN_SETTING } from '../../src/config/setting-keys.js';
import { openCore } from '../../src/daemon/container.js';
import { prepared } from '../../src/store/db.js';
import { tableNames } from '../../src/store/inventory.js';

export const BOT_TOKEN = 'xoxb-1111-2222-full-installation';
export const API_TOKEN = 'okn_full-installation-api-token';

export function fillEveryTable(env: NodeJS.ProcessEnv): void {
  const core = openCore(env);
  try {
    const now = new Date();
    const cli = { name: 'ops (CLI)' };
    const jane = core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    core.directory.addUser({ name: 'Bob Roe', email: 'bob@example.com', status: 'INACTIVE' });
    core.oncall.addSchedule({ name: 'primary', timeZone: 'Europe/London', userEmails: ['jane@example.com'], start: '2026-11-01', handoff: '09:00', length: { kind: 'weekly' } });
    core.oncall.addOverride('primary', 'jane@example.com', new Date(now.getTime() + 3_600_000), new Date(now.getTime() + 7_200_000));
    core.oncall.addPolicy('payments', [{ delayMinutes: 0, targets: ['schedule:primary'] }, { delayMinutes: 15, targets: ['jane@example.com'] }], 1);
    core.directory.addService({ slug: 'payment-api', name: 'Payment API' });
    core.directory.addService({ slug: 'search', name: 'Search — “ünïcode”' });
    core.oncall.setServicePolicy('payment-api', 'payments');
    core.teams.add('payments', 'Payments', now);
    core.teams.addMember('payments', jane.id);
    core.teams.setServiceOwner(core.directory.getService('payment-api').id, 'payments');
    core.teams.setRole(jane.id, 'responder');

    core.workspaces.upsert({ teamId: 'T0FULL', teamName: 'Full Co', botToken: BOT_TOKEN, botUserId: 'UBOT', botId: 'BBOT', scopes: ['chat:write', 'commands'] }, now);
    core.workspaces.setDefaultChannel('T0FULL', 'C0INCIDENTS');
    core.workspaces.setRoute('T0FULL', { serviceSlug: 'payment-api', urgency: null, channelId: 'C0PAYMENTS' });
    core.workspaces.subscribe('T0FULL', { channelId: 'C0SEARCH', services: ['search'], urgencies: null }, now);
    core.workspaces.rememberChannel('T0FULL', 'C0PAYMENTS', 'payments', false);
    core.workflows.add({ workspace: 'T0FULL', serviceSlug: 'payment-api', urgency: 'HIGH', action: { type: 'webhook', events: ['triggered'] }, webhookUrl: 'https://hooks.slack.com/triggers/T0FULL/1/secret' }, now);
    core.settings.set(API_TOKEN_SETTING, API_TOKEN, { secret: true });

    const first = core.incidents.trigger({ title: 'Checkout down', serviceSlug: 'payment-api', urgency: 'HIGH', requestKey: 'view-1', components: ['db'] }, cli, 'cli').incident;
    core.incidents.acknowledge(first.id, { name: jane.name, userId: jane.id }, 'cli');
    core.incidents.addNote(first.id, cli, 'cli', 'Rolled back — “quotes” and 🚒');
    for (let i = 0; i < 300; i++) core.incidents.trigger({ title: `Search slow ${i}`, serviceSlug: 'search', urgency: i % 2 ? 'LOW' : 'MEDIUM', dedupKey: `search-${i}` }, cli, 'cli');
    core.incidents.resolve(2, cli, 'cli', 'fixed');
    core.changes.record({ serviceSlug: 'payment-api', summary: 'Deploy v42', source: 'ci', details: { sha: 'abc' } });
    core.workflows.planChannel({ incidentId: first.id, teamId: 'T0FULL', invitees: ['UJANE'], isPrivate: false, archiveAfterHours: 24 }, now);
    core.workflows.cardRendered(first.id, 'T0FULL', now.getTime());

    // What only Slack's answers or a browser would write.
    const db = core.db;
    const digest = prepared(db, 'INSERT INTO digests (team_id, channel_id, ts, created_at) VALUES (?, ?, ?, ?) RETURNING id').get('T0FULL', 'C0SEARCH', '1700000000.000100', now.getTime()) as { id: number };
    prepared(db, 'INSERT INTO slack_messages (incident_id, team_id, channel_id, ts, digest_id, rendered_version) VALUES (?, ?, ?, ?, ?, ?)').run(first.id, 'T0FULL', 'C0ZULU', '1700000000.000200', null, now.getTime()); // a card's version is a time in ms
    prepared(db, 'INSERT INTO slack_messages (incident_id, team_id, channel_id, ts, digest_id, rendered_version) VALUES (?, ?, ?, ?, ?, ?)').run(first.id, 'T0FULL', 'C0ALPHA', null, digest.id, 1);
    prepared(db, 'INSERT INTO oauth_tickets (id, kind, browser_hash, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)').run('ab'.repeat(32), 'state', 'cd'.repeat(32), now.getTime(), now.getTime() + 600_000, null);
    prepared(db, 'INSERT INTO slack_requests_seen (endpoint, last_verified_at) VALUES (?, ?)').run('actions', now.getTime());
    // Tables of migrations made in parallel (016 on-call in Slack, 017 several daemons), once they are here.
    const has = (table: string) => tableNames(db).includes(table);
    if (has('schedule_slack')) {
      prepared(db, 'INSERT INTO schedule_slack (schedule_id, team_id, handoff_channel, usergroup_id, usergroup_handle, announced_to, synced_key) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(core.oncall.getSchedule('primary').id, 'T0FULL', 'C0ONCALL', 'S0ONCALL', 'oncall-primary', now.getTime(), `user:${jane.id}`);
    }
    if (has('delivery_leases')) prepared(db, 'INSERT INTO delivery_leases (lane, owner, expires_at, taken_at) VALUES (?, ?, ?, ?)').run('T0FULL', 'daemon-a', now.getTime() + 30_000, now.getTime());
  } finally {
    core.close();
  }
}
