// A person in a real browser: start `serve --sandbox`, trigger the demo incident, see the message,
// click Acknowledge, see the thread reply and the changed button; then the ways the sandbox must
// behave like Slack (forms keep what was typed, emoji, narrow windows, a second workspace).
// Debian's Chromium, driven by playwright-core; screenshots are saved in test-artifacts/.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { ARTIFACTS, startSandboxInBrowser, type SandboxInBrowser } from '../helpers/browser.js';

let env: SandboxInBrowser;
let home: SandboxInBrowser['home'];
let daemon: SandboxInBrowser['daemon'];
let browser: Browser;
let uiUrl: string;

beforeAll(async () => {
  env = await startSandboxInBrowser();
  ({ home, daemon, browser, uiUrl } = env);
}, 60_000);

afterAll(() => env?.stop());

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

  it('a form answered with errors keeps what was typed and shows every invalid field; the creator gets a confirmation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(uiUrl);
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#incidents');
    await page.getByRole('button', { name: '⚡ Create Incident' }).click();
    const modal = page.locator('.modal', { hasText: 'Create Incident' });
    await modal.waitFor({ timeout: 10_000 });
    await modal.locator('[data-block-id="description"] textarea').fill('Typed before the errors');
    await modal.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => modal.locator('.input-error').allTextContents()).toEqual(['A title is needed.', 'Choose a service.']);
    expect(await modal.locator('[data-block-id="description"] textarea').inputValue()).toBe('Typed before the errors');
    await page.screenshot({ path: artifact('sandbox-modal-errors.png') });

    await modal.locator('[data-block-id="title"] input').fill('Search is down');
    await modal.locator('[data-block-id="service"] select').selectOption('payment-api');
    // The poll that redraws the page must not wipe what is being typed: two of its answers go by
    // (waited for, not slept for, so a slow machine does not skip them).
    for (let polls = 0; polls < 2; polls++) {
      await (await page.waitForResponse((r) => r.url().includes('/sandbox/ui/state'), { timeout: 15_000 })).finished();
    }
    expect(await modal.locator('[data-block-id="title"] input').inputValue()).toBe('Search is down');
    await modal.getByRole('button', { name: 'Create' }).click();
    await modal.waitFor({ state: 'detached', timeout: 10_000 });
    const confirmation = page.locator('.message.ephemeral', { hasText: 'created: Search is down' });
    await confirmation.waitFor({ timeout: 10_000 });
    expect(await confirmation.textContent()).toMatch(/✅ Incident #\d+ created: Search is down\. It is posted in #incidents\./);
    await page.close();
  }, 60_000);

  it('the custom snooze form keeps a mistyped duration beside its error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(uiUrl);
    await page.getByRole('button', { name: 'Trigger a demo incident' }).click();
    const message = page.locator('.message:not(.ephemeral)', { hasText: 'HIGH URGENCY' }).last();
    await message.waitFor({ timeout: 10_000 });
    await message.locator('select.bk-select.static_select').selectOption({ label: 'Custom…' });
    const modal = page.locator('.modal', { hasText: 'Snooze' });
    await modal.waitFor({ timeout: 10_000 });
    await modal.locator('[data-block-id="duration"] input').fill('banana');
    await modal.getByRole('button', { name: 'Snooze' }).click();
    await expect.poll(() => modal.locator('.input-error').allTextContents()).toEqual(['"banana" is not a duration: try 90m, 2h30m or 1d.']);
    expect(await modal.locator('[data-block-id="duration"] input').inputValue()).toBe('banana');
    await modal.getByRole('button', { name: 'Cancel' }).click();
    await page.close();
  }, 60_000);

  it('renders :shortcodes: as emoji, like Slack, and leaves unknown ones as typed', async () => {
    const d = describeFromBanner();
    const res = await fetch(`${d.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${d.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0GENERAL01', text: ':white_check_mark: OpsKnight is connected :rotating_light: :not_an_emoji:' }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(uiUrl);
    await page.locator('#channels li', { hasText: 'general' }).click();
    const message = page.locator('.message', { hasText: 'OpsKnight is connected' });
    await message.waitFor({ timeout: 10_000 });
    expect(await message.locator('.bk-text').textContent()).toBe('✅ OpsKnight is connected 🚨 :not_an_emoji:');
    await page.close();
  }, 60_000);

  it('shows the app’s Home tab, as the app publishes it for the person acting', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(uiUrl);
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#incidents');
    await page.getByRole('button', { name: 'Trigger a demo incident' }).click();
    await page.locator('.message', { hasText: 'HIGH URGENCY' }).first().waitFor({ timeout: 10_000 });
    await page.locator('#channels li', { hasText: 'OpsKnight — Home' }).click();
    const home = page.locator('.home-tab');
    await home.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('🏠 OpsKnight — Home');
    expect(await home.textContent()).toMatch(/Your Slack account is mapped to Jane Doe \(jane@example.com\)/);
    expect(await home.textContent()).toMatch(/Your teams.*You are on no team\..*team add-member <team> <your e-mail>/s);
    expect(await page.locator('#composer').isVisible()).toBe(false);
    await page.screenshot({ path: artifact('sandbox-home-tab.png') });

    // Someone whose Slack account matches no OpsKnight user is told so on their own Home tab.
    await page.locator('#as').selectOption({ label: 'Casper Hidden (@ghost)' });
    await expect.poll(() => home.textContent(), { timeout: 10_000 }).toMatch(/not mapped/);
    await page.close();
  }, 60_000);

  for (const width of [1024, 800]) {
    it(`the top bar fits at ${width} px, the error toast leaves the message box free, and nothing is missing`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 700 } });
      const missing: string[] = [];
      page.on('response', (r) => r.status() >= 400 && missing.push(`${r.status()} ${r.url()}`));
      await page.goto(uiUrl);
      await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#incidents');
      for (const sel of ['#teams', '#as', '#shortcut', '#demo']) {
        const box = (await page.locator(sel).boundingBox())!;
        expect(box.x, sel).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, sel).toBeLessThanOrEqual(width);
        expect(box.height, `${sel} is on one line`).toBeLessThan(36);
        // Nothing clipped inside a control.
        const fits = await page.locator(sel).evaluate((el) => {
          const e = el as unknown as { scrollWidth: number; clientWidth: number };
          return e.scrollWidth <= e.clientWidth + 1;
        });
        expect(fits, sel).toBe(true);
      }
      await page.locator('#composer input').fill('/nope');
      await page.locator('#composer input').press('Enter');
      await expect.poll(() => page.locator('#toast').textContent()).toMatch(/\/nope is not a valid command/);
      const toastBox = (await page.locator('#toast').boundingBox())!;
      const composerBox = (await page.locator('#composer').boundingBox())!;
      expect(toastBox.y + toastBox.height <= composerBox.y || toastBox.y >= composerBox.y + composerBox.height).toBe(true);
      await page.screenshot({ path: artifact(`sandbox-${width}px.png`) });
      expect(missing).toEqual([]);
      await page.close();
    }, 60_000);
  }

  it('a second workspace says plainly why its shortcut and demo are off, and works once added through "Add to Slack"', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(uiUrl);
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#incidents');
    await page.locator('#teams').selectOption('T0SANDBOX02');
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#alerts');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/OpsKnight is not connected to Globex \(sandbox\).*workspace add --url http:\/\/127\.0\.0\.1:\d+ /);
    expect(await page.locator('#shortcut').isDisabled()).toBe(true);
    expect(await page.locator('#demo').isDisabled()).toBe(true);
    await page.screenshot({ path: artifact('sandbox-globex.png') });

    // The notice's command, then the link it prints, in the browser: the sandbox plays Slack's authorize page.
    const command = /workspace add --url (\S+)/.exec((await page.locator('#notice').textContent())!)!;
    const add = await runCliAsync(['workspace', 'add', '--url', command[1]!], home.env);
    expect(add.code).toBe(0);
    const install = await context.newPage();
    await install.goto(add.stdout.trim());
    await install.locator('select[name="team"]').selectOption('T0SANDBOX02');
    await install.locator('select[name="user"]').selectOption('U0HOMER0001');
    await install.getByRole('button', { name: 'Allow' }).click();
    await install.getByText(/OpsKnight is installed in Globex \(sandbox\)/).waitFor({ timeout: 10_000 });
    await install.close();

    // Now the demo acts in Globex, in the channel on screen.
    await expect.poll(() => page.locator('#notice').isVisible(), { timeout: 10_000 }).toBe(false);
    expect(await page.locator('#shortcut').isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Trigger a demo incident' }).click();
    await expect.poll(() => page.locator('#toast').textContent()).toMatch(/Incident #\d+ triggered\. Globex \(sandbox\) had no channel for incidents, so the one shown is now its default\./);
    await page.locator('#messages .message', { hasText: 'URGENCY' }).first().waitFor({ timeout: 10_000 });
    await context.close();
  }, 60_000);
});

function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return new URL(name, ARTIFACTS).pathname;
}

function describeFromBanner(): { apiUrl: string; botToken: string } {
  const out = daemon.output().stderr;
  return { apiUrl: /Web API URL:\s+(\S+)/.exec(out)![1]!, botToken: /Bot token:\s+(\S+)/.exec(out)![1]! };
}

