// Request bodies as real senders send them, through the one body reader: compressed, with a charset,
// large monitoring webhooks up to 25 MiB on the two intake endpoints, 1 MiB elsewhere; and every
// refusal worded for its endpoint (PagerDuty's shape on /v2/enqueue).
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { alertmanagerWebhook, pagerDutyEvent } from '../helpers/payloads.js';

let app: TestApp;
let key: string;
beforeEach(async () => {
  app = await startTestApp();
  key = app.core.directory.addService({ slug: 'payment-api' }).integrationKey;
});
afterEach(() => app.close());

const MiB = 1024 * 1024;
const incident = { title: 'Disk full', service: 'payment-api', urgency: 'LOW' };

async function post(path: string, body: string | Buffer, headers: Record<string, string>, token = true) {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { ...(token ? { authorization: `Bearer ${app.token}` } : {}), ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const total = async () => (await app.api('GET', '/api/incidents')).body.total as number;

describe('request bodies', () => {
  it('takes gzip, deflate and br bodies, and a charset or byte-order mark on UTF-8 JSON', async () => {
    const json = JSON.stringify(incident);
    const cases: [Record<string, string>, Buffer | string][] = [
      [{ 'content-encoding': 'gzip' }, gzipSync(json)],
      [{ 'content-encoding': 'deflate' }, deflateSync(json)],
      [{ 'content-encoding': 'br' }, brotliCompressSync(json)],
      [{ 'content-type': 'application/json; charset=UTF-8' }, json],
      [{ 'content-type': 'application/json;charset="utf-8"' }, `\ufeff${json}`],
    ];
    for (const [headers, body] of cases) {
      const res = await post('/api/incidents', body, { 'content-type': 'application/json', ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(201);
    }
    const zipped = await post('/v2/enqueue', gzipSync(JSON.stringify(pagerDutyEvent(key, 'trigger'))), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, false);
    expect(zipped.status).toBe(202);
    expect(await total()).toBe(6);
  });

  it('refuses what it cannot read with a 4xx that says what to send, and writes nothing', async () => {
    const json = JSON.stringify(incident);
    expect((await post('/api/incidents', json, { 'content-type': 'application/json', 'content-encoding': 'constructor' })).status).toBe(415);
    const compress = await post('/api/incidents', json, { 'content-type': 'application/json', 'content-encoding': 'compress' });
    expect(compress).toMatchObject({ status: 415, body: { error: 'unsupported_encoding' } });
    expect(compress.body.message).toMatch(/gzip/);
    const corrupt = await post('/api/incidents', Buffer.from('not gzip at all'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(corrupt).toMatchObject({ status: 400, body: { error: 'invalid_body' } });
    const latin1 = await post('/api/incidents', json, { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin1).toMatchObject({ status: 415, body: { error: 'unsupported_charset' } });
    expect(latin1.body.message).toMatch(/UTF-8/);
    const text = await post('/api/incidents', json, { 'content-type': 'text/plain' });
    expect(text).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    // The Express routes read bodies the same way.
    const { body: created } = await app.api('POST', '/api/incidents', incident);
    const note = await post(`/api/incidents/${created.id}/notes`, 'text=hello', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(note).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    expect(await total()).toBe(1);
  });

  it('a gzip body is limited by its decoded size', async () => {
    const bomb = gzipSync(JSON.stringify({ ...incident, description: 'x'.repeat(2 * MiB) }));
    expect(bomb.length).toBeLessThan(16 * 1024);
    const res = await post('/api/incidents', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res).toMatchObject({ status: 413, body: { error: 'payload_too_large', message: 'The request body is larger than 1 MiB.' } });
  });

  it('keeps 1 MiB on the incident API', async () => {
    const big = JSON.stringify({ ...incident, description: 'x'.repeat(MiB) });
    expect((await post('/api/incidents', big, { 'content-type': 'application/json' })).status).toBe(413);
    const { body: created } = await app.api('POST', '/api/incidents', incident);
    const note = await post(`/api/incidents/${created.id}/notes`, JSON.stringify({ text: 'x'.repeat(MiB) }), { 'content-type': 'application/json' });
    expect(note).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  });
});

describe('large monitoring notifications', () => {
  it('accepts a ~10 MB Alertmanager group and opens every incident; refuses 26 MB with 413', async () => {
    const alerts = Array.from({ length: 1000 }, (_, i) => ({
      labels: { severity: 'warning', instance: `node-${i}` },
      annotations: { summary: `Disk filling on node-${i}`, description: `${i}: ${'Free space is falling fast. '.repeat(370)}` },
    }));
    const body = JSON.stringify(alertmanagerWebhook(alerts));
    expect(body.length).toBeGreaterThan(10 * 1000 * 1000);
    const res = await post('/api/integrations/alertmanager?service=payment-api', body, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.results.filter((r: { action: string }) => r.action === 'created')).toHaveLength(1000);
    expect(await total()).toBe(1000);

    const huge = JSON.stringify(alertmanagerWebhook([{ annotations: { description: 'x'.repeat(26 * MiB) } }]));
    const refused = await post('/api/integrations/alertmanager?service=payment-api', huge, { 'content-type': 'application/json' });
    expect(refused).toMatchObject({ status: 413, body: { error: 'payload_too_large', message: 'The request body is larger than 25 MiB.' } });
    expect(await total()).toBe(1000);
  });

  it('the Alertmanager token is checked before the body is read', async () => {
    const huge = JSON.stringify(alertmanagerWebhook([{ annotations: { description: 'x'.repeat(2 * MiB) } }]));
    const res = await post('/api/integrations/alertmanager?service=payment-api', huge, { 'content-type': 'application/json' }, false);
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
  });

  it('Events v2 takes a 2 MB event and refuses 26 MB with 413, in PagerDuty\'s shape', async () => {
    const big = pagerDutyEvent(key, 'trigger', { dedup_key: 'big' }) as { payload: Record<string, unknown> };
    big.payload.custom_details = { log: 'y'.repeat(2 * MiB) };
    const ok = await post('/v2/enqueue', JSON.stringify(big), { 'content-type': 'application/json' }, false);
    expect(ok).toMatchObject({ status: 202, body: { status: 'success', dedup_key: 'big' } });
    big.payload.custom_details = { log: 'y'.repeat(26 * MiB) };
    const refused = await post('/v2/enqueue', JSON.stringify(big), { 'content-type': 'application/json' }, false);
    expect(refused).toEqual({ status: 413, body: { status: 'invalid event', message: 'The request body is larger than 25 MiB.', errors: ['The request body is larger than 25 MiB.'] } });
  });

  it('every refusal from /v2/enqueue has PagerDuty\'s shape, invalid JSON included', async () => {
    const shape = { status: 'invalid event', message: expect.any(String), errors: [expect.any(String)] };
    const badJson = await post('/v2/enqueue', '{"routing_key": ', { 'content-type': 'application/json' }, false);
    expect(badJson).toEqual({ status: 400, body: { ...shape, message: 'The request body is not valid JSON.' } });
    const bare = await post('/v2/enqueue', '"trigger"', { 'content-type': 'application/json' }, false);
    expect(bare).toEqual({ status: 400, body: shape });
    const form = await post('/v2/enqueue', 'routing_key=x', { 'content-type': 'application/x-www-form-urlencoded' }, false);
    expect(form).toEqual({ status: 415, body: shape });
    const corrupt = await post('/v2/enqueue', Buffer.from('nope'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, false);
    expect(corrupt).toEqual({ status: 400, body: shape });
    expect(await total()).toBe(0);
  });

  it('Change Events answer in PagerDuty\'s shape too, and keep 1 MiB', async () => {
    const shape = { status: 'invalid event', message: expect.any(String), errors: [expect.any(String)] };
    const badJson = await post('/v2/change/enqueue', '{"routing_key": ', { 'content-type': 'application/json' }, false);
    expect(badJson).toEqual({ status: 400, body: { ...shape, message: 'The request body is not valid JSON.' } });
    const change = { routing_key: key, payload: { summary: 'Deployed checkout v42', source: 'ci', custom_details: { notes: 'z'.repeat(MiB) } } };
    const big = await post('/v2/change/enqueue', JSON.stringify(change), { 'content-type': 'application/json' }, false);
    expect(big).toEqual({ status: 413, body: { ...shape, message: 'The request body is larger than 1 MiB.' } });
    change.payload.custom_details.notes = 'small';
    expect((await post('/v2/change/enqueue', JSON.stringify(change), { 'content-type': 'application/json' }, false)).status).toBe(202);
  });
});
