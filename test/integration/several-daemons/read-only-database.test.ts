// /healthz says which database engine a daemon runs on and whether it takes writes; a daemon whose
// database is read-only (a PostgreSQL standby, a failover under way) takes no work: intake answers
// 503 with Retry-After, a Slack click is told plainly, /healthz is 503 so a proxy sends traffic
// elsewhere, and what the other daemon acknowledged stays.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningDaemon } from '../../../src/daemon/lifecycle.js';
import { startDaemon } from '../../../src/daemon/lifecycle.js';
import { createLogger } from '../../../src/observability/logger.js';
import { PostgresDb } from '../../../src/store/postgres-db.js';
import { describeEachStore, freshPostgresUrl, PG_ADMIN_URL, pgAvailable } from '../../helpers/postgres.js';
import { startTwoDaemons, type TwoDaemons } from '../../helpers/two-daemons.js';

let stack: TwoDaemons | null = null;
let extra: RunningDaemon | null = null;
let undo: (() => void) | null = null;
afterEach(async () => {
  undo?.();
  undo = null;
  await extra?.stop();
  extra = null;
  await stack?.close();
  stack = null;
});

describeEachStore('/healthz names the database', (store) => {
  it(`reports the engine (${store.engine}) and that it is the primary`, async () => {
    stack = await startTwoDaemons({ env: store.env({}) });
    for (const d of stack.daemons) {
      const health = await stack.api(d, 'GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', database: 'ok', database_engine: store.engine, database_role: 'primary' });
    }
  });
});

(pgAvailable() ? describe : describe.skip)('a daemon on a read-only PostgreSQL database [postgres]', () => {
  it('takes no work and says so; the daemon on the primary carries on and nothing acknowledged is lost', async () => {
    const url = freshPostgresUrl();
    stack = await startTwoDaemons({ env: { OPSKNIGHT_SLACK_DB: url } });
    const [a] = stack.daemons as [RunningDaemon];
    const before = await stack.trigger(a, { title: 'Paged before the failover' });
    await stack.settle();

    // New sessions on this database are read-only, as on a standby; a third daemon starts on it.
    const admin = new PostgresDb(PG_ADMIN_URL);
    const name = new URL(url).pathname.slice(1);
    admin.exec(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    undo = () => {
      admin.exec(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
      admin.close();
    };
    const { SLACK_BOT_TOKEN: _, ...envWithoutInstall } = stack.env;
    extra = await startDaemon({ port: 0, host: '127.0.0.1' }, envWithoutInstall, { logger: createLogger('silent'), clock: stack.clock });
    const standby = extra;

    const health = await stack.api(standby, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'read-only', database_engine: 'postgres', database_role: 'read-only' });
    expect(health.body.reason).toMatch(/^the database is read-only \(a PostgreSQL standby, or a failover under way\): this daemon takes no work/);

    const refused = await stack.api(standby, 'POST', '/api/incidents', { title: 'Sent to the standby', service: 'payment-api', urgency: 'HIGH' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toMatchObject({ error: 'database_read_only' });
    expect(refused.body.message).toMatch(/^The OpsKnight database is read-only right now .*nothing was saved\. Try again shortly/);

    // A click that reaches the standby's daemon: told plainly, nothing changes.
    stack.sandbox.setAppUrls({ interactivityUrl: `${standby.url}/api/slack/actions` });
    const card = await stack.slack.channel('#incidents').expectMessage(/Paged before the failover/);
    const click = await card.button('Acknowledge').click({ as: 'jane' });
    expect(JSON.stringify(click.json)).toMatch(/⚠️ The OpsKnight database is read-only right now/);
    expect((await stack.api(a, 'GET', `/api/incidents/${before.id}`)).body.status).toBe('OPEN');

    // The sender retries against the daemon on the primary: taken, nothing lost.
    const retried = await stack.trigger(a, { title: 'Sent to the standby' });
    await stack.slack.channel('#incidents').expectMessage(/Sent to the standby/);
    expect((await stack.api(a, 'GET', `/api/incidents/${retried.id}`)).body.title).toBe('Sent to the standby');
  });
});
