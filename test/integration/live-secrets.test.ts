// `config rotate-token` and `config rotate-link-key`, run while the daemon runs, take effect in it
// within seconds, without a restart; incident page links expire with a page saying what to do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../../src/daemon/lifecycle.js';
import { linkKey } from '../../src/daemon/secrets-config.js';
import { IncidentLinks } from '../../src/http/incident-links.js';
import { createLogger } from '../../src/observability/logger.js';
import { runCliAsync } from '../helpers/cli.js';
import { startStack } from '../helpers/stack.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
let daemon: RunningDaemon;
beforeEach(async () => {
  home = tempHome();
  daemon = await startDaemon({ port: 0, host: '127.0.0.1' }, home.env, { logger: createLogger('silent') });
  daemon.core.directory.addService({ slug: 'payment-api' });
});
afterEach(async () => {
  await daemon.stop();
  home.remove();
});

const list = (token: string) => fetch(`${daemon.url}/api/incidents`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

/** Polls until the probe holds (the daemon looks at settings at most once a second). */
async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('secrets rotated while the daemon runs', () => {
  it('config rotate-token: the old token stops working and the new one works, without a restart', async () => {
    const old = (await runCliAsync(['config', 'show-token'], home.env)).stdout.trim();
    expect(await list(old)).toBe(200);
    const rotated = await runCliAsync(['config', 'rotate-token'], home.env);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/within a second/);
    const fresh = (await runCliAsync(['config', 'show-token'], home.env)).stdout.trim();
    expect(fresh).not.toBe(old);
    await eventually(async () => (await list(fresh)) === 200, 'the new token is accepted');
    expect(await list(old)).toBe(401);
  });

  it('config rotate-link-key invalidates every page link; an expired link explains how to get a fresh one', async () => {
    const { incident } = daemon.core.incidents.trigger({ title: 'Disk full', serviceSlug: 'payment-api', urgency: 'HIGH' }, { name: 't' }, 'cli');
    const link = daemon.links.url(incident.id);
    expect((await fetch(link)).status).toBe(200);

    // A link made 31 days ago with today's key: expired, and the page says what to do.
    const key = linkKey(daemon.core.settings);
    const old = new IncidentLinks(() => key, () => daemon.url, 30 * 86_400_000, () => Date.now() - 31 * 86_400_000).url(incident.id);
    const expired = await fetch(old);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/This link has expired[\s\S]*View in OpsKnight/);

    expect((await runCliAsync(['config', 'rotate-link-key'], home.env)).code).toBe(0);
    await eventually(async () => (await fetch(link)).status === 404, 'the old link is refused');
    expect((await fetch(daemon.links.url(incident.id))).status).toBe(200);
    // The API token still opens the page, compared in constant time like the API's.
    const token = (await runCliAsync(['config', 'show-token'], home.env)).stdout.trim();
    expect((await fetch(`${daemon.url}/incidents/${incident.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${daemon.url}/incidents/${incident.id}`, { headers: { authorization: 'Bearer nope' } })).status).toBe(404);
  });
});

describe('View on an old message', () => {
  it('a click on a View button whose link has expired answers privately with a fresh link', async () => {
    const stack = await startStack();
    try {
      await stack.trigger();
      const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
      // Make the message as it was posted 31 days ago: the button's link (and value) expired.
      const stale = new IncidentLinks(() => linkKey(stack.daemon.core.settings), () => stack.daemon.url, 30 * 86_400_000, () => Date.now() - 31 * 86_400_000).url(1);
      const expires = new URL(stale).searchParams.get('e')!;
      const text = JSON.stringify(msg.message.attachments).replace(/"url":"[^"]+\/incidents\/1\?[^"]+"/, `"url":"${stale}"`).replace(/"value":"1:e\d+"/, `"value":"1:e${expires}"`);
      msg.message.attachments = JSON.parse(text);
      expect((await fetch(stale)).status).toBe(410);

      await msg.button('View in OpsKnight').click({ as: 'jane' });
      const told = await stack.slack.expectEphemeral('jane', /link on that message has expired/);
      const fresh = /<(http[^|>]+)\|open incident #1>/.exec(told)![1]!;
      expect((await fetch(fresh)).status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
