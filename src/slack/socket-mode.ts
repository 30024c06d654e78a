// Socket Mode (SLACK_APP_TOKEN): Slack sends interactions and slash commands over a websocket
// instead of HTTPS, so no public URL is needed. The same router handles them and the same answer
// path (src/slack/answer.ts) keeps the deadline; the envelope's ack carries what the HTTP answer would.
import { createRequire } from 'node:module';
import type { SocketModeClient, SocketModeOptions } from '@slack/socket-mode';
import type { Logger } from '../observability/logger.js';
import { answerSlack, type AnswerOptions } from './answer.js';
import { normaliseApiUrl } from './client.js';
import type { SlackDeps } from './interactions/context.js';
import { dispatchCommand, dispatchInteraction, type Dispatched } from './interactions/router.js';

const require = createRequire(import.meta.url);

interface Envelope {
  body: unknown;
  ack: (payload?: Record<string, unknown>) => Promise<void>;
}

/** Acks the envelope with the answer Slack would get over HTTP (a JSON object body), then runs
 *  what is left for after the answer. */
export async function ackEnvelope(env: Envelope, work: () => Promise<Dispatched>, options: AnswerOptions): Promise<void> {
  const answer = await answerSlack(work, options);
  const body = answer.status === 200 && answer.body && typeof answer.body === 'object' ? (answer.body as Record<string, unknown>) : undefined;
  await env.ack(body);
  await answer.after?.();
}

export async function startSocketMode(appToken: string, apiUrl: string, deps: SlackDeps, logger: Logger): Promise<SocketModeClient> {
  // Loaded only when Socket Mode is configured.
  const { SocketModeClient: Client } = require('@slack/socket-mode') as { SocketModeClient: new (o: SocketModeOptions) => SocketModeClient };
  const client = new Client({ appToken, logLevel: 'error' as SocketModeOptions['logLevel'], clientOptions: { slackApiUrl: normaliseApiUrl(apiUrl) } });
  const ack = (env: Envelope, work: () => Promise<Dispatched>) =>
    ackEnvelope(env, work, { logger }).catch((err: unknown) => logger.warn({ err }, 'Socket Mode ack failed'));
  client.on('interactive', (env: Envelope) => void ack(env, () => dispatchInteraction(deps, JSON.stringify(env.body))));
  client.on('slash_commands', (env: Envelope) => void ack(env, () => dispatchCommand(deps, env.body)));
  await client.start();
  logger.info('Slack Socket Mode connected');
  return client;
}
