// Cards that repair themselves: a deleted (or no longer editable) card is posted again at the next
// change, and `resync` re-renders cards from stored state.
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

const cardTs = (s: Stack, id: number) => s.daemon.core.outbox.message(id, s.teamId, 'C0INCIDENTS')?.ts;

describe('cards that repair themselves', () => {
  it('a card an admin deleted is posted again at the next change, with a note, and updated in place after that', async () => {
    stack = await startStack();
    const { id } = await stack.trigger();
    const channel = stack.slack.channel('#incidents');
    const first = await channel.expectMessage(/Database Connection Timeout/);
    await stack.settle();
    stack.sandbox.world.deleteMessage(first.message.channel, first.ts);

    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    const again = await channel.expectMessage(/Card posted again: the previous card was deleted/);
    expect(again.text).toMatch(/Acknowledged/);
    await stack.settle();
    expect(cardTs(stack, id)).toBe(again.ts);

    // From now on the new card is the one that changes.
    await stack.api('POST', `/api/incidents/${id}/resolve`, {});
    await stack.settle();
    expect(channel.messages()).toHaveLength(1);
    expect(channel.messages()[0]!.text).toMatch(/Resolved/);
    expect(stack.daemon.core.outbox.recentFailures(5)).toEqual([]);
  });

  it('a card the app can no longer edit (cant_update_message) is posted again too', async () => {
    stack = await startStack();
    const { id } = await stack.trigger();
    const channel = stack.slack.channel('#incidents');
    const first = await channel.expectMessage(/Database Connection Timeout/);
    await stack.settle();
    stack.sandbox.addFault({ method: 'chat.update', kind: 'slack_error', error: 'cant_update_message', calls: 1 });
    await stack.api('POST', `/api/incidents/${id}/acknowledge`);
    const again = await channel.expectMessage(/Card posted again: the previous card could no longer be updated/);
    await stack.settle();
    expect(again.ts).not.toBe(first.ts);
    expect(cardTs(stack, id)).toBe(again.ts);
  });

  it('resync lists the cards on a dry run, then re-renders them; a deleted one is posted again', async () => {
    stack = await startStack();
    const { id } = await stack.trigger();
    const { id: other } = await stack.trigger({ title: 'Search is slow', dedup_key: 'search' });
    const channel = stack.slack.channel('#incidents');
    const card = await channel.expectMessage(/Database Connection Timeout/);
    await channel.expectMessage(/Search is slow/);
    await stack.settle();
    const bot = new WebClient(stack.sandbox.credentials.botToken, { slackApiUrl: stack.sandbox.apiUrl });
    await bot.chat.delete({ channel: card.message.channel, ts: card.ts });

    const dry = runCli(['resync', '--since', '24h', '--dry-run', '--json'], stack.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dry_run: true, cards: [{ incident_id: id }, { incident_id: other }] });
    await stack.settle();
    expect(channel.messages()).toHaveLength(1);

    const run = runCli(['resync', '--incident', `#${id}`], stack.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Queued 1 card/);
    stack.daemon.delivery.wake();
    const again = await channel.expectMessage(/Card posted again: the previous card was deleted/);
    expect(again.text).toMatch(/Database Connection Timeout/);
    await stack.settle();
    expect(cardTs(stack, id)).toBe(again.ts);
    expect(channel.messages()).toHaveLength(2);
  });

  it('resync refuses to guess: no choice, both choices, or an unknown incident are explained', async () => {
    stack = await startStack();
    expect(runCli(['resync'], stack.env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--incident N.*--since 24h/) });
    expect(runCli(['resync', '--incident', '1', '--since', '1h'], stack.env)).toMatchObject({ code: 1 });
    expect(runCli(['resync', '--incident', '99'], stack.env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/no incident #99/) });
    expect(runCli(['resync', '--since', 'yesterday'], stack.env).code).toBe(2);
  });
});
