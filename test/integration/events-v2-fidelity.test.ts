// Issue 11: PagerDuty Events v2 — every 400 in PagerDuty's shape, nested details, links and times.
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

async function enqueue(body: unknown, path = '/v2/enqueue') {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
  return { status: res.status, body: (await res.json()) as any };
}
const trigger = (payload: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const ev = pagerDutyEvent(key, 'trigger', extra) as { payload: Record<string, unknown> };
  Object.assign(ev.payload, payload);
  return ev;
};
const only = async () => (await app.api('GET', '/api/incidents')).body.incidents[0];

/** 5,000 levels of {"level": {"level": …}} as JSON text (building it as an object would need the same depth). */
const deeplyNested = (depth: number) => `${'{"level":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;

describe('every 400 from /v2/enqueue is PagerDuty-shaped', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a summary over 1,024 characters', trigger({ summary: 'x'.repeat(1025) }), /payload\.summary/],
    ['a missing source and severity', { routing_key: key, event_action: 'trigger', payload: { summary: 'x' } }, /payload\.source/],
    ['an unknown severity', trigger({ severity: 'apocalyptic' }), /payload\.severity/],
    ['an unknown action', { routing_key: key, event_action: 'explode' }, /event_action/],
    ['a resolve without dedup_key', { routing_key: key, event_action: 'resolve' }, /dedup_key/],
    ['a short routing key', pagerDutyEvent('abc', 'trigger'), /routing_key/],
    ['an unknown routing key', pagerDutyEvent('0'.repeat(32), 'trigger'), /routing_key/],
    ['links that are not links', trigger({}, { links: [{ text: 'no href' }] }), /links\.0\.href/],
  ];
  for (const [what, body, field] of cases) {
    it(`for ${what}`, async () => {
      const res = await enqueue(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: expect.any(Array) });
      expect(res.body.errors.join(' ')).toMatch(field);
    });
  }
  it('and nothing was written by any of them', async () => {
    for (const [, body] of cases) await enqueue(body);
    expect((await app.api('GET', '/api/incidents')).body.total).toBe(0);
  });
});

describe('what comes with an event', () => {
  it('takes a summary of up to 1,024 characters: the title is cut, the whole summary kept in the details', async () => {
    const summary = `Replication lag ${'x'.repeat(900)}`;
    expect((await enqueue(trigger({ summary }))).status).toBe(202);
    const inc = await only();
    expect(inc.title.length).toBe(500);
    expect(inc.details.summary).toBe(summary);
  });

  it('5,000 levels of custom_details are taken and stored bounded, never a 500', async () => {
    const body = JSON.stringify(trigger({ custom_details: '__NESTED__' })).replace('"__NESTED__"', deeplyNested(5000));
    const res = await enqueue(body);
    expect(res.status).toBe(202);
    const inc = await only();
    const [path, value] = Object.entries(inc.details as Record<string, string>)[0]!;
    expect(path).toBe('level.level.level.level.level.level');
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(JSON.stringify(inc).length).toBeLessThan(10_000);
  });

  it('custom_details become readable key: value details; links, images and client become links; timestamp the triggered time', async () => {
    await enqueue(
      trigger(
        { timestamp: '2026-11-30T08:00:00.000+0000', custom_details: { free: '3%', mount: '/var/lib/postgresql', hosts: ['db-1', 'db-2'], query: { slowest: 'SELECT 1\nFROM t' } } },
        {
          links: [{ href: 'https://runbooks.example.com/disk', text: 'Runbook' }],
          images: [{ src: 'https://graphs.example.com/disk.png', href: 'https://graphs.example.com/disk', alt: 'Disk graph' }],
          client: 'Zabbix',
          client_url: 'https://zabbix.example.com/events/1',
        },
      ),
    );
    const inc = await only();
    expect(inc.details).toEqual({ free: '3%', mount: '/var/lib/postgresql', hosts: 'db-1, db-2', 'query.slowest': 'SELECT 1\nFROM t' });
    expect(inc.description).not.toMatch(/\{|\\n/);
    expect(inc.links).toEqual([
      { text: 'Runbook', href: 'https://runbooks.example.com/disk' },
      { text: 'Disk graph', href: 'https://graphs.example.com/disk' },
      { text: 'Zabbix', href: 'https://zabbix.example.com/events/1' },
    ]);
    expect(inc.triggered_at).toBe('2026-11-30T08:00:00.000Z');
  });

  it('a timestamp in the future (a skewed clock) counts as now', async () => {
    await enqueue(trigger({ timestamp: '2099-01-01T00:00:00Z' }));
    const inc = await only();
    expect(inc.triggered_at).toBe(inc.created_at);
  });
});
