// `incident show` tells what came with the alert: links, labels, details, start time, recent changes;
// `service fallback` sets where unplaceable alerts go.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/daemon/container.js';
import { runCli } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
  const core = openCore(home.env);
  core.directory.addService({ slug: 'search' });
  core.incidents.trigger(
    {
      title: 'Search p99 above 2s',
      serviceSlug: 'search',
      urgency: 'HIGH',
      triggeredAt: new Date(Date.now() - 2 * 3600_000),
      context: {
        links: [{ text: 'Runbook', href: 'https://runbooks.example.com/search' }],
        labels: { severity: 'critical', instance: 'es-1' },
        details: { impact: 'Customers cannot search', query: 'SELECT 1\nFROM t' },
        alertCounts: { firing: 4, sent: 2 },
      },
    },
    { name: 'Alertmanager' },
    'alertmanager',
  );
  core.changes.record({ serviceSlug: 'search', summary: 'Deployed search v7', source: 'argo', at: new Date(Date.now() - 3 * 3600_000) });
  core.close();
});
afterEach(() => home.remove());

describe('incident show', () => {
  it('prints links, label chips, readable details, the start time and recent changes', () => {
    const r = runCli(['incident', 'show', '1'], { ...home.env, NO_COLOR: '1' });
    expect(r.code).toBe(0);
    // Relative plus the local clock; when the alert started earlier than it reached us, both.
    expect(r.stdout).toMatch(/Triggered\s+2 hours ago \([^)]+\), received just now\n/);
    expect(r.stdout).toMatch(/Alerts\s+4 firing, Alertmanager sent 2 — raise max_alerts/);
    expect(r.stdout).toMatch(/Links\n\s+Runbook\s+https:\/\/runbooks\.example\.com\/search/);
    expect(r.stdout).toMatch(/Labels\s+instance=es-1\s+severity=critical/);
    expect(r.stdout).toMatch(/Details\n\s+impact: Customers cannot search\n\s+query:\n\s+SELECT 1\n\s+FROM t/);
    expect(r.stdout).toMatch(/Recent changes\n\s+3 hours ago \([^)]+\)\s+Deployed search v7 \(argo\)/);
  });

  it('--json has links as {text, href}, labels, details, triggered_at beside created_at, and recent_changes', () => {
    const j = JSON.parse(runCli(['incident', 'show', '1', '--json'], home.env).stdout);
    expect(j.links).toEqual([{ text: 'Runbook', href: 'https://runbooks.example.com/search' }]);
    expect(j.labels).toEqual({ severity: 'critical', instance: 'es-1' });
    expect(j.details.query).toBe('SELECT 1\nFROM t');
    expect(new Date(j.created_at).getTime() - new Date(j.triggered_at).getTime()).toBeGreaterThan(7_000_000);
    expect(j.alert_counts).toEqual({ firing: 4, sent: 2 });
    expect(j.recent_changes.map((c: { summary: string }) => c.summary)).toEqual(['Deployed search v7']);
  });
});

describe('service fallback', () => {
  it('shows, sets (an existing service only) and clears the fallback service', () => {
    expect(runCli(['service', 'fallback'], home.env).stdout).toMatch(/go to "unrouted", created when first needed/);
    expect(runCli(['service', 'fallback', 'nope'], home.env).code).toBe(1);
    expect(runCli(['service', 'fallback', 'search'], home.env).stdout).toMatch(/go to "search"/);
    expect(JSON.parse(runCli(['service', 'fallback', '--json'], home.env).stdout)).toEqual({ fallback_service: 'search', configured: true });
    expect(runCli(['service', 'fallback', '--clear'], home.env).stdout).toMatch(/"unrouted"/);
  });
});
