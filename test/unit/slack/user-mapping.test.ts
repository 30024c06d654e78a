// Slack user → OpsKnight user, against the sandbox's users.info through the real Web API client.
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/daemon/container.js';
import { Sandbox } from '../../../src/sandbox/sandbox.js';
import { UserMapper } from '../../../src/slack/user-mapping.js';
import { tempHome } from '../../helpers/temp.js';

let sandbox: Sandbox;
let core: Core;
let client: WebClient;
let removeHome: () => void;

beforeEach(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
  const home = tempHome();
  removeHome = home.remove;
  core = openCore(home.env);
  client = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  core.close();
  removeHome();
  await sandbox.stop();
});

describe('UserMapper', () => {
  it('maps by e-mail regardless of case, and reports an unmatched user "via Slack"', async () => {
    core.directory.addUser({ name: 'Alice Chen', email: 'alice.chen@example.com' });
    const mapper = new UserMapper(core.directory);
    const alice = await mapper.map(client, sandbox.credentials.teamId, { id: 'U0ALICE0001' });
    expect(alice).toMatchObject({ status: 'mapped', actor: { name: 'Alice Chen' } });
    const jane = await mapper.map(client, sandbox.credentials.teamId, { id: 'U0JANE00001' });
    expect(jane).toMatchObject({ status: 'unmapped', actor: { name: 'Jane Doe (via Slack)' } });
  });

  it('a user deactivated elsewhere (the CLI) is refused within five seconds', async () => {
    core.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com' });
    let now = 1_000_000;
    const mapper = new UserMapper(core.directory, () => now);
    const team = sandbox.credentials.teamId;
    expect((await mapper.map(client, team, { id: 'U0BOB000001' })).status).toBe('mapped');

    core.directory.updateUser('bob@example.com', { status: 'INACTIVE' });
    now += 4000;
    expect((await mapper.map(client, team, { id: 'U0BOB000001' })).status).toBe('mapped');
    now += 1001;
    const refused = await mapper.map(client, team, { id: 'U0BOB000001' });
    expect(refused.status).toBe('inactive');
    expect(refused.reason).toMatch(/INACTIVE/);
  });
});
