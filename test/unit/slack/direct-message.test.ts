// A direct message to a person through the sandbox, with Slack's errors passed on.
import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../../src/sandbox/sandbox.js';
import { sendDirectMessage } from '../../../src/slack/direct-message.js';

let sandbox: Sandbox;
let client: WebClient;
beforeEach(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
  client = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(() => sandbox.stop());

describe('sendDirectMessage', () => {
  it('opens the bot’s DM with the person once and posts there', async () => {
    const first = await sendDirectMessage(client, 'U0BOB000001', { text: 'You were assigned incident #1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*#1* Database down' } }] });
    const second = await sendDirectMessage(client, 'U0BOB000001', { text: 'Incident #1 was resolved' });
    expect(second.channel).toBe(first.channel);
    const dm = sandbox.world.channels.get(first.channel)!;
    expect(dm.isIm).toBe(true);
    expect([...dm.members].sort()).toEqual(['U0BOB000001', 'U0OPSKNIGHT']);
    expect(sandbox.world.channelMessages(first.channel).map((m) => m.text)).toEqual(['You were assigned incident #1', 'Incident #1 was resolved']);
  });

  it('passes on Slack’s errors: a deactivated person, a missing im:write scope', async () => {
    sandbox.world.users.get('U0ALICE0001')!.deleted = true;
    await expect(sendDirectMessage(client, 'U0ALICE0001', { text: 'x' })).rejects.toMatchObject({ data: { error: 'user_disabled' } } as Partial<WebAPIPlatformError>);
    sandbox.world.tokens.get(sandbox.credentials.botToken)!.scopes = ['chat:write'];
    await expect(sendDirectMessage(client, 'U0BOB000001', { text: 'x' })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'im:write' } });
  });
});
