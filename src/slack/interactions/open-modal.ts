// Opening a modal can fail: the trigger_id lives 3 seconds and is single-use, and Slack may be down.
// The click must not then do nothing visible: the user is told privately what failed and what to do.
import { classifySlackError, explainSlackError } from '../errors.js';
import type { InteractionContext } from './context.js';

const TRIGGER_ERRORS = new Set(['expired_trigger_id', 'invalid_trigger_id']);

export interface ModalPurpose {
  /** What the form is, for the message: "Resolve #42". */
  form: string;
  /** What to try first: "Click Resolve again." */
  retry: string;
  /** Another way that needs no form, for when Slack keeps failing. */
  otherwise: string;
}

/** Opens the modal; true when it opened. On failure the user gets a private explanation. */
export async function openModal(ctx: InteractionContext, triggerId: string, view: unknown, purpose: ModalPurpose): Promise<boolean> {
  try {
    await ctx.client.views.open({ trigger_id: triggerId, view: view as never });
    return true;
  } catch (err) {
    const failure = classifySlackError(err);
    if (failure.error === 'exchanged_trigger_id') {
      // This very click already opened its form: a replay or a retry of it. Nothing to tell anyone.
      ctx.deps.logger.info({ form: purpose.form }, 'trigger_id already used (a replayed request); ignored');
      return false;
    }
    ctx.deps.logger.warn({ form: purpose.form, error: failure.error }, 'views.open failed; the user is told');
    ctx.reply(explainModalFailure(failure.kind, failure.error, purpose));
    return false;
  }
}

export function explainModalFailure(kind: string, error: string, p: ModalPurpose): string {
  if (TRIGGER_ERRORS.has(error)) {
    return `⚠️ The ${p.form} form did not open: Slack gives an app 3 seconds after a click to open a form, and that time ran out (${error}). ${p.retry} If it keeps happening, ${p.otherwise}`;
  }
  if (kind === 'transient' || kind === 'rate_limited') {
    return `⚠️ The ${p.form} form did not open: Slack did not answer (${error}); it may be having trouble (status.slack.com). ${p.retry} If it keeps failing, ${p.otherwise}`;
  }
  return `⚠️ The ${p.form} form did not open: ${explainSlackError(error)} (Slack error: ${error}) Meanwhile, ${p.otherwise}`;
}
