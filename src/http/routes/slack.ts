// Slack's HTTPS endpoints, transport-free (served by src/http/endpoint.ts). Every request is
// verified before anything else — its headers before the body is read, its signature over the raw
// body once it has arrived — and Slack always has its answer within the deadline
// (src/slack/answer.ts, shared with Socket Mode); slower work runs after the answer.
import type { Counter } from 'prom-client';
import { answerSlack } from '../../slack/answer.js';
import type { SlackDeps } from '../../slack/interactions/context.js';
import { dispatchCommand, dispatchInteraction } from '../../slack/interactions/router.js';
import { requireForm } from '../body-parse.js';
import { endpoint, type Endpoint, type EndpointAnswer, type RequestHead } from '../endpoint.js';
import { originOf, SlackVerification } from '../slack-verification.js';
import type { VerifyResult } from '../../slack/verify-signature.js';

export interface SlackRouteDeps {
  slack: SlackDeps;
  signingSecrets: () => string[];
  rejected?: Counter<'reason'>;
  now?: () => number;
  /** Told each verification outcome, per endpoint (src/daemon/slack-request-log.ts). */
  requestLog?: { record(path: string, result: VerifyResult): void };
}

type Kind = 'actions' | 'commands';
const PATHS: Record<string, Kind> = {
  '/api/slack/actions': 'actions',
  '/api/slack/commands': 'commands',
  '/api/integrations/slack/actions': 'actions',
  '/api/integrations/slack/commands': 'commands',
};

/** Slack's certificate check (`ssl_check=1&token=…`) comes unsigned: a body this small, without
 *  signature headers, is read to see whether it is one. */
const SSL_CHECK_MAX_BYTES = 1024;

const REFUSED: EndpointAnswer = { status: 401 };

export function slackEndpoints(deps: SlackRouteDeps): Endpoint[] {
  const verification = new SlackVerification({ signingSecrets: deps.signingSecrets, logger: deps.slack.logger, rejected: deps.rejected, now: deps.now });

  const make = (path: string, kind: Kind) => {
    const from = (head: RequestHead) => () => originOf(path, head.headers, head.remoteAddress);
    return endpoint<Buffer>({
      path,
      route: path,
      class: 'slack',
      unauthenticatedBody: true,
      admit: (head) => {
        const failure = verification.checkHeaders(head.headers);
        if (!failure) return null;
        const small = Number(head.headers['content-length']) <= SSL_CHECK_MAX_BYTES;
        if (failure === 'missing_headers' && small) return null; // perhaps an ssl_check; the signature check decides
        // A failure is a bare 401 (no detail for whoever forged it), logged; the body is never read.
        verification.refuse(failure, from(head));
        deps.requestLog?.record(path, { ok: false, reason: failure });
        return REFUSED;
      },
      parse: (raw) => raw,
      handle: async (raw, head) => {
        const fields = new URLSearchParams(raw.toString('utf8'));
        // Slack's periodic certificate check: it is unsigned and wants a bare 200.
        if (raw.length <= SSL_CHECK_MAX_BYTES && fields.get('ssl_check') === '1') return { status: 200 };
        const verified = verification.verify(head.headers, raw, from(head));
        deps.requestLog?.record(path, verified);
        if (!verified.ok) return REFUSED;
        requireForm(head.headers['content-type']);
        const work = kind === 'actions' ? () => dispatchInteraction(deps.slack, fields.get('payload') ?? undefined) : () => dispatchCommand(deps.slack, Object.fromEntries(fields));
        return answerSlack(work, { logger: deps.slack.logger });
      },
    });
  };
  return Object.entries(PATHS).map(([path, kind]) => make(path, kind));
}
