import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
  app.core.directory.addService({ slug: 'payment-api', name: 'Payment API' });
  app.core.directory.addService({ slug: 'search' });
});
afterEach(() => app.close());

const create = (body: Record<string, unknown> = {}) =>
  app.api('POST', '/api/incidents', {
    title: 'Database Connection Timeout',
    service: 'payment-api',
    urgency: 'HIGH',
    ...body,
  });

describe('incident API', () => {
  it('creates an incident: 201 with the snake_case incident', async () => {
    const res = await create({ description: 'p99 > 5s', components: ['postgres'], dedup_key: 'db-1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 1,
      title: 'Database Connection Timeout',
      service: 'payment-api',
      urgency: 'HIGH',
      status: 'OPEN',
      components: ['postgres'],
      dedup_key: 'db-1',
      acknowledged_at: null,
      resolved_at: null,
      snoozed_until: null,
      resolution_note: null,
    });
    expect(new Date(res.body.created_at).getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it('a repeat with the same dedup key returns the existing incident, counted', async () => {
    const first = await create({ dedup_key: 'k' });
    const again = await create({ dedup_key: 'k' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, deduplicated: true, trigger_count: 2 });
  });

  it('walks an incident through snooze, acknowledge, note and resolve, with the timeline on show', async () => {
    const { body: inc } = await create();
    const snoozed = await app.api('POST', `/api/incidents/${inc.id}/snooze`, { duration: '1h30m' });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.status).toBe('SNOOZED');
    const until = new Date(snoozed.body.snoozed_until).getTime();
    expect(until - Date.now()).toBeGreaterThan(89 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(90 * 60_000);

    expect((await app.api('POST', `/api/incidents/${inc.id}/acknowledge`)).body.status).toBe('ACKNOWLEDGED');
    const again = await app.api('POST', `/api/incidents/${inc.id}/acknowledge`);
    expect(again.body).toMatchObject({ changed: false, message: expect.stringMatching(/already acknowledged/) });

    expect((await app.api('POST', `/api/incidents/${inc.id}/notes`, { text: 'Pool exhausted' })).status).toBe(201);
    const resolved = await app.api('POST', `/api/incidents/${inc.id}/resolve`, { note: 'Raised pool size' });
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', resolution_note: 'Raised pool size' });

    const shown = await app.api('GET', `/api/incidents/${inc.id}`);
    expect(shown.body.events.map((e: { type: string }) => e.type)).toEqual([
      'triggered',
      'snoozed',
      'acknowledged',
      'note_added',
      'resolved',
    ]);
    expect(shown.body.events[4]).toMatchObject({ actor: 'API', source: 'api', details: { note: 'Raised pool size' } });
  });

  it('snoozes until an ISO time, and refuses to snooze a resolved incident (409)', async () => {
    const { body: inc } = await create();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await app.api('POST', `/api/incidents/${inc.id}/snooze`, { until })).body.snoozed_until).toBe(until);
    await app.api('POST', `/api/incidents/${inc.id}/resolve`, {});
    const res = await app.api('POST', `/api/incidents/${inc.id}/snooze`, { duration: '30m' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('invalid_transition');
  });

  it('lists with filters and pagination', async () => {
    for (let i = 0; i < 5; i++) await create({ title: `p${i}` });
    await create({ title: 's', service: 'search', urgency: 'low' });
    await app.api('POST', '/api/incidents/1/acknowledge');

    const page = await app.api('GET', '/api/incidents?limit=2');
    expect(page.body).toMatchObject({ total: 6, limit: 2, offset: 0, next_offset: 2 });
    expect(page.body.incidents.map((i: { title: string }) => i.title)).toEqual(['s', 'p4']);
    const last = await app.api('GET', '/api/incidents?limit=2&offset=4');
    expect(last.body.next_offset).toBeNull();

    expect((await app.api('GET', '/api/incidents?service=search')).body.total).toBe(1);
    expect((await app.api('GET', '/api/incidents?urgency=high,medium')).body.total).toBe(5);
    expect((await app.api('GET', '/api/incidents?status=acknowledged')).body.incidents[0].title).toBe('p0');
    const bad = await app.api('GET', '/api/incidents?status=burning');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('burning');
  });

  it('concurrent creates commit together, and one bad request fails alone', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => create({ title: `storm ${i}`, service: i % 10 === 3 ? 'billing' : 'payment-api' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(36);
    expect(results.filter((r) => r.status === 422)).toHaveLength(4);
    const ids = results.filter((r) => r.status === 201).map((r) => r.body.id);
    expect(new Set(ids).size).toBe(36);
    expect((await app.api('GET', '/api/incidents')).body.total).toBe(36);
  });

  it('refuses a missing or wrong token with 401', async () => {
    const none = await fetch(`${app.url}/api/incidents`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await app.api('GET', '/api/incidents', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await app.api('GET', '/api/incidents', undefined, { authorization: app.token })).status).toBe(401);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const badJson = await app.api('POST', '/api/incidents', '{"title": ');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toBe('invalid_json');

    const missing = await app.api('POST', '/api/incidents', { service: 'payment-api', urgency: 'HIGH' });
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toContain('title');

    const badUrgency = await create({ urgency: 'EXTREME' });
    expect(badUrgency.status).toBe(400);
    expect(badUrgency.body.message).toMatch(/^urgency:/);


    expect((await app.api('GET', '/api/incidents')).body.total).toBe(0);
  });

  it('create takes gzip-compressed JSON, and refuses a form body, a bare JSON string and no token clearly', async () => {
    const body = JSON.stringify({ title: 'Disk full', service: 'payment-api', urgency: 'LOW' });
    const post = (headers: Record<string, string>, payload: string | Buffer) =>
      fetch(`${app.url}/api/incidents`, { method: 'POST', headers: { authorization: `Bearer ${app.token}`, ...headers }, body: payload });
    const zipped = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(body));
    expect(zipped.status).toBe(201);
    expect(await zipped.json()).toMatchObject({ title: 'Disk full', urgency: 'LOW', deduplicated: false });
    // curl -d without a content type: refused with a clear 415 saying what to send.
    const form = await post({ 'content-type': 'application/x-www-form-urlencoded' }, body);
    expect(form.status).toBe(415);
    expect(((await form.json()) as { message: string }).message).toMatch(/Content-Type: application\/json.*curl --json/);
    const bare = await post({ 'content-type': 'application/json' }, '"Disk full"');
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: string }).error).toBe('invalid_json');
    const anonymous = await fetch(`${app.url}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await app.api('GET', '/api/incidents')).body.total).toBe(1);
  });

  it('answers an unknown service with 422 listing the known ones', async () => {
    const res = await create({ service: 'billing' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'unknown_service', known_services: ['payment-api', 'search'] });
    expect(res.body.message).toContain('payment-api, search');
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const res = await create({ description: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect((await app.api('GET', '/api/incidents')).body.total).toBe(0);
  });

  it('answers an unknown incident with 404 and a bad snooze with 400', async () => {
    expect((await app.api('GET', '/api/incidents/999')).status).toBe(404);
    const { body: inc } = await create();
    const res = await app.api('POST', `/api/incidents/${inc.id}/snooze`, { duration: 'a while' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/30m/);
    const both = await app.api('POST', `/api/incidents/${inc.id}/snooze`, { duration: '1h', until: new Date().toISOString() });
    expect(both.status).toBe(400);
  });

  it('serves health and Prometheus metrics', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    await create();
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/opsknight_slack_http_requests_total\{method="POST",route="\/api\/incidents\/",status="201"\} 1/);
    expect(text).toContain('opsknight_slack_http_request_duration_seconds_bucket');
    expect(text).toMatch(/opsknight_slack_incidents_created_total\{source="api"\} 1/);
  });

  it('reports an unhealthy database with 503', async () => {
    app.core.db.close();
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(503);
    app.core.close = () => undefined;
  });
});
