// Issue 11: nothing Alertmanager sends is lost — big groups, mixed groups, truncation, context.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FALLBACK_SERVICE_SETTING } from '../../src/intake/fallback.js';
import { logCollector, startTestApp, type LogLine, type TestApp } from '../helpers/app.js';
import { alertmanagerWebhook } from '../helpers/payloads.js';

let app: TestApp;
let logs: LogLine[];
beforeEach(async () => {
  const collector = logCollector();
  logs = collector.lines;
  app = await startTestApp({ logger: collector.logger });
  app.core.directory.addService({ slug: 'payment-api' });
  app.core.directory.addService({ slug: 'search' });
});
afterEach(() => app.close());

const post = (body: unknown, query = '') => app.api('POST', `/api/integrations/alertmanager${query}`, body);
const incidents = async () => (await app.api('GET', '/api/incidents?limit=500')).body.incidents as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- incident JSON
const warnings = () => logs.filter((l) => l.level === 'warn').map((l) => l.msg);

describe('a group with an alert whose service does not exist', () => {
  const mixed = () =>
    alertmanagerWebhook([
      { labels: { service: 'search', severity: 'critical' }, annotations: { summary: 'Search is down' } },
      { labels: { service: 'billing', severity: 'critical' }, annotations: { summary: 'Invoices are stuck' } },
    ]);

  it('opens the placeable alert on its service and the other on "unrouted", saying why there and in the log', async () => {
    const res = await post(mixed());
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { action: string; service: string }) => [r.action, r.service])).toEqual([
      ['created', 'search'],
      ['created', 'unrouted'],
    ]);
    const list = await incidents();
    const billing = list.find((i) => i.title === 'Invoices are stuck')!;
    expect(billing.service).toBe('unrouted');
    expect(billing.description).toMatch(/names the service "billing", which does not exist \(known: payment-api, search\)/);
    expect(list.find((i) => i.title === 'Search is down')!.service).toBe('search');
    const shown = await app.api('GET', `/api/incidents/${billing.id}`);
    expect(shown.body.events[0].details.note).toMatch(/fallback service "unrouted"/);
    expect(app.core.directory.getService('unrouted').name).toBe('Unrouted alerts');
    expect(warnings().join('\n')).toMatch(/1 alert\(s\) placed on the fallback service "unrouted"/);

    // Resolving the group resolves both, wherever they were placed.
    const resolved = mixed();
    for (const a of resolved.alerts) a.status = 'resolved';
    await post({ ...resolved, status: 'resolved' });
    expect((await incidents()).map((i) => i.status)).toEqual(['RESOLVED', 'RESOLVED']);
  });

  it('uses ?fallback_service= first, then the configured default', async () => {
    await post(mixed(), '?fallback_service=payment-api');
    expect((await incidents()).find((i) => i.title === 'Invoices are stuck')!.service).toBe('payment-api');

    app.core.settings.set(FALLBACK_SERVICE_SETTING, 'search');
    const hook = alertmanagerWebhook([{ labels: { service: 'nope' }, fingerprint: 'other' }]);
    await post(hook);
    expect((await incidents()).find((i) => i.dedup_key === 'other')!.service).toBe('search');
  });

  it('takes the readable alerts of a group and lists the unreadable ones; refuses (400, warn) only when none is readable', async () => {
    const hook = alertmanagerWebhook([{ labels: { service: 'search' } }, { labels: { service: 'search' } }]);
    (hook.alerts[1] as Record<string, unknown>).status = 'exploded';
    const res = await post(hook);
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.rejected[0]).toMatchObject({ index: 1 });
    expect(res.body.rejected[0].errors[0]).toMatch(/alerts\.1\.status/);
    expect(await incidents()).toHaveLength(1);

    const none = alertmanagerWebhook([{}]);
    (none.alerts[0] as Record<string, unknown>).labels = { service: { deep: true } };
    const refused = await post(none);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatch(/alerts\.0\.labels/);
    expect(warnings().join('\n')).toMatch(/Alertmanager webhook refused: nothing in it was usable/);
  });
});

describe('deeply nested input', () => {
  it('an alert with 5,000 levels of nesting is left out (never a 500); alone, it gets a 400', async () => {
    const nested = `${'{"level":'.repeat(5000)}"bottom"${'}'.repeat(5000)}`;
    const hook = alertmanagerWebhook([{ labels: { service: 'search' } }, { labels: { service: 'search' }, annotations: { description: '__NESTED__' } }]);
    const res = await post(JSON.stringify(hook).replace('"__NESTED__"', nested));
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.rejected[0].errors[0]).toMatch(/alerts\.1\.annotations\.description/);
    const alone = alertmanagerWebhook([{ annotations: { description: '__NESTED__' } }]);
    const refused = await post(JSON.stringify(alone).replace('"__NESTED__"', nested));
    expect(refused.status).toBe(400);
    const envelope = await post(JSON.stringify({ ...alone, commonLabels: '__NESTED__' }).replace('"__NESTED__"', nested));
    expect(envelope.status).toBe(400);
  });
});

describe('truncatedAlerts', () => {
  it('warns, counts it in /metrics and shows the real count on the incidents', async () => {
    const hook = { ...alertmanagerWebhook([{ labels: { service: 'search' } }, { labels: { service: 'search' } }]), truncatedAlerts: 2 };
    await post(hook);
    const list = await incidents();
    expect(list.map((i) => i.alert_counts)).toEqual([{ firing: 4, sent: 2 }, { firing: 4, sent: 2 }]);
    expect(warnings().join('\n')).toMatch(/Alertmanager left 2 alert\(s\) out of this notification: raise max_alerts/);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/opsknight_slack_alertmanager_truncated_alerts_total 2/);
  });

  it('in dedup=group mode the incident counts the whole group, and a later notification updates it', async () => {
    const hook = { ...alertmanagerWebhook([{}, {}], { groupKey: '{}/{service="search"}:{alertname="HighLatency"}' }), truncatedAlerts: 3 };
    await post(hook, '?service=search&dedup=group');
    let [inc] = await incidents();
    expect(inc!.alert_counts).toEqual({ firing: 5, sent: 2 });
    expect(inc!.description).toMatch(/5 alert\(s\) in the group alertname=HighLatency/);
    expect(inc!.description).not.toContain('{}/{');
    await post({ ...hook, truncatedAlerts: 6 }, '?service=search&dedup=group');
    [inc] = await incidents();
    expect(inc!.alert_counts).toEqual({ firing: 8, sent: 2 });
  });
});

describe('the context that comes with an alert', () => {
  it('keeps links (runbook, dashboard, source, URL annotations, a ready silence), labels, other annotations and the start time', async () => {
    const hook = alertmanagerWebhook([
      {
        labels: { service: 'search', severity: 'critical', instance: 'es-1:9200', team: 'search' },
        annotations: {
          summary: 'Search p99 above 2s',
          description: 'Queries are slow',
          runbook_url: 'https://runbooks.example.com/search-latency',
          dashboard_url: 'https://grafana.example.com/d/search',
          logs_url: 'https://logs.example.com/?q=es-1',
          impact: 'Customers cannot find products',
          bad_link: 'javascript:alert(1)',
        },
      },
    ]);
    hook.alerts[0]!.startsAt = '2026-11-30T09:15:00.000Z';
    await post(hook);
    const [inc] = await incidents();
    expect(inc!.triggered_at).toBe('2026-11-30T09:15:00.000Z');
    expect(inc!.created_at).not.toBe(inc!.triggered_at);
    expect(inc!.links.map((l: { text: string }) => l.text)).toEqual(['Runbook', 'Dashboard', 'Source', 'Logs', 'Silence']);
    expect(inc!.links[0]).toEqual({ text: 'Runbook', href: 'https://runbooks.example.com/search-latency' });
    expect(inc!.links[2].href).toBe('http://prometheus.local:9090/graph?g0.expr=latency');
    const silence = inc!.links[4].href as string;
    expect(silence.startsWith('http://alertmanager.local:9093/#/silences/new?filter=')).toBe(true);
    expect(decodeURIComponent(silence.split('filter=')[1]!)).toBe('{alertname="HighLatency",instance="es-1:9200",service="search",severity="critical",team="search"}');
    expect(inc!.labels).toMatchObject({ instance: 'es-1:9200', team: 'search', severity: 'critical' });
    expect(inc!.details).toEqual({ impact: 'Customers cannot find products', bad_link: 'javascript:alert(1)' });
  });

  it('takes a 10 MB group of 2,000 alerts with 5 kB descriptions in one webhook', async () => {
    const description = 'x'.repeat(5000);
    const hook = alertmanagerWebhook(
      Array.from({ length: 2000 }, (_, i) => ({ labels: { service: 'search', instance: `node-${i}` }, annotations: { description } })),
    );
    const body = JSON.stringify(hook);
    expect(body.length).toBeGreaterThan(10_000_000);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.results.filter((r: { action: string }) => r.action === 'created')).toHaveLength(2000);
    expect((await app.api('GET', '/api/incidents?limit=1')).body.total).toBe(2000);
  }, 60_000);
});
