import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

describe('incident notifications in Slack', () => {
  it('posts a new incident to the default channel with urgency colour, details and actions', async () => {
    stack = await startStack();
    await stack.trigger({ components: ['postgres', 'api'], description: 'p99 above 5 s' });
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    expect(msg.colour).toBe('#E01E5A');
    expect(msg.text).toMatch(/🔴 \*HIGH URGENCY\*/);
    expect(msg.text).toMatch(/payment-api/);
    expect(msg.text).toMatch(/postgres, api/);
    expect(msg.text).toMatch(/<!date\^\d+\^\{ago\}\|/);
    expect(msg.text).toMatch(/🔴 Open/);
    expect(msg.text).toMatch(/#1/);
    expect(msg.buttons()).toEqual(['Acknowledge', 'Resolve', 'View in OpsKnight']);
    expect(msg.message.text).toMatch(/HIGH URGENCY: Incident #1 Database Connection Timeout \(payment-api\) is OPEN/);
  });

  it('updates the message in place and replies in its thread as the incident moves', async () => {
    stack = await startStack();
    const { id } = await stack.trigger();
    const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    await msg.expectThreadReply(/✅ Acknowledged by API/);
    await msg.expectText(/Acknowledged ✓/);
    await stack.api('POST', `/api/incidents/${id}/notes`, { text: 'Pool exhausted <!channel>' });
    const note = await msg.expectThreadReply(/📝 Note from API/);
    expect(note.text).toContain('&lt;!channel&gt;');
    await stack.api('POST', `/api/incidents/${id}/resolve`, { note: 'Raised the pool size' });
    await msg.expectThreadReply(/🔧 Resolved by API \(<!date\^\d+\^\{ago\}\|[^>]+>\)\nResolution: Raised the pool size\nTime to resolve: /);
    await msg.expectText(/Resolution:\* Raised the pool size/);
    expect(msg.buttons()).toEqual(['View in OpsKnight']);
    // One message for the incident; everything else is in its thread.
    expect(stack.slack.channel('#incidents').messages()).toHaveLength(1);
  });

  it('routes by service and urgency with the documented precedence', async () => {
    stack = await startStack({ services: ['payment-api', 'search'] });
    const ws = stack.daemon.core.workspaces;
    ws.setRoute(stack.teamId, { serviceSlug: 'payment-api', urgency: null, channelId: 'C0PAYMENTS1' });
    ws.setRoute(stack.teamId, { serviceSlug: null, urgency: 'HIGH', channelId: 'C0CRITICAL1' });
    ws.setRoute(stack.teamId, { serviceSlug: 'payment-api', urgency: 'LOW', channelId: 'C0GENERAL01' });
    await stack.trigger({ title: 'pay-high', urgency: 'HIGH' });
    await stack.trigger({ title: 'pay-low', urgency: 'LOW' });
    await stack.trigger({ title: 'search-high', service: 'search', urgency: 'HIGH' });
    await stack.trigger({ title: 'search-medium', service: 'search', urgency: 'MEDIUM' });
    await stack.slack.channel('#payments').expectMessage(/pay-high/);
    await stack.slack.channel('#general').expectMessage(/pay-low/);
    await stack.slack.channel('#incidents-critical').expectMessage(/search-high/);
    await stack.slack.channel('#incidents').expectMessage(/search-medium/);
  });

  it('honours the urgency filter and event toggles; a toggled-off event still updates the message', async () => {
    stack = await startStack();
    stack.daemon.core.workspaces.updateSettings(stack.teamId, { urgencyFilter: 'high_medium', events: { acknowledged: false } as never });
    await stack.trigger({ title: 'quiet low', urgency: 'LOW' });
    const { id } = await stack.trigger({ title: 'loud high' });
    const msg = await stack.slack.channel('#incidents').expectMessage(/loud high/);
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    await msg.expectText(/Acknowledged ✓/);
    await stack.settle();
    expect(msg.replies()).toEqual([]);
    await stack.slack.channel('#incidents').expectNoMessage(/quiet low/);
  });

  it('posts once in each workspace that routes the incident, each with its own thread', async () => {
    stack = await startStack();
    const other = stack.sandbox.credentials;
    const client = stack.daemon.core.slackClient(other.secondBotToken);
    const { connectBotToken } = await import('../../../src/slack/workspaces.js');
    await connectBotToken(client, other.secondBotToken, stack.daemon.core.workspaces);
    stack.daemon.core.workspaces.setDefaultChannel(other.secondTeamId, 'C0GXALERTS1');
    const { id } = await stack.trigger();
    const here = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
    const { SlackStory } = await import('../../helpers/slack-story.js');
    const there = await new SlackStory(stack.sandbox, other.secondTeamId).channel('#alerts').expectMessage(/Database Connection Timeout/);
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    await here.expectThreadReply(/Acknowledged/);
    await there.expectThreadReply(/Acknowledged/);
  });

  it('escapes user text so it can never mention, link or notify, and truncates long titles safely', async () => {
    stack = await startStack();
    await stack.trigger({ title: `<!channel> <@U0JANE00001> <https://evil.example|click> & ${'x'.repeat(400)}` });
    const msg = await stack.slack.channel('#incidents').expectMessage(/evil/);
    expect(msg.text).not.toMatch(/<!channel>|<@U0JANE00001>|<https:\/\/evil/);
    expect(msg.text).toContain('&lt;!channel&gt; &lt;@U0JANE00001&gt;');
    expect(msg.text).toContain('…');
  });
});
