import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { alertmanagerWebhook } from '../helpers/payloads.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
  app.core.directory.addService({ slug: 'payment-api' });
  app.core.directory.addService({ slug: 'search' });
});
afterEach(() => app.close());

const post = (body: unknown, query = '?service=payment-api') => app.api('POST', `/api/integrations/alertmanager${query}`, body);
const incidents = async () => (await app.api('GET', '/api/incidents')).body.incidents as Record<string, unknown>[];

describe('Alertmanager webhook', () => {
  it('opens one incident per firing alert with urgency from severity', async () => {
    const res = await post(
      alertmanagerWebhook([
        { labels: { severity: 'critical', instance: 'api-1' }, annotations: { summary: 'p99 latency above 2s', description: 'Checkout is slow' } },
        { labels: { severity: 'warning', component: 'cache' } },
        { labels: { severity: 'info' } },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { action: string }) => r.action)).toEqual(['created', 'created', 'created']);
    const list = await incidents();
    expect(list.map((i) => [i.title, i.urgency, i.service])).toEqual([
      ['HighLatency', 'LOW', 'payment-api'],
      ['HighLatency', 'MEDIUM', 'payment-api'],
      ['p99 latency above 2s', 'HIGH', 'payment-api'],
    ]);
    expect(list[2]).toMatchObject({ components: ['api-1'], dedup_key: 'fp0' });
    expect(list[2]!.description).toContain('Checkout is slow');
    const shown = await app.api('GET', `/api/incidents/${list[2]!.id}`);
    expect(shown.body.events[0]).toMatchObject({ type: 'triggered', source: 'alertmanager', actor: 'Alertmanager' });
  });

  it('dedupes repeats of a firing alert and resolves it when it stops firing', async () => {
    await post(alertmanagerWebhook([{ fingerprint: 'abc' }]));
    const repeat = await post(alertmanagerWebhook([{ fingerprint: 'abc' }]));
    expect(repeat.body.results[0]).toMatchObject({ action: 'deduplicated' });
    const resolved = await post(alertmanagerWebhook([{ fingerprint: 'abc', status: 'resolved' }]));
    expect(resolved.body.results[0]).toMatchObject({ action: 'resolved' });
    const [inc] = await incidents();
    expect(inc).toMatchObject({ status: 'RESOLVED', trigger_count: 2, resolved_by: 'Alertmanager' });
    const again = await post(alertmanagerWebhook([{ fingerprint: 'abc', status: 'resolved' }]));
    expect(again.body.results[0]).toMatchObject({ action: 'ignored' });
  });

  it('takes the service from a label when the URL names none, and maps severities as configured', async () => {
    const res = await post(
      alertmanagerWebhook([{ labels: { service: 'search', severity: 'page' } }]),
      '?severity_map=page:HIGH',
    );
    expect(res.status).toBe(200);
    const [inc] = await incidents();
    expect(inc).toMatchObject({ service: 'search', urgency: 'HIGH' });
  });

  it('can fold a whole notification group into one incident keyed by the group key', async () => {
    const hook = alertmanagerWebhook([{ fingerprint: 'a' }, { fingerprint: 'b' }], {
      commonLabels: { alertname: 'HighLatency', severity: 'warning' },
    });
    await post(hook, '?service=payment-api&dedup=group');
    await post(hook, '?service=payment-api&dedup=group');
    const list = await incidents();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ dedup_key: hook.groupKey, urgency: 'MEDIUM', trigger_count: 2 });
    await post({ ...hook, status: 'resolved' }, '?service=payment-api&dedup=group');
    expect((await incidents())[0]!.status).toBe('RESOLVED');
  });

  it('says how to name the service when none is given, on the incident it opens on the "unrouted" service', async () => {
    const res = await post(alertmanagerWebhook([{}]), '');
    expect(res.status).toBe(200);
    const [inc] = await incidents();
    expect(inc).toMatchObject({ service: 'unrouted', title: 'HighLatency' });
    expect(inc!.description).toMatch(/\?service=<slug>/);
  });

  it('refuses other payload versions, bad shapes and missing tokens', async () => {
    expect((await post({ ...alertmanagerWebhook([{}]), version: '3' })).status).toBe(400);
    expect((await post({ version: '4' })).status).toBe(400);
    const anon = await fetch(`${app.url}/api/integrations/alertmanager?service=payment-api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertmanagerWebhook([{}])),
    });
    expect(anon.status).toBe(401);
    expect(await incidents()).toEqual([]);
  });
});
