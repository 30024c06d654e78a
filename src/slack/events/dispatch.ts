// The Events API, over HTTPS (POST /api/slack/events) and Socket Mode alike: url_verification is
// answered with its challenge; every event_callback is acknowledged at once (an empty 200) and
// handled after the answer, once per event_id — Slack's retries (X-Slack-Retry-Num, or the
// envelope's retry_attempt) of an event already taken are acknowledged and do nothing.
import { z } from 'zod';
import { Recent } from '../../shared/recent.js';
import type { SlackDeps } from '../interactions/context.js';
import type { Dispatched } from '../interactions/router.js';
import { publishHome } from './app-home-opened.js';

type EventHandler = (deps: SlackDeps, teamId: string, event: Record<string, unknown>) => Promise<void>;

/** One handler per event type, as interactions have one per action. */
export const EVENT_HANDLERS: Record<string, EventHandler> = {
  app_home_opened: async (deps, teamId, event) => {
    // The Messages tab opens this event too; only the Home tab is ours to draw.
    if (event.tab === 'home' && typeof event.user === 'string') await publishHome(deps, teamId, event.user);
  },
};

const envelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().max(500) }),
  z.object({ type: z.literal('event_callback'), team_id: z.string(), event_id: z.string(), event: z.looseObject({ type: z.string() }) }),
  // app_rate_limited and future kinds: acknowledged, nothing to do.
  z.object({ type: z.literal('app_rate_limited') }),
]);

/** Slack retries for up to about an hour and a half (immediately, after 1 min, after 5 min). */
const SEEN_FOR_MS = 2 * 3_600_000;
const seenByDeps = new WeakMap<SlackDeps, Recent<true>>();

/** Whether this event_id arrives for the first time (on this daemon). */
function firstTime(deps: SlackDeps, eventId: string): boolean {
  let seen = seenByDeps.get(deps);
  if (!seen) seenByDeps.set(deps, (seen = new Recent<true>(SEEN_FOR_MS, 50_000)));
  let first = false;
  seen.get(eventId, () => ((first = true), true), deps.clock.now().getTime());
  return first;
}

export async function dispatchEvent(deps: SlackDeps, body: unknown): Promise<Dispatched> {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return { answer: { status: 400, body: { error: 'bad_request', message: 'Expected an Events API envelope (url_verification or event_callback).' } } };
  const e = parsed.data;
  if (e.type === 'url_verification') return { answer: { status: 200, body: { challenge: e.challenge } } };
  if (e.type !== 'event_callback') return { answer: { status: 200 } };
  const handler = EVENT_HANDLERS[e.event.type];
  if (!handler || !firstTime(deps, e.event_id)) return { answer: { status: 200 } };
  return { answer: { status: 200 }, after: () => handler(deps, e.team_id, e.event) };
}
