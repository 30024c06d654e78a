// Slack's HTTPS endpoints. Every request is verified (signature over the raw body, timestamp within
// five minutes) before anything else; Slack always has its answer within 3 seconds; slower work
// runs after the answer.
//
// These are the daemon's hot path (every click of every responder during an incident), so they are
// served on Node's own request and response objects, ahead of Express: Express's per-request set-up
// costs more than verifying and handling a click does. Everything else stays in the Express app.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Counter } from 'prom-client';
import { dispatchCommand, dispatchInteraction, type Dispatched } from '../../slack/interactions/router.js';
import type { SlackDeps } from '../../slack/interactions/context.js';
import { verifySlackRequest, type VerifyResult } from '../../slack/verify-signature.js';
import { errorAnswer } from '../error-handler.js';
import { observeResponse, pathOf, sendJson as send, type NodeEndpoint, type ObserveRequest } from '../node-response.js';
import { readRawBody } from '../raw-body.js';

/** Answer by then at the latest: Slack gives up at 3 s, and the network takes its share. */
export const ANSWER_DEADLINE_MS = 2500;
const MAX_BODY_BYTES = 1024 * 1024;

export interface SlackRouteDeps {
  slack: SlackDeps;
  signingSecrets: () => string[];
  rejected?: Counter<'reason'>;
  now?: () => number;
  /** Told each verification outcome, per endpoint (src/daemon/slack-request-log.ts). */
  requestLog?: { record(path: string, result: VerifyResult): void };
}

export type { ObserveRequest };

type Kind = 'actions' | 'commands';
const PATHS: Record<string, Kind> = {
  '/api/slack/actions': 'actions',
  '/api/slack/commands': 'commands',
  '/api/integrations/slack/actions': 'actions',
  '/api/integrations/slack/commands': 'commands',
};

function kindOf(req: IncomingMessage): { kind: Kind; route: string } | null {
  if (req.method !== 'POST') return null;
  const path = pathOf(req.url);
  const kind = PATHS[path];
  return kind ? { kind, route: path } : null;
}

/** Answers Slack's requests; anything else it leaves alone (returns false). */
export function slackEndpoints(deps: SlackRouteDeps, observe?: ObserveRequest): NodeEndpoint {
  const log = deps.slack.logger;

  const answer = async (res: ServerResponse, work: () => Promise<Dispatched>) => {
    // Whatever happens, Slack hears from us in time; a late handler's replies still go via response_url.
    const guard = setTimeout(() => {
      if (!res.headersSent) {
        log.warn('Slack handler is slow; answered early to meet the 3-second deadline');
        send(res, 200);
      }
    }, ANSWER_DEADLINE_MS);
    let result: Dispatched;
    try {
      result = await work();
    } catch (err) {
      clearTimeout(guard);
      log.error({ err }, 'Slack interaction failed');
      send(res, 200, { response_type: 'ephemeral', text: '⚠️ Something went wrong in OpsKnight; the daemon log has the details.' });
      return;
    }
    clearTimeout(guard);
    send(res, result.answer.status ?? 200, result.answer.body);
    await result.after?.().catch((err: unknown) => log.warn({ err }, 'follow-up after a Slack answer failed'));
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, kind: Kind) => {
    let body: Buffer;
    try {
      body = await readRawBody(req, MAX_BODY_BYTES);
    } catch (err) {
      const { status, body: answer } = errorAnswer(err) ?? { status: 400, body: { error: 'bad_request', message: String(err) } };
      send(res, status, answer);
      return;
    }
    const form = new URLSearchParams(body.toString('utf8'));
    // Slack's periodic certificate check: it is unsigned and wants a bare 200.
    if (form.get('ssl_check') === '1') return send(res, 200);
    // Verification comes first; a failure is a bare 401 (no detail for whoever forged it), logged.
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const result = verifySlackRequest(
      { signature: header('x-slack-signature'), timestamp: header('x-slack-request-timestamp'), rawBody: body },
      deps.signingSecrets(),
      Math.floor((deps.now?.() ?? Date.now()) / 1000),
    );
    deps.requestLog?.record(pathOf(req.url), result);
    if (!result.ok) {
      deps.rejected?.inc({ reason: result.reason });
      log.warn(
        { reason: result.reason, path: req.url, ip: req.socket.remoteAddress, forwarded_for: header('x-forwarded-for') },
        'refused a Slack request that failed verification',
      );
      return send(res, 401);
    }
    if (kind === 'actions') await answer(res, () => dispatchInteraction(deps.slack, form.get('payload') ?? undefined));
    else await answer(res, () => dispatchCommand(deps.slack, Object.fromEntries(form)));
  };

  return (req, res) => {
    const match = kindOf(req);
    if (!match) return false;
    observeResponse(res, 'POST', match.route, observe);
    serve(req, res, match.kind).catch((err: unknown) => {
      log.error({ err }, 'Slack request failed');
      send(res, 500, { error: 'internal', message: 'The request failed; the daemon log has the details.' });
    });
    return true;
  };
}
