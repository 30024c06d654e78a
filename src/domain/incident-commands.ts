// What the incident use cases take and answer (IncidentService's inputs and results).
import type { Explain } from './incident.js';
import type { Incident, IncidentContext, TimelineEvent, Urgency } from './model.js';

export interface TriggerInput {
  title: string;
  serviceSlug: string;
  urgency: Urgency;
  description?: string | null;
  components?: string[];
  dedupKey?: string | null;
  assignee?: string | null;
  /** A key the sender repeats if it replays the same request (a Slack view id): the replay returns
   *  the incident the first one made, and creates nothing. */
  requestKey?: string | null;
  /** When the problem started, per the sender; later than now (a skewed clock) counts as now. */
  triggeredAt?: Date | null;
  context?: IncidentContext;
  /** Said in the triggered timeline entry, e.g. why the alert landed on a fallback service. */
  note?: string | null;
}

export interface TriggerResult {
  incident: Incident;
  /** False when the trigger was folded into an unresolved incident with the same dedup key, or replayed. */
  created: boolean;
  /** True when this request (same requestKey) was seen before. */
  replayed?: boolean;
}

export interface CommandResult {
  incident: Incident;
  changed: boolean;
  /** Why nothing changed, when it did not (e.g. "already acknowledged by jane at …"), times in ISO. */
  reason?: string;
  /** The same, with the times worded by the reader's adapter (relative/local, Slack date tokens). */
  explain?: Explain;
}

export interface IncidentWithTimeline {
  incident: Incident;
  timeline: TimelineEvent[];
}
