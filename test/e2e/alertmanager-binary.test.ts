// Debian's real Alertmanager (prometheus-alertmanager) as a plain process, with a generated config,
// pointed at a test daemon through both its webhook and its pagerduty_configs receivers: alerts
// open incidents, a grown group folds into them, and resolving resolves every one — nothing lost.
// Skipped (with a message) only outside CI when the package is absent; in CI (CI=true) it must run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

function findAlertmanager(): string | null {
  const listed = spawnSync('dpkg', ['-L', 'prometheus-alertmanager'], { encoding: 'utf8' });
  const fromDpkg = listed.status === 0 ? listed.stdout.split('\n').find((p) => p.endsWith('/bin/prometheus-alertmanager')) : undefined;
  return [fromDpkg, '/usr/bin/prometheus-alertmanager'].find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}

const BINARY = findAlertmanager();
const IN_CI = process.env.CI === 'true';
if (!BINARY && !IN_CI) console.warn('Skipping the Alertmanager end-to-end test: prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager; .ci/run installs it).');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!BINARY && !IN_CI)('prometheus-alertmanager → webhook and pagerduty_configs receivers', () => {
  let app: TestApp;
  let am: ChildProcess | null = null;
  let amUrl = '';
  let dir = '';
  let amLog = '';

  beforeAll(async () => {
    if (!BINARY) throw new Error('prometheus-alertmanager is not installed, and CI=true: .ci/run must install it.');
    app = await startTestApp();
    app.core.directory.addService({ slug: 'payment-api' });
    const pdKey = app.core.directory.addService({ slug: 'database' }).integrationKey;
    dir = mkdtempSync(join(tmpdir(), 'opsknight-am-'));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      `route:
  receiver: opsknight
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: opsknight
    webhook_configs:
      - url: ${app.url}/api/integrations/alertmanager?service=payment-api
        send_resolved: true
        http_config:
          authorization:
            credentials: ${app.token}
    pagerduty_configs:
      - routing_key: ${pdKey}
        url: ${app.url}/v2/enqueue
        send_resolved: true
        severity: '{{ .CommonLabels.severity }}'
`,
    );
    am = spawn(BINARY, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', `--web.external-url=${amUrl}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    am.stderr!.on('data', (d: Buffer) => (amLog += d));
    await until('Alertmanager to be ready', async () => (await fetch(`${amUrl}/-/ready`).catch(() => null))?.ok, 15_000);
  }, 30_000);

  afterAll(async () => {
    if (am && am.exitCode === null) {
      const exited = new Promise((r) => am!.once('exit', r));
      am.kill('SIGTERM');
      await exited;
    }
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const alert = (instance: string, endsAt?: string) => ({
    labels: { alertname: 'HighLatency', severity: 'critical', instance },
    annotations: { summary: `p99 latency above 2s on ${instance}`, runbook_url: 'https://runbooks.example.com/latency' },
    generatorURL: 'http://prometheus.example.com/graph?g0.expr=latency',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    ...(endsAt ? { endsAt } : {}),
  });
  const send = async (alerts: unknown[]) => {
    const res = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    expect(res.status).toBe(200);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- incident JSON
  const list = async (service: string) => (await app.api('GET', `/api/incidents?service=${service}&limit=100`)).body.incidents as any[];

  it('opens, folds and resolves incidents through both receivers, losing nothing', async () => {
    await send([alert('api-1'), alert('api-2'), alert('api-3')]);
    // Webhook: one incident per alert. PagerDuty receiver: one per group (its dedup_key is the group).
    const opened = await until('3 webhook incidents and 1 PagerDuty incident', async () => {
      const [web, pd] = [await list('payment-api'), await list('database')];
      return web.length === 3 && pd.length === 1 ? { web, pd } : null;
    });
    expect(opened.web.map((i) => i.title).sort()).toEqual(['p99 latency above 2s on api-1', 'p99 latency above 2s on api-2', 'p99 latency above 2s on api-3']);
    expect(opened.web[0].links.map((l: { text: string }) => l.text)).toEqual(['Runbook', 'Source', 'Silence']);
    expect(opened.web[0].links[2].href).toContain(`${amUrl}/#/silences/new?filter=`);
    // The README's severity line makes the PagerDuty receiver carry the alert's severity (else "error").
    expect(opened.pd[0]).toMatchObject({ urgency: 'HIGH', status: 'OPEN' });

    // The group grows: the webhook opens the new alert, the PagerDuty incident folds the repeat.
    await send([alert('api-1'), alert('api-2'), alert('api-3'), alert('api-4')]);
    await until('the 4th alert and the folded PagerDuty trigger', async () => {
      const [web, pd] = [await list('payment-api'), await list('database')];
      return web.length === 4 && pd.length === 1 && pd[0].trigger_count >= 2;
    });

    const past = new Date(Date.now() - 1000).toISOString();
    await send(['api-1', 'api-2', 'api-3', 'api-4'].map((i) => alert(i, past)));
    const resolved = await until('every incident resolved', async () => {
      const all = [...(await list('payment-api')), ...(await list('database'))];
      return all.every((i) => i.status === 'RESOLVED') ? all : null;
    });
    expect(resolved).toHaveLength(5);
    expect(resolved.every((i) => i.resolved_by === 'Alertmanager' || i.resolved_by === 'Events API v2')).toBe(true);
    expect(amLog).not.toMatch(/level=error/);
  }, 60_000);
});
