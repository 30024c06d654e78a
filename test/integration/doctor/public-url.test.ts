// doctor and the public URL: HTTPS, a certificate Slack would refuse (self-signed, made in the test),
// and a saved manifest that sends Slack elsewhere.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatManifest, renderManifest } from '../../../src/slack/manifest.js';
import { only, runDoctor } from '../../helpers/doctor.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { forwardTo, startHttps, type HttpsListener } from '../../helpers/tls.js';

describe('doctor: the public URL', () => {
  let stack: Stack | undefined;
  let https: HttpsListener | undefined;
  afterEach(async () => {
    await https?.close();
    await stack?.close();
    stack = https = undefined;
  });

  it('a self-signed certificate is refused with the reason and the fix; a manifest for another URL is caught', async () => {
    stack = await startStack();
    https = await startHttps(30, forwardTo(() => stack!.daemon.url));
    writeFileSync(join(stack.env.OPSKNIGHT_SLACK_HOME!, 'slack-app-manifest.json'), formatManifest(renderManifest({ url: 'https://old.example.com' }), 'json'));
    const f = await runDoctor(stack, {}, { OPSKNIGHT_URL: https.url });
    const host = new URL(https.url).host;
    expect(only(f, 'interactivity', 'Public URL')).toMatchObject({ level: 'ok', finding: `${https.url} is HTTPS` });
    expect(only(f, 'interactivity', 'DNS').level).toBe('ok');
    const cert = only(f, 'interactivity', 'Certificate');
    expect(cert.level).toBe('fail');
    expect(cert.finding).toMatch(new RegExp(`^${host} presents a certificate Slack will refuse: it is self-signed \\(valid until .+\\)$`));
    expect(cert.fix).toBe('Put the daemon behind a reverse proxy with a certificate from a public CA (templates/Caddyfile gets one automatically).');
    expect(only(f, 'interactivity', 'Reaches this daemon')).toMatchObject({ level: 'fail', finding: `${https.url}/healthz cannot be fetched: DEPTH_ZERO_SELF_SIGNED_CERT` });
    expect(only(f, 'interactivity', 'Manifest')).toEqual({
      group: 'interactivity',
      check: 'Manifest',
      level: 'fail',
      finding: `the saved manifest sends Slack elsewhere: interactivity → https://old.example.com/api/slack/actions (expected ${https.url}/api/slack/actions); /opsknight → https://old.example.com/api/slack/commands (expected ${https.url}/api/slack/commands)`,
      fix: `Save the current one: \`opsknight-slack manifest --url ${https.url} -o ${join(stack.env.OPSKNIGHT_SLACK_HOME!, 'slack-app-manifest.json')}\`, and paste it into the app's App Manifest page in Slack.`,
    });
  });

  it('plain http, and a host that does not resolve', async () => {
    stack = await startStack();
    let f = await runDoctor(stack, {}, { OPSKNIGHT_URL: 'http://ops.example.com' });
    expect(only(f, 'interactivity', 'Public URL')).toMatchObject({ level: 'fail', finding: 'http://ops.example.com is not HTTPS: Slack only calls HTTPS URLs' });
    f = await runDoctor(stack, {}, { OPSKNIGHT_URL: 'https://no-such-host.invalid' });
    expect(only(f, 'interactivity', 'DNS')).toMatchObject({
      level: 'fail',
      finding: expect.stringMatching(/^no-such-host\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\)$/),
      fix: 'Create a DNS record for no-such-host.invalid pointing at the reverse proxy.',
    });
  });
});
