// Custom snooze modal submitted: "90m", "2h30m", or a date and time (in the user's time zone).
// Bad input is answered inline in the modal, which stays open.
import { parseDuration } from '../../domain/duration.js';
import { snoozeEndProblem } from '../../domain/incident.js';
import type { Answer, InteractionContext } from './context.js';
import { parseMeta } from './meta.js';
import { inputValue, type ViewSubmissionPayload } from './payloads.js';

const errors = (e: Record<string, string>): Answer => ({ body: { response_action: 'errors', errors: e } });

/** A local date and time at a UTC offset → the instant. */
export function localToInstant(date: string, time: string, offsetSeconds: number): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !t) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(t[1]), Number(t[2])) - offsetSeconds * 1000;
  return Number.isNaN(utc) ? null : new Date(utc);
}

export async function submitSnooze(ctx: InteractionContext, view: ViewSubmissionPayload['view']): Promise<Answer> {
  const meta = parseMeta(view.private_metadata);
  ctx.responseUrl = meta.response_url;
  if (!meta.incident_id) return { body: {} };
  const values = view.state?.values;
  const duration = inputValue(values, 'duration');
  const date = inputValue(values, 'date');
  const time = inputValue(values, 'time');
  const now = ctx.deps.clock.now();
  let until: Date;
  if (duration) {
    if (date || time) return errors({ duration: 'Give a duration or a date and time, not both.' });
    try {
      until = new Date(now.getTime() + parseDuration(duration));
    } catch {
      return errors({ duration: `"${duration}" is not a duration: try 90m, 2h30m or 1d.` });
    }
  } else if (date || time) {
    if (!date) return errors({ date: 'Pick a date too.' });
    if (!time) return errors({ time: 'Pick a time too.' });
    const profile = (await ctx.mapping()).profile;
    const at = localToInstant(date, time, profile.tzOffsetSeconds);
    if (!at) return errors({ date: 'That date and time could not be read.' });
    if (at.getTime() <= now.getTime()) return errors({ time: 'That time has passed: pick one in the future.' });
    until = at;
  } else {
    return errors({ duration: 'How long? e.g. 90m or 2h30m — or pick a date and time below.' });
  }
  // The domain enforces it too; checked here as well so the modal stays open with the reason.
  const tooLong = snoozeEndProblem(now, until);
  if (tooLong) return errors(duration ? { duration: tooLong } : { date: tooLong });
  const actor = await ctx.actor(meta.incident_id!);
  if (!actor) return { body: {} };
  await ctx.transition(() => ctx.deps.incidents.snooze(meta.incident_id!, actor, 'slack', until));
  return { body: {} };
}
