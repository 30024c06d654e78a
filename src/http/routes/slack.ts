// Slack's HTTPS endpoints. Every request is verified (signature over the raw body, timestamp within
// five minutes) before anything else; Slack always has its answer within 3 seconds; slower work
// runs after the answer.
import express, { Router, type Request, type Response } from 'express';
import type { Counter } from 'prom-client';
import { dispatchCommand, dispatchInteraction, type Dispatched } from '../../slack/interactions/router.js';
import type { SlackDeps } from '../../slack/interactions/context.js';
import { verifySlackRequest } from '../../slack/verify-signature.js';

/** Answer by then at the latest: Slack gives up at 3 s, and the network takes its share. */
export const ANSWER_DEADLINE_MS = 2500;

export interface SlackRouteDeps {
  slack: SlackDeps;
  signingSecrets: () => string[];
  rejected?: Counter<'reason'>;
  now?: () => number;
}

function rawForm(req: Request): URLSearchParams {
  return new URLSearchParams((req.body as Buffer).toString('utf8'));
}

/** Mounted at /api/slack and /api/integrations/slack: POST …/actions and POST …/commands. */
export function slackRoutes(deps: SlackRouteDeps): Router {
  const router = Router();
  const log = deps.slack.logger;
  router.use(express.raw({ type: () => true, limit: '1mb' }));

  // Verification comes first; a failure is a bare 401 (no detail for whoever forged it), logged.
  router.use((req, res, next) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.body = body;
    if (rawForm(req).get('ssl_check') === '1') {
      res.status(200).end();
      return;
    }
    const result = verifySlackRequest(
      { signature: req.get('x-slack-signature'), timestamp: req.get('x-slack-request-timestamp'), rawBody: body },
      deps.signingSecrets(),
      Math.floor((deps.now?.() ?? Date.now()) / 1000),
    );
    if (!result.ok) {
      deps.rejected?.inc({ reason: result.reason });
      log.warn({ reason: result.reason, path: req.path, ip: req.ip }, 'refused a Slack request that failed verification');
      res.status(401).end();
      return;
    }
    next();
  });

  const answer = async (res: Response, work: () => Promise<Dispatched>) => {
    // Whatever happens, Slack hears from us in time; a late handler's replies still go via response_url.
    const guard = setTimeout(() => {
      if (!res.headersSent) {
        log.warn('Slack handler is slow; answered early to meet the 3-second deadline');
        res.status(200).end();
      }
    }, ANSWER_DEADLINE_MS);
    let result: Dispatched;
    try {
      result = await work();
    } catch (err) {
      clearTimeout(guard);
      log.error({ err }, 'Slack interaction failed');
      if (!res.headersSent) res.status(200).json({ response_type: 'ephemeral', text: '⚠️ Something went wrong in OpsKnight; the daemon log has the details.' });
      return;
    }
    clearTimeout(guard);
    if (!res.headersSent) {
      const { status = 200, body } = result.answer;
      if (body === undefined) res.status(status).end();
      else res.status(status).json(body);
    }
    await result.after?.().catch((err: unknown) => log.warn({ err }, 'follow-up after a Slack answer failed'));
  };

  router.post('/actions', (req, res) => answer(res, () => dispatchInteraction(deps.slack, rawForm(req).get('payload') ?? undefined)));
  const commands = (req: Request, res: Response) => answer(res, () => dispatchCommand(deps.slack, Object.fromEntries(rawForm(req))));
  router.post('/commands', commands);
  return router;
}
