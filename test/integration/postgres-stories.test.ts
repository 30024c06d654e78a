// The daemon and the CLI on PostgreSQL (OPSKNIGHT_SLACK_DB=postgres://…), end to end against the
// Slack sandbox: the same stories the SQLite suite tells, on a throwaway database each. (The whole
// suite runs on PostgreSQL with OPSKNIGHT_TEST_STORE=postgres.)
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshPostgresUrl, pgAvailable } from '../helpers/postgres.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { tempHome } from '../helpers/temp.js';

let stack: Stack | undefined;
let home: ReturnType<typeof tempHome> | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  home?.remove();
});

const onPostgres = () => startStack({ env: { OPSKNIGHT_SLACK_DB: freshPostgresUrl() } });

describe.skipIf(!pgAvailable())('on PostgreSQL', () => {
  it('intake posts a card; Acknowledge from Slack acknowledges it, changes the card and says who in the thread', async () => {
    stack = await onPostgres();
    expect(stack.daemon.core.db.engine).toBe('postgres');
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    const { id } = await stack.trigger();
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const click = await msg.button('Acknowledge').click({ as: 'jane' });
    expect(click.status).toBe(200);
    await msg.expectThreadReply(/✅ Acknowledged by <@U0JANE00001>/);
    await msg.expectText(/Acknowledged ✓/);
    const shown = await stack.api('GET', `/api/incidents/${id}`);
    expect(shown.body).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_by: 'Jane Doe' });
    expect(shown.body.events.map((e: { type: string }) => e.type)).toEqual(['triggered', 'acknowledged']);
    // /healthz says the database answers and takes writes.
    expect(await (await fetch(`${stack.daemon.url}/healthz`)).json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('the scheduler wakes a snoozed incident on time and says so in the thread', async () => {
    stack = await onPostgres();
    const { id } = await stack.trigger();
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const until = new Date(stack.clock.ms() + 30 * 60_000).toISOString();
    await stack.api('POST', `/api/incidents/${id}/snooze`, { until });
    await stack.settle();
    stack.advance(30 * 60_000);
    await msg.expectThreadReply(/⏰ Snooze is over/, 4000);
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.status).toBe('OPEN');
  });

  it('the CLI works incidents in the same database, and never prints the connection string’s password', () => {
    home = tempHome();
    const env = { ...home.env, OPSKNIGHT_SLACK_DB: freshPostgresUrl() };
    const json = (...args: string[]) => {
      const r = runCli([...args, '--json'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    json('service', 'add', 'payment-api');
    json('user', 'add', '--name', 'Jane Doe', '--email', 'jane@example.com');
    expect(json('incident', 'trigger', '-t', 'Database Connection Timeout', '-s', 'payment-api', '-u', 'medium')).toMatchObject({ id: 1, status: 'OPEN', urgency: 'MEDIUM' });
    expect(json('incident', 'ack', '#1', '--as', 'jane@example.com')).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_by: 'Jane Doe' });
    expect(json('incident', 'snooze', '1', '--for', '2h').status).toBe('SNOOZED');
    expect(json('incident', 'resolve', '1', '--note', 'Raised pool size')).toMatchObject({ status: 'RESOLVED', resolution_note: 'Raised pool size' });
    expect(json('incident', 'show', '1').events.map((e: { type: string }) => e.type)).toEqual(['triggered', 'acknowledged', 'snoozed', 'resolved']);
    const paths = runCli(['config', 'paths'], env);
    expect(paths.stdout).toMatch(/Database:\s+postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/oks_t_/);
    expect(json('config', 'paths').database).toMatch(/^postgres:\/\/postgres:\*\*\*@/);
  });

  it('a daemon and the CLI on one database: what the CLI does reaches Slack through the daemon', async () => {
    stack = await onPostgres();
    const r = runCli(['incident', 'trigger', '-t', 'Made by the CLI', '-s', 'payment-api', '--json'], stack.env);
    expect(r.code).toBe(0);
    stack.daemon.delivery.wake();
    await stack.slack.channel('#incidents').expectMessage(/Made by the CLI/);
  });
});
