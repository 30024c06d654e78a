// Sends an incident's fields as flat text variables to a Workflow Builder webhook trigger. Its
// failures take the same policy as Slack's: 429 waits for Retry-After, 5xx and network errors back
// off and retry, any other refusal fails the row with Slack's answer.
import { delivered, dropped, type Deliverer } from './context.js';
import { workflowsOf } from './workflow-context.js';

/** Shaped like @slack/web-api's errors, so the failure policy table decides what happens next. */
function failure(res: Response, body: string): Error {
  if (res.status === 429) return Object.assign(new Error('ratelimited'), { code: 'slack_webapi_rate_limited_error', retryAfter: Number(res.headers.get('retry-after')) || 1 });
  if (res.status >= 500) return Object.assign(new Error(`HTTP ${res.status}`), { code: 'slack_webapi_http_error', statusCode: res.status });
  let error = `http_${res.status}`;
  try {
    error = String((JSON.parse(body) as { error?: string }).error ?? error);
  } catch {
    // Not JSON: the status says enough.
  }
  return Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { error: `workflow trigger refused the variables: ${error}` } });
}

export const workflowWebhook: Deliverer<'workflow_webhook'> = {
  method: 'workflow_trigger',
  async deliver(ctx) {
    const rule = workflowsOf(ctx).get(ctx.row.payload.rule_id);
    if (!rule?.webhookUrl) return dropped(ctx, 'its workflow rule was removed');
    const variables = { ...ctx.row.payload.variables, link: ctx.deps.incidentUrl(ctx.row.incidentId) };
    const res = await (ctx.deps.fetch ?? fetch)(rule.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(variables),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.text();
    if (!res.ok) throw failure(res, body);
    return delivered(ctx);
  },
};
