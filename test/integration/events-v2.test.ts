import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { pagerDutyEvent } from '../helpers/payloads.js';

let app: TestApp;
let key: string;
beforeEach(async () => {
  app = await startTestApp();
  key = app.core.directory.addService({ slug: 'database' }).integrationKey;
});
afterEach(() => app.close());

// Events v2 authenticates by routing key alone, like PagerDuty: no bearer token.
async function enqueue(body: unknown) {
  const res = await fetch(`${app.url}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
  return { status: res.status, body: (await res.json()) as any };
}

describe('PagerDuty Events API v2 intake', () => {
  it('a trigger answers 202 as PagerDuty does and opens an incident', async () => {
    const res = await enqueue(pagerDutyEvent(key, 'trigger', { dedup_key: 'disk-db-1' }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'disk-db-1' });
    const { body } = await app.api('GET', '/api/incidents');
    expect(body.incidents[0]).toMatchObject({
      title: 'Disk almost full on db-1',
      service: 'database',
      urgency: 'MEDIUM',
      components: ['postgres'],
      dedup_key: 'disk-db-1',
    });
    expect(body.incidents[0].description).toContain('db-1.prod');
  });

  it('generates a dedup key when none is sent, and follow-ups acknowledge and resolve by it', async () => {
    const trig = await enqueue(pagerDutyEvent(key, 'trigger'));
    const dedup = trig.body.dedup_key as string;
    expect(dedup).toMatch(/^[0-9a-f]{32}$/);
    expect((await enqueue(pagerDutyEvent(key, 'acknowledge', { dedup_key: dedup }))).status).toBe(202);
    expect((await app.api('GET', '/api/incidents/1')).body.status).toBe('ACKNOWLEDGED');
    expect((await enqueue(pagerDutyEvent(key, 'resolve', { dedup_key: dedup }))).status).toBe(202);
    const shown = await app.api('GET', '/api/incidents/1');
    expect(shown.body.status).toBe('RESOLVED');
    expect(shown.body.events.map((e: { source: string }) => e.source)).toEqual(['events-v2', 'events-v2', 'events-v2']);
  });

  it('maps PagerDuty severities to urgency', async () => {
    for (const severity of ['critical', 'error', 'warning', 'info']) {
      const ev = pagerDutyEvent(key, 'trigger', { dedup_key: severity }) as { payload: Record<string, unknown> };
      ev.payload.severity = severity;
      await enqueue(ev);
    }
    const { body } = await app.api('GET', '/api/incidents');
    expect(Object.fromEntries(body.incidents.map((i: { dedup_key: string; urgency: string }) => [i.dedup_key, i.urgency]))).toEqual({
      critical: 'HIGH',
      error: 'HIGH',
      warning: 'MEDIUM',
      info: 'LOW',
    });
  });

  it('an acknowledge for an unknown dedup key is accepted and changes nothing', async () => {
    const res = await enqueue(pagerDutyEvent(key, 'acknowledge', { dedup_key: 'never-seen' }));
    expect(res.status).toBe(202);
    expect((await app.api('GET', '/api/incidents')).body.total).toBe(0);
  });

  it('answers invalid events with 400 and PagerDuty-style errors', async () => {
    const missing = await enqueue({ routing_key: key, event_action: 'trigger', payload: { summary: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.status).toBe('invalid event');
    expect(missing.body.errors.join(' ')).toMatch(/payload\.source/);
    expect(missing.body.errors.join(' ')).toMatch(/payload\.severity/);

    const unknownKey = await enqueue(pagerDutyEvent('0'.repeat(32), 'trigger'));
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.errors[0]).toMatch(/routing_key/);

    const badAction = await enqueue({ routing_key: key, event_action: 'explode' });
    expect(badAction.status).toBe(400);
    const noDedup = await enqueue({ routing_key: key, event_action: 'resolve' });
    expect(noDedup.status).toBe(400);
    expect((await enqueue('{not json')).status).toBe(400);
    expect((await app.api('GET', '/api/incidents')).body.total).toBe(0);
  });

  it('takes a gzip-compressed event like a plain one, and counts both in one metric series', async () => {
    const zipped = await fetch(`${app.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(pagerDutyEvent(key, 'trigger', { dedup_key: 'zipped' }))),
    });
    expect(zipped.status).toBe(202);
    expect(await zipped.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'zipped' });
    expect((await enqueue(pagerDutyEvent(key, 'trigger', { dedup_key: 'plain' }))).status).toBe(202);
    expect((await app.api('GET', '/api/incidents')).body.total).toBe(2);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/opsknight_slack_http_requests_total\{method="POST",route="\/v2\/enqueue\/",status="202"\} 2/);
  });
});
