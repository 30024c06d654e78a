// A Workflow Builder webhook trigger receiving a POST: the workflow's variables are text, so the
// body must be one flat JSON object of strings; the sandbox records what each trigger received.
import type { SlackWorld } from './world.js';

export type WebhookAnswer = { ok: true; status: 200 } | { ok: false; status: number; error: string };

export function receiveWebhook(world: SlackWorld, id: string, body: unknown): WebhookAnswer {
  const trigger = world.webhookTriggers.get(id);
  if (!trigger) return { ok: false, status: 404, error: 'trigger_not_found' };
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, status: 400, error: 'invalid_json' };
  const entries = Object.entries(body as Record<string, unknown>);
  const notText = entries.find(([, v]) => typeof v !== 'string');
  if (notText) return { ok: false, status: 400, error: `invalid_variable_type: ${notText[0]} must be a string` };
  // Variables the workflow does not declare are ignored, as Slack does; the declared ones arrive.
  const vars = Object.fromEntries(entries.filter(([k]) => trigger.variables.includes(k))) as Record<string, string>;
  trigger.received.push({ at: world.now(), body: vars });
  return { ok: true, status: 200 };
}
