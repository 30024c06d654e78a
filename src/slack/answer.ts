// The one answer path for Slack's requests, over HTTPS and Socket Mode alike: Slack has its answer
// within the deadline whatever the handler does (a slow handler's replies still go through
// response_url), a failing handler gives the user an ephemeral line instead of silence, and the
// work left for after the answer runs once it has gone.
import type { Logger } from '../observability/logger.js';
import { asBusyError, DatabaseReadOnlyError, isDatabaseBusy } from '../store/busy.js';
import type { Dispatched } from './interactions/router.js';

/** Answer by then at the latest: Slack gives up at 3 s, and the network takes its share. */
export const ANSWER_DEADLINE_MS = 2500;

export const SOMETHING_WENT_WRONG = { response_type: 'ephemeral', text: '⚠️ Something went wrong in OpsKnight; the daemon log has the details.' };

export interface SlackAnswer {
  status: number;
  body?: unknown;
  /** To run once the answer has gone; never rejects (failures are logged). */
  after?: () => Promise<void>;
}

/** Runs fn after ms; returns a cancel function. Injected by tests, which advance time themselves. */
export type Schedule = (ms: number, fn: () => void) => () => void;

const realSchedule: Schedule = (ms, fn) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export interface AnswerOptions {
  logger: Logger;
  deadlineMs?: number;
  schedule?: Schedule;
}

export async function answerSlack(work: () => Promise<Dispatched>, { logger, deadlineMs = ANSWER_DEADLINE_MS, schedule = realSchedule }: AnswerOptions): Promise<SlackAnswer> {
  const followUp = (after: Dispatched['after']) =>
    after && (() => after().catch((err: unknown) => logger.warn({ err }, 'follow-up after a Slack answer failed')));
  const running: Promise<SlackAnswer> = work().then(
    (r) => ({ status: r.answer.status ?? 200, body: r.answer.body, after: followUp(r.after) }),
    (err: unknown) => {
      // A read-only database (a standby, a failover under way): the person is told plainly; nothing was saved.
      if (isDatabaseBusy(err) && asBusyError(err) instanceof DatabaseReadOnlyError) return { status: 200, body: { response_type: 'ephemeral', text: `⚠️ ${asBusyError(err).message}` } };
      logger.error({ err }, 'Slack interaction failed');
      return { status: 200, body: SOMETHING_WENT_WRONG };
    },
  );
  let cancel = () => {};
  const late = new Promise<null>((resolve) => (cancel = schedule(deadlineMs, () => resolve(null))));
  const first = await Promise.race([running, late]);
  cancel();
  if (first) return first;
  logger.warn('Slack handler is slow; answered early to meet the 3-second deadline');
  return {
    status: 200,
    after: async () => {
      const r = await running;
      await r.after?.();
    },
  };
}
