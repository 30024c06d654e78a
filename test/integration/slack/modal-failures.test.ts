// When a form cannot open (the click's trigger_id expired, Slack is down), the user hears what
// failed and what to do, privately, instead of nothing or "Something went wrong".
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/sandbox/interactions.js';
import { SHORTCUT_CREATE_INCIDENT } from '../../../src/slack/action-ids.js';
import { startStack, type Stack } from '../../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

async function incidentMessage(s: Stack) {
  const { id } = await s.trigger();
  return { id, msg: await s.slack.channel('#incidents').expectMessage(/Database Connection Timeout/) };
}

describe('forms that cannot open', () => {
  it('Resolve with an expired trigger_id: the user is told to click again or use /opsknight resolve, which works', async () => {
    stack = await startStack();
    const { id, msg } = await incidentMessage(stack);
    stack.sandbox.addFault({ method: 'views.open', kind: 'slack_error', error: 'expired_trigger_id' });
    const click = await msg.button('Resolve').click({ as: 'jane' });
    expect(click.status).toBe(200);
    const told = await stack.slack.expectEphemeral('jane', /Resolve #1 form did not open/);
    expect(told).toMatch(/3 seconds/);
    expect(told).toMatch(/Click Resolve again/);
    expect(told).toContain('/opsknight resolve 1');

    await stack.slack.slashCommand('/opsknight resolve 1 Restarted the pool', { as: 'jane' });
    await stack.slack.expectEphemeral('jane', /Incident #1 resolved/);
    const shown = (await stack.api('GET', `/api/incidents/${id}`)).body;
    expect(shown).toMatchObject({ status: 'RESOLVED', resolution_note: 'Restarted the pool' });
  });

  it('Snooze → Custom… while Slack is down: the user is told Slack did not answer, and that presets need no form', async () => {
    stack = await startStack();
    const { msg } = await incidentMessage(stack);
    stack.sandbox.addFault({ method: 'views.open', kind: 'server_error', status: 503 });
    await msg.menu(/Snooze/).choose('Custom…', { as: 'jane' });
    const told = await stack.slack.expectEphemeral('jane', /Snooze #1 form did not open/);
    expect(told).toMatch(/Slack did not answer \(http_503\)/);
    expect(told).toMatch(/preset/);
  });

  it('/opsknight create and the Create Incident shortcut say what failed, not "Something went wrong"', async () => {
    stack = await startStack();
    stack.sandbox.addFault({ method: 'views.open', kind: 'slack_error', error: 'expired_trigger_id', calls: 2 });
    const r = await stack.slack.slashCommand('/opsknight create', { as: 'jane' });
    expect(r.body).not.toMatch(/Something went wrong/);
    const told = await stack.slack.expectEphemeral('jane', /Create Incident form did not open/);
    expect(told).toMatch(/Run `\/opsknight create` \(or the shortcut\) again/);

    // A global shortcut has no response_url: the answer comes as chat.postEphemeral in the incident channel.
    const s = await stack.slack.shortcut(SHORTCUT_CREATE_INCIDENT, { as: 'bob' });
    expect(s.status).toBe(200);
    await stack.slack.expectEphemeral('bob', /Create Incident form did not open/);
    expect(stack.sandbox.world.calls.some((c) => c.method === 'chat.postEphemeral' && c.ok)).toBe(true);
  });
});

describe('replayed requests', () => {
  it('a signed Create Incident submission replayed 3 times creates one incident; a replayed /opsknight create opens nothing', async () => {
    stack = await startStack();
    await stack.slack.slashCommand('/opsknight create', { as: 'jane' });
    const modal = await stack.slack.expectModal('jane', /Create Incident|New incident/i);
    await modal.submit({ title: 'Checkout is down', service: 'payment-api', urgency: 'HIGH' });
    await stack.slack.expectEphemeral('jane', /Incident #1 created/);

    const submission = stack.sandbox.driver.sent.filter((d) => d.kind === 'view_submission').at(-1)!;
    const body = `payload=${encodeURIComponent(JSON.stringify(submission.payload))}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(stack.sandbox.credentials.signingSecret, body) };
    const replays = await Promise.all([1, 2, 3].map(() => fetch(`${stack.daemon.url}/api/slack/actions`, { method: 'POST', headers, body })));
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    const list = await stack.api('GET', '/api/incidents');
    expect(list.body.incidents.map((i: { title: string }) => i.title)).toEqual(['Checkout is down']);

    // The slash command replayed: its trigger_id was used once already, so no second form, and no noise.
    const command = stack.sandbox.driver.sent.filter((d) => d.kind === 'slash_command').at(-1)!;
    const form = new URLSearchParams(command.payload as Record<string, string>).toString();
    const again = await fetch(`${stack.daemon.url}/api/slack/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(stack.sandbox.credentials.signingSecret, form) },
      body: form,
    });
    expect(again.status).toBe(200);
    await stack.settle();
    expect(stack.slack.ephemeralsFor('jane').filter((t) => /did not open/.test(t))).toEqual([]);
    expect([...stack.sandbox.world.views.values()].filter((v) => v.userId === stack.slack.userId('jane'))).toHaveLength(1);
  });
});
