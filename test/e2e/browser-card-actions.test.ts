// A person in a real browser uses the card's ⋯ menu and the "Add to incident timeline" message
// shortcut in the sandbox UI (Debian's Chromium, driven by playwright-core).
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startSandboxInBrowser, type SandboxInBrowser } from '../helpers/browser.js';

let env: SandboxInBrowser;
let browser: Browser;
let uiUrl: string;

beforeAll(async () => {
  env = await startSandboxInBrowser();
  ({ browser, uiUrl } = env);
}, 60_000);

afterAll(() => env?.stop());

describe('the card’s ⋯ menu and the message shortcut in the sandbox UI', () => {
  it('adds responders from the menu, then keeps a thread reply on the timeline with the shortcut', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(uiUrl);
    await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#incidents');
    await page.getByRole('button', { name: 'Trigger a demo incident' }).click();
    const card = page.locator('.message', { hasText: 'URGENCY' }).first();
    await card.waitFor({ timeout: 10_000 });

    await card.locator('select.overflow').selectOption({ label: '🙋 Add responders…' });
    const modal = page.locator('.modal', { hasText: 'Add responders' });
    await modal.waitFor({ timeout: 10_000 });
    await modal.locator('[data-block-id="responders"] select').selectOption(['U0ALICE0001', 'U0BOB000001']);
    await modal.getByRole('button', { name: 'Add' }).click();
    await modal.waitFor({ state: 'detached', timeout: 10_000 });
    await card.locator('.thread .message', { hasText: 'to help with incident' }).waitFor({ timeout: 10_000 });
    expect(await card.locator('.thread').textContent()).toMatch(/asked (@alice, @bob|@bob, @alice) to help/);

    await card.locator('.reply-in-thread').first().click();
    await page.locator('#composer input').fill('Failover finished, errors back to normal');
    await page.locator('#composer input').press('Enter');
    const said = card.locator('.thread .message', { hasText: 'Failover finished' });
    await said.waitFor({ timeout: 10_000 });
    await said.locator('.msg-shortcut').click();
    await page.locator('.message.ephemeral', { hasText: 'Added to the timeline of incident' }).waitFor({ timeout: 10_000 });
    await card.locator('.thread .message', { hasText: 'Note from' }).waitFor({ timeout: 10_000 });
    expect(await card.locator('.thread .message', { hasText: 'Note from' }).textContent()).toMatch(/a message.*Failover finished, errors back to normal/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('sandbox-card-actions.png', ARTIFACTS).pathname, fullPage: true });
  }, 90_000);
});
