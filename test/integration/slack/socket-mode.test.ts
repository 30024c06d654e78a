// Socket Mode: with SLACK_APP_TOKEN, clicks and slash commands arrive over the websocket.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

describe('Socket Mode', () => {
  it('acknowledges from a click and answers a slash command over the websocket, with no request URL', async () => {
    stack = await startStack({ socketMode: true });
    expect(stack.sandbox.socketMode.connected).toBe(true);
    stack.sandbox.setAppUrls({ interactivityUrl: '', commandUrl: '' });
    const msg = await (async () => {
      await stack.trigger();
      return stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    })();
    const click = await msg.button('Acknowledge').click({ as: 'jane' });
    expect(click.status).toBe(200);
    expect(stack.sandbox.driver.sent.at(-1)!.url).toBe('socket');
    await msg.expectThreadReply(/Acknowledged by/);
    const cmd = await stack.slack.slashCommand('/opsknight help');
    expect((cmd.json as { text: string }).text).toMatch(/OpsKnight commands/);
    await stack.slack.expectEphemeral('jane', /OpsKnight commands/);
  });
});
