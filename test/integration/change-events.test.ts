// PagerDuty Change Events: a deploy is stored for its service, shown on the service's open
// incidents and in /opsknight status, and posted once to the service's channel.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

async function change(body: unknown) {
  const res = await fetch(`${stack.daemon.url}/v2/change/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
  return { status: res.status, body: (await res.json()) as any };
}

// Ten minutes ago: recent for an incident opened now, whatever day the test runs.
const DEPLOYED_AT = new Date(Date.now() - 10 * 60_000).toISOString();
const deploy = (routingKey: string, extra: Record<string, unknown> = {}) => ({
  routing_key: routingKey,
  payload: { summary: 'Deployed payment-api v2.14.0', timestamp: DEPLOYED_AT, source: 'github-actions', custom_details: { commit: 'a1b2c3d', author: 'jane' } },
  links: [{ href: 'https://github.com/acme/payment-api/releases/v2.14.0', text: 'Release notes' }],
  ...extra,
});

describe('POST /v2/change/enqueue', () => {
  it('answers 202 like PagerDuty, posts the change once to the service channel, and lists it on open incidents and in /opsknight status', async () => {
    stack = await startStack();
    const key = stack.daemon.core.directory.getService('payment-api').integrationKey;
    const { id } = await stack.trigger({ title: 'Checkout errors' });

    const res = await change(deploy(key));
    expect(res).toEqual({ status: 202, body: { status: 'success', message: 'Change event processed' } });

    const posted = await stack.slack.channel('#incidents').expectMessage(/Change.*payment-api.*Deployed payment-api v2\.14\.0/);
    expect(posted.text).toMatch(/github-actions/);
    expect(posted.text).toMatch(/Release notes/);
    await stack.settle();
    expect(stack.slack.channel('#incidents').messages().filter((m) => /Deployed payment-api/.test(m.text))).toHaveLength(1);

    const shown = await stack.api('GET', `/api/incidents/${id}`);
    expect(shown.body.recent_changes).toEqual([
      {
        id: 1,
        service: 'payment-api',
        summary: 'Deployed payment-api v2.14.0',
        source: 'github-actions',
        at: DEPLOYED_AT,
        received_at: expect.any(String),
        details: { commit: 'a1b2c3d', author: 'jane' },
        links: [{ text: 'Release notes', href: 'https://github.com/acme/payment-api/releases/v2.14.0' }],
      },
    ]);

    // /opsknight status shows incidents to OpsKnight users (Jane, matched by her Slack e-mail).
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    const status = (await stack.slack.slashCommand('/opsknight status')).json as { text: string };
    expect(status.text).toMatch(/Recent changes on services with open incidents:\n• .*Deployed payment-api v2\.14\.0/);
  });

  it('refuses bad change events with PagerDuty\'s invalid-event answer, storing nothing', async () => {
    stack = await startStack();
    const key = stack.daemon.core.directory.getService('payment-api').integrationKey;
    for (const [body, field] of [
      [{ routing_key: key, payload: {} }, /payload\.summary/],
      [deploy(key, { payload: { summary: 'x'.repeat(1025) } }), /payload\.summary/],
      [deploy('0'.repeat(32)), /routing_key/],
      [deploy(key, { links: 'https://example.com' }), /links/],
    ] as const) {
      const res = await change(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
      expect(res.body.errors.join(' ')).toMatch(field);
    }
    const { id } = await stack.trigger();
    expect((await stack.api('GET', `/api/incidents/${id}`)).body.recent_changes).toEqual([]);
  });
});
