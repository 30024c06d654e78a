// `opsknight-slack doctor` as a user runs it: the lines, the exit code, --json; the public URL
// through a local HTTPS listener whose certificate the CLI trusts (NODE_EXTRA_CA_CERTS).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { formatManifest, renderManifest } from '../../src/slack/manifest.js';
import { runCliAsync } from '../helpers/cli.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { forwardTo, startHttps, type HttpsListener } from '../helpers/tls.js';

describe('opsknight-slack doctor', () => {
  let stack: Stack | undefined;
  let https: HttpsListener | undefined;
  afterEach(async () => {
    await https?.close();
    await stack?.close();
    stack = https = undefined;
  });

  async function setUp(handler: (stack: Stack) => (req: IncomingMessage, res: ServerResponse) => void) {
    stack = await startStack();
    const s = stack;
    https = await startHttps(10, handler(s));
    writeFileSync(join(s.env.OPSKNIGHT_SLACK_HOME!, 'slack-app-manifest.json'), formatManifest(renderManifest({ url: https.url }), 'json'));
    await s.slack.slashCommand('/opsknight help');
    return { ...s.env, PORT: new URL(s.daemon.url).port, OPSKNIGHT_URL: https.url, NODE_EXTRA_CA_CERTS: https.certFile };
  }

  it('a working setup: every line ✓ or ⚠, exit 0; the certificate expiring in 10 days is a warning', async () => {
    const env = await setUp((s) => forwardTo(() => s.daemon.url));
    const r = await runCliAsync(['doctor'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout).toContain('Credentials\n  ✓ Stored secrets:');
    expect(r.stdout).toContain('  ✓ Bot token: valid for Acme Ops (sandbox) (T0SANDBOX01), bot user U0OPSKNIGHT\n');
    expect(r.stdout).toMatch(/ {2}⚠ Certificate: trusted, but expires in (9|10) days \(.+\)\n {6}→ Renew it now \(certbot renew; Caddy renews by itself — check its log for why it has not\)\.\n/);
    expect(r.stdout).toContain("  ✓ Reaches this daemon: " + env.OPSKNIGHT_URL + "/healthz answers with this daemon's instance id\n");
    expect(r.stdout).toContain(`  ✓ Manifest: the saved manifest sends Slack to ${env.OPSKNIGHT_URL}/api/slack/…\n`);
    expect(r.stdout).toMatch(/ {2}✓ Running: version \d+\.\d+\.\d+, up \d+ seconds?/);
    expect(r.stdout).toMatch(/\n\d+ checks ok, \d+ warnings?, 0 problems\n$/);
  });

  it('the public URL reaching another daemon, and a failed test post: exit 1, and --json for scripts', async () => {
    const env = await setUp(() => (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', instance: 'another-daemon' }));
    });
    const r = await runCliAsync(['doctor', '--post-test', '#old-alerts'], env);
    expect(r.code).toBe(1);
    const instance = (await stack!.api('GET', '/api/doctor')).body.instance_id as string;
    expect(r.stdout).toContain(
      `  ✗ Reaches this daemon: ${env.OPSKNIGHT_URL} reaches another opsknight-slack daemon (instance another-daemon), not this one (${instance})\n      → Point the reverse proxy at this daemon (http://127.0.0.1:${env.PORT}), or correct OPSKNIGHT_URL.\n`,
    );
    expect(r.stdout).toContain('  ✗ Test post in #old-alerts: No channel #old-alerts is visible to the bot.');

    const json = await runCliAsync(['doctor', '--json'], env);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { ok: boolean; checked_at: string; summary: { fail: number }; findings: { group: string; check: string; status: string; fix?: string }[] };
    expect(out.ok).toBe(false);
    expect(out.checked_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(out.summary.fail).toBe(1);
    expect(out.findings).toContainEqual(expect.objectContaining({ group: 'interactivity', check: 'Reaches this daemon', status: 'fail' }));
  });

  it('bad usage is exit 2', async () => {
    stack = await startStack();
    const r = await runCliAsync(['doctor', '--post-test'], stack.env);
    expect(r.code).toBe(2);
  });
});
