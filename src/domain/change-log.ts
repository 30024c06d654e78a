// Changes reported per service (deploys, config changes: PagerDuty Change Events). Kept so that
// responders see what changed around an incident, and told to subscribers (the Slack notifier posts
// each once) inside the transaction that stores it.
import { UnknownServiceError } from './errors.js';
import type { ChangeEvent, Incident, IncidentLink } from './model.js';
import type { Clock, Repositories, UnitOfWork } from './ports.js';

/** Changes this long before an incident started (and any since) count as "recent" for it. */
export const RECENT_CHANGE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const RECENT_CHANGES_SHOWN = 5;

export interface NewChange {
  serviceSlug: string;
  summary: string;
  source?: string | null;
  /** When it happened, per the sender; later than now counts as now. */
  at?: Date | null;
  details?: Record<string, string>;
  links?: IncidentLink[];
}

export interface ChangeSubscriber {
  changeRecorded(change: ChangeEvent, repos: Repositories): void;
  afterCommit?(): void;
}

export class ChangeLog {
  private readonly subscribers: ChangeSubscriber[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  subscribe(subscriber: ChangeSubscriber): void {
    this.subscribers.push(subscriber);
  }

  record(input: NewChange): ChangeEvent {
    const change = this.uow.run((repos) => {
      if (!repos.services.findBySlug(input.serviceSlug)) throw new UnknownServiceError(input.serviceSlug, repos.services.list().map((s) => s.slug));
      const now = this.clock.now();
      const stored = repos.changes.insert({
        serviceSlug: input.serviceSlug,
        summary: input.summary.trim(),
        source: input.source?.trim() || null,
        at: input.at && input.at.getTime() <= now.getTime() ? input.at : now,
        receivedAt: now,
        details: input.details ?? {},
        links: input.links ?? [],
      });
      for (const s of this.subscribers) s.changeRecorded(stored, repos);
      return stored;
    });
    for (const s of this.subscribers) s.afterCommit?.();
    return change;
  }

  /** A service's changes from RECENT_CHANGE_WINDOW_MS before `since` on, newest first. */
  recentFor(serviceSlug: string, since: Date, limit = RECENT_CHANGES_SHOWN): ChangeEvent[] {
    return this.uow.read((repos) => repos.changes.recent(serviceSlug, new Date(since.getTime() - RECENT_CHANGE_WINDOW_MS), limit));
  }

  /** The changes to show on an incident: its service's, around and since the time it started. */
  forIncident(incident: Pick<Incident, 'serviceSlug' | 'triggeredAt'>): ChangeEvent[] {
    return this.recentFor(incident.serviceSlug, incident.triggeredAt);
  }
}
