// A person in a real browser: start `serve --sandbox`, trigger the demo incident, see the message,
// click Acknowledge, see the thread reply and the changed button. Debian's Chromium, driven by
// playwright-core; a screenshot is saved in test-artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

let home: ReturnType<typeof tempHome>;
let daemon: ReturnType<typeof startServe>;
let browser: Browser;
let uiUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is missing: apt-get install -y chromium (.ci/run does this).');
  home = tempHome();
  daemon = startServe(['--sandbox', '--port', '0'], { ...home.env, LOG_LEVEL: 'warn' });
  await daemon.ready;
  uiUrl = /Slack sandbox UI:\s+(\S+)/.exec(daemon.output().stderr)![1]!;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  daemon?.child.kill('SIGTERM');
  await daemon?.exited;
  home?.remove();
});

describe('the Slack sandbox in a browser', () => {
  it('shows the demo incident and acknowledges it with a click', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(uiUrl);
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#incidents');
    await page.getByRole('button', { name: 'Trigger a demo incident' }).click();

    const message = page.locator('.message', { hasText: 'Database Connection Timeout' }).first();
    await message.waitFor({ timeout: 10_000 });
    await expect.poll(() => message.textContent()).toMatch(/HIGH URGENCY/);
    expect(await message.locator('.attachment').getAttribute('data-color')).toBe('#E01E5A');

    await message.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await message.locator('.thread .message', { hasText: 'Acknowledged by' }).waitFor({ timeout: 10_000 });
    await message.getByRole('button', { name: 'Acknowledged ✓' }).waitFor({ timeout: 10_000 });
    expect(await message.locator('.thread').textContent()).toMatch(/Acknowledged by @jane/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('sandbox-acknowledged.png', ARTIFACTS).pathname, fullPage: true });
  }, 60_000);
});
