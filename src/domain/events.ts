// Domain events: what changed, emitted to subscribers in the transaction and after commit.
import type { EventSource, Incident, TimelineEvent, TimelineEventType } from './model.js';

export interface IncidentDomainEvent {
  /** The timeline type of the change: triggered, acknowledged, resolved, snoozed, woken, note_added… */
  type: TimelineEventType;
  source: EventSource;
  /** The incident as it is after the change. */
  incident: Incident;
  timelineEvent: TimelineEvent;
}
