// Slack user look-ups share one expiring cache: answers are reused for a while, and a look-up that
// failed (Slack down) is asked again a minute later rather than kept until restart.
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../../src/sandbox/sandbox.js';
import { ANSWER_TTL_MS, FAILED_LOOKUP_TTL_MS, SlackUsers } from '../../../src/slack/slack-users.js';
import { UserMapper } from '../../../src/slack/user-mapping.js';
import { openCore, type Core } from '../../../src/daemon/container.js';
import { tempHome } from '../../helpers/temp.js';

let sandbox: Sandbox;
let client: WebClient;
beforeEach(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
  client = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(() => sandbox.stop());

const lookups = () => sandbox.world.calls.filter((c) => c.method === 'users.lookupByEmail').length;

describe('SlackUsers', () => {
  it('a mention look-up that failed while Slack was down is asked again once its short expiry passes', async () => {
    let now = 1_000_000;
    const users = new SlackUsers(() => now);
    const team = sandbox.credentials.teamId;
    sandbox.addFault({ method: 'users.lookupByEmail', kind: 'server_error', calls: 1 });
    expect(await users.idByEmail(client, team, 'alice.chen@example.com')).toBeNull();
    now += FAILED_LOOKUP_TTL_MS - 1;
    expect(await users.idByEmail(client, team, 'alice.chen@example.com')).toBeNull();
    expect(lookups()).toBe(1);
    now += 1;
    expect(await users.idByEmail(client, team, 'Alice.Chen@example.com')).toBe('U0ALICE0001');
    expect(lookups()).toBe(2);
  });

  it('a found user and a "no such user" answer are reused for ten minutes, then asked again', async () => {
    let now = 1_000_000;
    const users = new SlackUsers(() => now);
    const team = sandbox.credentials.teamId;
    expect(await users.idByEmail(client, team, 'alice.chen@example.com')).toBe('U0ALICE0001');
    expect(await users.idByEmail(client, team, 'nobody@example.com')).toBeNull();
    now += ANSWER_TTL_MS - 1;
    await users.idByEmail(client, team, 'alice.chen@example.com');
    await users.idByEmail(client, team, 'nobody@example.com');
    expect(lookups()).toBe(2);
    now += 1;
    await users.idByEmail(client, team, 'nobody@example.com');
    expect(lookups()).toBe(3);
  });

  it('the user mapper reads profiles through the same cache', async () => {
    const home = tempHome();
    const core: Core = openCore(home.env);
    try {
      const users = new SlackUsers();
      const mapper = new UserMapper(core.directory, Date.now, users);
      await mapper.map(client, sandbox.credentials.teamId, { id: 'U0ALICE0001' });
      await users.profile(client, sandbox.credentials.teamId, 'U0ALICE0001');
      expect(sandbox.world.calls.filter((c) => c.method === 'users.info')).toHaveLength(1);
    } finally {
      core.close();
      home.remove();
    }
  });
});
