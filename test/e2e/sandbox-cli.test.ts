// `opsknight-slack sandbox` on its own: prints what a script needs, and the real client works against it.
import { spawn } from 'node:child_process';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
afterEach(() => home?.remove());

describe('opsknight-slack sandbox', () => {
  it('--json prints the UI and API addresses, credentials, channels and users as one JSON object', async () => {
    home = tempHome();
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--json', '--no-rate-limits'], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        try {
          resolve(JSON.parse(out));
        } catch {
          /* not complete yet */
        }
      });
      child.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
    });
    try {
      expect(info).toMatchObject({ api_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/), bot_token: expect.stringMatching(/^xoxb-/), signing_secret: expect.stringMatching(/^[0-9a-f]{32}$/) });
      const workspaces = info.workspaces as { channels: { name: string }[]; users: { name: string }[] }[];
      expect(workspaces[0]!.channels.map((c) => c.name)).toContain('incidents');
      expect(workspaces[0]!.users.map((u) => u.name)).toContain('jane');
      const slack = new WebClient(String(info.bot_token), { slackApiUrl: String(info.api_url), retryConfig: { retries: 0 } });
      expect((await slack.chat.postMessage({ channel: '#incidents', text: 'hello from a script' })).ok).toBe(true);
      const ui = await fetch(String(info.ui_url));
      expect(await ui.text()).toContain('Slack sandbox');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
