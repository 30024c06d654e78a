// Socket Mode (SLACK_APP_TOKEN): Slack sends interactions and slash commands over a websocket
// instead of HTTPS, so no public URL is needed. The same router handles them; the envelope's ack
// carries what the HTTP answer would.
import { createRequire } from 'node:module';
import type { SocketModeClient, SocketModeOptions } from '@slack/socket-mode';
import type { Logger } from '../observability/logger.js';
import { normaliseApiUrl } from './client.js';
import type { SlackDeps } from './interactions/context.js';
import { dispatchCommand, dispatchInteraction, type Dispatched } from './interactions/router.js';

const require = createRequire(import.meta.url);

interface Envelope {
  body: unknown;
  ack: (payload?: Record<string, unknown>) => Promise<void>;
}

export async function startSocketMode(appToken: string, apiUrl: string, deps: SlackDeps, logger: Logger): Promise<SocketModeClient> {
  // Loaded only when Socket Mode is configured.
  const { SocketModeClient: Client } = require('@slack/socket-mode') as { SocketModeClient: new (o: SocketModeOptions) => SocketModeClient };
  const client = new Client({ appToken, logLevel: 'error' as SocketModeOptions['logLevel'], clientOptions: { slackApiUrl: normaliseApiUrl(apiUrl) } });
  const answer = async (env: Envelope, work: () => Promise<Dispatched>) => {
    let result: Dispatched;
    try {
      result = await work();
    } catch (err) {
      logger.error({ err }, 'Slack interaction (Socket Mode) failed');
      await env.ack({ response_type: 'ephemeral', text: '⚠️ Something went wrong in OpsKnight; the daemon log has the details.' });
      return;
    }
    const body = result.answer.body;
    await env.ack(body && typeof body === 'object' && result.answer.status === undefined ? (body as Record<string, unknown>) : undefined);
    await result.after?.().catch((err: unknown) => logger.warn({ err }, 'follow-up after a Slack answer failed'));
  };
  client.on('interactive', (env: Envelope) => void answer(env, () => dispatchInteraction(deps, JSON.stringify(env.body))));
  client.on('slash_commands', (env: Envelope) => void answer(env, () => dispatchCommand(deps, env.body)));
  await client.start();
  logger.info('Slack Socket Mode connected');
  return client;
}
