// `serve --sandbox` with its second workspace: the demo acts in the workspace the UI shows, or says
// plainly why it cannot.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxedDaemon, type SandboxedDaemon } from '../../src/daemon/sandbox-mode.js';
import { connectBotToken } from '../../src/slack/workspaces.js';
import { SlackStory } from '../helpers/slack-story.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
let running: SandboxedDaemon | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
  home?.remove();
});

async function demo(s: SandboxedDaemon, team: string, channel: string): Promise<string> {
  const res = await fetch(`${s.sandbox.baseUrl}/sandbox/ui/demo-incident`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ team, channel }),
  });
  return ((await res.json()) as { result: string }).result;
}

async function installed(s: SandboxedDaemon, team: string): Promise<boolean> {
  return ((await (await fetch(`${s.sandbox.baseUrl}/sandbox/ui/state?team=${team}`)).json()) as { app_installed: boolean }).app_installed;
}

describe('serve --sandbox, second workspace', () => {
  it('the demo says why it cannot act in a workspace OpsKnight is not connected to, and acts there once it is', async () => {
    home = tempHome();
    running = await startSandboxedDaemon({ port: 0 }, home.env);
    const s = running;
    expect(await installed(s, 'T0SANDBOX01')).toBe(true);
    expect(await installed(s, 'T0SANDBOX02')).toBe(false);
    expect(await demo(s, 'T0SANDBOX02', 'C0GXALERTS1')).toMatch(/OpsKnight is not connected to Globex \(sandbox\)/);
    expect(s.daemon.core.incidents.list({ limit: 10, offset: 0 }).total).toBe(0);

    const token = s.sandbox.credentials.secondBotToken;
    await connectBotToken(s.daemon.core.slackClient(token), token, s.daemon.core.workspaces);
    expect(await installed(s, 'T0SANDBOX02')).toBe(true);
    expect(await demo(s, 'T0SANDBOX02', 'C0GXALERTS1')).toBe('Incident #1 triggered. Globex (sandbox) had no channel for incidents, so the one shown is now its default.');
    await new SlackStory(s.sandbox, 'T0SANDBOX02').channel('#alerts').expectMessage(/Database Connection Timeout/);
    // Acme, which routes it too, has it as well; the next demo is plain.
    await new SlackStory(s.sandbox).channel('#incidents').expectMessage(/Database Connection Timeout/);
    expect(await demo(s, 'T0SANDBOX02', 'C0GXALERTS1')).toBe('Incident #2 triggered.');
  });
});
