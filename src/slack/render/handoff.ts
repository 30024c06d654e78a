// Shift handoff messages: the channel's line ("Jane is now on call for primary until Mon 09:00;
// next: Bob") and the incoming person's direct message. Times are in the schedule's own zone, as the
// rotation is defined there. Pure: the handoff in, text out.
import { safeMrkdwn } from './text.js';

export interface HandoffPerson {
  name: string;
  email: string | null;
}

export interface Handoff {
  schedule: string;
  timeZone: string;
  /** Who is on call from now (null: nobody, the rotation has not started). */
  person: HandoffPerson | null;
  viaOverride: boolean;
  /** When it was announced, and when this person's time on call ends (ms). */
  at: number;
  until: number;
  next: HandoffPerson | null;
}

const WEEK_MS = 6 * 86_400_000;

/** "Mon 09:00" within the coming six days, else "Mon 14 Dec 09:00", in the zone. */
export function handoffTime(at: Date, timeZone: string, from: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = at.getTime() - from.getTime() < WEEK_MS ? part('weekday') : `${part('weekday')} ${part('day')} ${part('month')}`;
  return `${date} ${part('hour')}:${part('minute')}`;
}

const until = (h: Handoff) => `${handoffTime(new Date(h.until), h.timeZone, new Date(h.at))} (${h.timeZone})`;
const nextOf = (h: Handoff) => (h.next ? safeMrkdwn(h.next.name, 100) : 'nobody');

/** The channel's line; `mention` turns a person into a Slack mention where they have an account. */
export function handoffChannelText(h: Handoff, mention: (p: HandoffPerson) => string): string {
  const who = h.person ? mention(h.person) : 'Nobody';
  return `🔄 ${who} is now on call for *${safeMrkdwn(h.schedule, 100)}*${h.viaOverride ? ' (override)' : ''} until ${until(h)}; next: ${nextOf(h)}`;
}

export function handoffDmText(h: Handoff): string {
  return `🟢 You are now on call for *${safeMrkdwn(h.schedule, 100)}*${h.viaOverride ? ' (override)' : ''} until ${until(h)}; next: ${nextOf(h)}.`;
}
