// An Alertmanager alert's context reaches the Slack card: links, label chips, details, truncation.
import { afterEach, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../helpers/payloads.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
afterEach(() => stack?.close());

it('the card shows Runbook · Source · Silence, label chips, readable details and "Alertmanager sent 1"', async () => {
  stack = await startStack();
  const hook = {
    ...alertmanagerWebhook([
      {
        labels: { service: 'payment-api', severity: 'critical', instance: 'api-1' },
        annotations: { summary: 'Checkout p99 above 2s', runbook_url: 'https://runbooks.example.com/checkout', impact: 'Orders fail' },
      },
    ]),
    truncatedAlerts: 3,
  };
  expect((await stack.api('POST', '/api/integrations/alertmanager', hook)).status).toBe(200);
  const card = await stack.slack.channel('#incidents').expectMessage(/Checkout p99 above 2s/);
  expect(card.text).toMatch(/Runbook.*Source.*Silence/);
  expect(card.text).toMatch(/instance=api-1/);
  expect(card.text).toMatch(/impact:.*Orders fail/);
  expect(card.text).toMatch(/4 alerts firing, Alertmanager sent 1 — raise max_alerts/);
});
