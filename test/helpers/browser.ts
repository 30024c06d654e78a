// What every browser test starts with: `serve --sandbox` in a temporary home, and Debian's Chromium
// driven by playwright-core (never a downloaded browser). Screenshots go to test-artifacts/.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startServe } from './cli.js';
import { tempHome } from './temp.js';

const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

export interface SandboxInBrowser {
  home: ReturnType<typeof tempHome>;
  daemon: ReturnType<typeof startServe>;
  browser: Browser;
  /** The daemon's base URL. */
  apiUrl: string;
  /** The sandbox UI's URL, as the banner prints it. */
  uiUrl: string;
  stop(): Promise<void>;
}

export async function startSandboxInBrowser(): Promise<SandboxInBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is missing: apt-get install -y chromium (.ci/run does this).');
  const home = tempHome();
  const daemon = startServe(['--sandbox', '--port', '0'], { ...home.env, LOG_LEVEL: 'warn' });
  const apiUrl = await daemon.ready;
  const uiUrl = /Slack sandbox UI:\s+(\S+)/.exec(daemon.output().stderr)![1]!;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // No network beyond loopback here: without these, Chromium's background connections are refused many at a time.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    home,
    daemon,
    browser,
    apiUrl,
    uiUrl,
    async stop() {
      await browser.close();
      daemon.child.kill('SIGTERM');
      await daemon.exited;
      home.remove();
    },
  };
}
