// Another process holds SQLite's write lock for a few seconds (a backup, the CLI in a long
// transaction, an admin's sqlite3 shell). The daemon keeps answering: /healthz says "degraded" and
// why, reads work, a click is answered in time and applied once the lock goes, intake answers 503
// with Retry-After and succeeds on retry, the delivery worker and the scheduler carry on after it,
// and nothing is lost or sent twice.
import { afterEach, describe, expect, it } from 'vitest';
import { LockHolder } from '../helpers/lock-holder.js';
import { alertmanagerWebhook, pagerDutyEvent } from '../helpers/payloads.js';
import { PATIENCE_MS } from '../helpers/slack-story.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { storiesOnPostgres } from '../helpers/postgres.js';

let stack: Stack | undefined;
let holder: LockHolder | undefined;
afterEach(async () => {
  await holder?.stop();
  await stack?.close();
  holder = stack = undefined;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Json };
}

async function health(url: string) {
  const started = performance.now();
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as Json, ms: performance.now() - started };
}

async function eventually<T>(what: string, probe: () => Promise<T | false | null | undefined> | T | false | null | undefined, timeoutMs = PATIENCE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// SQLite's file lock: on PostgreSQL (OPSKNIGHT_TEST_STORE=postgres) there is no file to lock.
describe.skipIf(storiesOnPostgres())('a write lock held by another process', () => {
  it('never stalls the daemon, and everything asked for during it is applied after it', async () => {
    stack = await startStack();
    const s = stack;
    const { daemon, slack, sandbox } = s;
    daemon.core.directory.addUser({ name: 'Jane Doe', email: 'JANE@example.com' });
    const key = daemon.core.directory.getService('payment-api').integrationKey;
    const auth = { authorization: 'Bearer test-api-token' };
    const channel = slack.channel('#incidents');
    holder = await LockHolder.start(daemon.core.db.name);

    // Before the lock: #1 is on the channel; #2 is snoozed for a minute, which passes (on the
    // daemon's clock) inside the lock; #3's first post fails, so its retry goes out to Slack while
    // the lock is held.
    const { id: clicked } = await s.trigger({ title: 'Checkout latency' });
    const message = await channel.expectMessage(/Checkout latency/);
    const { id: snoozed } = await s.trigger({ title: 'Queue depth' });
    await channel.expectMessage(/Queue depth/);
    const snoozeEnds = s.clock.ms() + 60_000;
    expect((await s.api('POST', `/api/incidents/${snoozed}/snooze`, { until: new Date(snoozeEnds).toISOString() })).status).toBe(200);
    await s.settle();
    sandbox.faults.add({ method: 'chat.postMessage', kind: 'server_error', calls: 1 });
    const { id: retried } = await s.trigger({ title: 'Disk pressure' });
    await eventually('the first post of #3 to fail', () => sandbox.world.calls.some((c) => c.error === 'server_error (fault)'));
    // ...and the daemon to have recorded that failure: a lock taken before it would hold the
    // channel's record until the lock goes, and the retry could not go out during the lock.
    await eventually('the failed post of #3 to be rescheduled', () =>
      daemon.core.outbox.pending(50).some((r) => r.kind === 'post' && r.incidentId === retried && r.attempts >= 1),
    );

    await holder.lock();
    // The retry's backoff (at most 2 s after a first failure) passes on the daemon's clock.
    s.advance(2000);

    // Health answers at once, degraded, saying why.
    const during = await health(daemon.url);
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ status: 'degraded', database: 'locked' });
    expect(during.body.reason).toMatch(/locked by another process/);
    expect(during.ms).toBeLessThan(1000); // was 7.6 s: the event loop slept in SQLite's busy wait

    // Intake answers 503 with Retry-After from every entry point; a click meanwhile gets its answer
    // in time, and Jane is told privately that it is being saved.
    const alert = alertmanagerWebhook([{ labels: { service: 'payment-api', severity: 'critical' }, fingerprint: 'am-1' }]);
    const [created, enqueued, alerted, click] = await Promise.all([
      post(`${daemon.url}/api/incidents`, { title: 'Payments down', service: 'payment-api', urgency: 'HIGH' }, auth),
      post(`${daemon.url}/v2/enqueue`, pagerDutyEvent(key, 'trigger', { dedup_key: 'disk-db-1' })),
      post(`${daemon.url}/api/integrations/alertmanager`, alert, auth),
      message.button('Acknowledge').click({ as: 'jane' }),
    ]);
    expect(created).toMatchObject({ status: 503, retryAfter: '2', body: { error: 'database_busy' } });
    expect(enqueued).toMatchObject({ status: 503, retryAfter: '2' });
    expect(alerted).toMatchObject({ status: 503, retryAfter: '2' });
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(3000);
    await slack.expectEphemeral('jane', /Saving… the OpsKnight database is busy/);
    expect((await health(daemon.url)).body.waiting_writes).toBe(1);

    // Reads keep working: the API, and a slash-command list.
    const listed = await s.api('GET', '/api/incidents');
    expect(listed.status).toBe(200);
    expect(listed.body.incidents.map((i: Json) => i.id).sort()).toEqual([clicked, snoozed, retried]);
    expect(listed.body.incidents.find((i: Json) => i.id === clicked).status).toBe('OPEN');
    const list = await slack.slashCommand('/opsknight incidents', { as: 'jane' });
    expect(list.status).toBe(200);
    expect(list.body).toContain('Checkout latency');

    // The delivery worker carried on: #3's retry reached Slack during the lock; only its record waits.
    await channel.expectMessage(/Disk pressure/);
    expect(daemon.delivery.idle()).toBe(false);
    // The snooze ends during the lock (a minute on: well inside the waiting click's 5-minute patience,
    // which the same clock measures); the scheduler cannot wake #2 yet.
    s.advance(snoozeEnds + 1000 - s.clock.ms());
    daemon.scheduler.sweep();
    expect((await s.api('GET', `/api/incidents/${snoozed}`)).body.status).toBe('SNOOZED');

    await holder.release();

    // After: the click is applied, the snoozed incident wakes, #3 is recorded once, intake retries succeed.
    await message.expectText(/Acknowledged ✓/);
    await message.expectThreadReply(/Acknowledged by <@U0JANE00001>/);
    expect((await s.api('GET', `/api/incidents/${clicked}`)).body).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_by: 'Jane Doe' });
    await slack.expectEphemeral('jane', /✅ Saved/);
    await eventually('#2 to wake', async () => (await s.api('GET', `/api/incidents/${snoozed}`)).body.status === 'OPEN');
    expect((await post(`${daemon.url}/api/incidents`, { title: 'Payments down', service: 'payment-api', urgency: 'HIGH' }, auth)).status).toBe(201);
    expect((await post(`${daemon.url}/v2/enqueue`, pagerDutyEvent(key, 'trigger', { dedup_key: 'disk-db-1' }))).status).toBe(202);
    expect((await post(`${daemon.url}/api/integrations/alertmanager`, alert, auth)).status).toBeLessThan(300);
    await s.settle();

    // Nothing lost, nothing twice: 3 incidents before, 3 from the retried intakes, one Slack post each.
    const after = await s.api('GET', '/api/incidents?limit=50');
    expect(after.body.total).toBe(6);
    const posts = channel.messages().map((m) => m.text);
    for (const title of ['Checkout latency', 'Queue depth', 'Disk pressure', 'Payments down', 'Disk almost full on db-1', 'HighLatency']) {
      expect(posts.filter((t) => t.includes(title)), title).toHaveLength(1);
    }
    expect(daemon.core.outbox.counts().failed).toBe(0);
    const healed = await health(daemon.url);
    expect(healed.body).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('over Socket Mode too, a click is acknowledged at once and applied when the lock goes', async () => {
    stack = await startStack({ socketMode: true });
    const s = stack;
    s.sandbox.setAppUrls({ interactivityUrl: '', commandUrl: '' });
    const { id } = await s.trigger({ title: 'Checkout latency' });
    const message = await s.slack.channel('#incidents').expectMessage(/Checkout latency/);
    holder = await LockHolder.start(s.daemon.core.db.name);
    await holder.lock();

    const click = await message.button('Acknowledge').click({ as: 'jane' });
    expect(click.status).toBe(200);
    expect(s.sandbox.driver.sent.at(-1)!.url).toBe('socket');
    expect(click.ms).toBeLessThan(3000);
    await s.slack.expectEphemeral('jane', /Saving…/);
    expect((await s.api('GET', `/api/incidents/${id}`)).body.status).toBe('OPEN');

    await holder.release();
    await message.expectThreadReply(/Acknowledged by/);
    expect((await s.api('GET', `/api/incidents/${id}`)).body.status).toBe('ACKNOWLEDGED');
  });
});
