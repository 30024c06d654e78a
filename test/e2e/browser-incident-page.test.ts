// The incident page a responder opens from Slack's "View in OpsKnight", in Debian's Chromium at a
// desktop width and at 800 px (and a phone), in the viewer's own time zone. Screenshots go to
// test-artifacts/.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ARTIFACTS, startSandboxInBrowser, type SandboxInBrowser } from '../helpers/browser.js';

let env: SandboxInBrowser;
let home: SandboxInBrowser['home'];
let browser: Browser;
let apiUrl: string;
let sandboxUrl: string;
let token: string;

beforeAll(async () => {
  env = await startSandboxInBrowser();
  ({ home, browser, apiUrl } = env);
  sandboxUrl = env.uiUrl.replace(/\/$/, '');
  token = runCli(['config', 'show-token'], home.env).stdout.trim();
}, 60_000);

afterAll(() => env?.stop());

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as { id: number };
}

/** The "View in OpsKnight" link of the incident's message in the sandbox (signed, as Slack has it). */
async function viewLink(id: number): Promise<string> {
  for (let i = 0; i < 80; i++) {
    const state = (await (await fetch(`${sandboxUrl}/sandbox/ui/state?channel=C0INCIDENTS`)).json()) as { messages: { text: string }[] };
    const m = state.messages.find((x) => x.text.includes(`Incident #${id} `));
    const url = m && /"url":"([^"]*\/incidents\/\d+[^"]*)"/.exec(JSON.stringify(m))?.[1];
    if (url) return url;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no View link for #${id}`);
}

describe('the incident page', () => {
  it('shows urgency, status, human times in the viewer’s zone, components, resolution and a readable timeline', async () => {
    const inc = await api('POST', '/api/incidents', {
      title: 'Database Connection Timeout',
      service: 'payment-api',
      urgency: 'HIGH',
      description: 'p99 query latency above 5 s; pool exhausted on api-2.',
      components: ['postgres', 'connection-pool'],
    });
    await api('POST', `/api/incidents/${inc.id}/acknowledge`);
    await api('POST', `/api/incidents/${inc.id}/notes`, { text: 'Pool is at 100/100' });
    await api('POST', `/api/incidents/${inc.id}/resolve`, { note: 'Raised the pool size to 200' });
    const link = await viewLink(inc.id);
    mkdirSync(ARTIFACTS, { recursive: true });

    for (const [name, width] of [['desktop', 1280], ['800px', 800], ['phone', 390]] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
      const page = await context.newPage();
      const missing: string[] = [];
      page.on('response', (r) => r.status() >= 400 && missing.push(`${r.status()} ${r.url()}`));
      await page.goto(link);

      expect(await page.locator('h1').textContent()).toBe('Database Connection Timeout');
      expect(await page.locator('.urgency').textContent()).toBe('🔴 HIGH URGENCY');
      expect(await page.locator('.status').textContent()).toBe('Resolved');
      // The urgency colour is the page's top edge.
      expect(await page.evaluate("getComputedStyle(document.querySelector('.head')).borderTopColor")).toBe('rgb(224, 30, 90)');
      expect(await page.locator('.lead').textContent()).toMatch(/^Resolved by API just now \(\d\d:\d\d\)$/);
      expect(await page.locator('.resolution').textContent()).toContain('Raised the pool size to 200');
      expect(await page.locator('.chip').allTextContents()).toEqual(['postgres', 'connection-pool']);
      expect(await page.locator('.fact', { hasText: 'Service' }).textContent()).toContain('payment-api');

      // Times in the viewer's zone (Tokyo here), the exact time on hover, never ISO on the page.
      const triggered = page.locator('.fact', { hasText: 'Triggered' }).locator('time');
      const iso = (await triggered.getAttribute('datetime'))!;
      const tokyo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(Date.parse(iso));
      expect(await triggered.textContent()).toBe(`just now (${tokyo})`);
      expect(await triggered.getAttribute('title')).toMatch(/GMT\+9/);
      expect(await page.locator('body').innerText()).not.toMatch(/\d{4}-\d\d-\d\dT/);

      // The timeline: headers, and who did what how.
      if (width > 640) expect(await page.locator('.timeline th').allTextContents()).toEqual(['When', 'What', 'Who', 'How', 'Details']);
      const rows = await page.locator('.timeline tbody tr').allInnerTexts();
      expect(rows).toHaveLength(4);
      expect(rows[0]).toMatch(/Triggered[\s\S]*API/);
      expect(rows[2]).toMatch(/Note[\s\S]*Pool is at 100\/100/);
      expect(rows[3]).toMatch(/Resolved[\s\S]*Resolution: Raised the pool size to 200/);

      // Nothing sticks out sideways, even on a phone.
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      expect(missing).toEqual([]);
      await page.screenshot({ path: new URL(`incident-page-${name}.png`, ARTIFACTS).pathname, fullPage: true });
      await context.close();
    }
  }, 90_000);

  it('shows what came with the alert: its links (runbook, source) and details', async () => {
    const key = (JSON.parse(runCli(['service', 'show', 'payment-api', '--json'], home.env).stdout) as { integration_key: string }).integration_key;
    const res = await fetch(`${apiUrl}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: key,
        event_action: 'trigger',
        dedup_key: 'disk-db-1',
        payload: { summary: 'Disk 90% full on db-1', source: 'db-1', severity: 'warning', custom_details: { free: '9.8 GB' } },
        links: [{ href: 'https://runbooks.example.com/disk', text: 'Runbook' }, { href: 'https://grafana.example.com/d/disk', text: 'Dashboard' }],
      }),
    });
    expect(res.status).toBe(202);
    const list = (await (await fetch(`${apiUrl}/api/incidents?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { incidents: { id: number }[] };
    const link = await viewLink(list.incidents[0]!.id);
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.locator('.urgency').textContent()).toBe('🟡 MEDIUM URGENCY');
    expect(await page.locator('.status').textContent()).toBe('Open');
    expect(await page.locator('.lead').textContent()).toBe('Just opened, nobody has acknowledged it yet');
    const links = page.locator('.links a');
    expect(await links.allTextContents()).toEqual(['Runbook', 'Dashboard']);
    expect(await links.first().getAttribute('href')).toBe('https://runbooks.example.com/disk');
    expect(await page.locator('.fact', { hasText: 'free' }).textContent()).toContain('9.8 GB');
    await page.screenshot({ path: new URL('incident-page-alert-800px.png', ARTIFACTS).pathname, fullPage: true });
    await context.close();
  }, 60_000);
});
