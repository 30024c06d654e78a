// Turns committed-to-be domain events into outbox rows, inside the same transaction: the incident's
// message in each workspace that routes it, in-place updates, and thread replies as toggled.
import type { IncidentDomainEvent } from '../domain/events.js';
import type { EventSubscriber } from '../domain/ports.js';
import type { ChangeSubscriber } from '../domain/change-log.js';
import type { ChangeEvent } from '../domain/model.js';
import { eventEnabled, passesUrgencyFilter, routeChange, routeIncident } from '../domain/routing.js';
import type { Clock } from '../domain/ports.js';
import type { OutboxRepo } from '../store/outbox-repo.js';
import type { WorkspaceRepo } from '../store/workspace-repo.js';
import { renderThreadReply } from './render/thread-reply.js';

export interface NotifierDeps {
  workspaces: WorkspaceRepo;
  outbox: OutboxRepo;
  clock: Clock;
  /** Told after commit that there is work, so delivery starts at once. */
  wake?: () => void;
}

export class SlackNotifier implements EventSubscriber, ChangeSubscriber {
  constructor(private readonly deps: NotifierDeps) {}

  inTransaction(events: readonly IncidentDomainEvent[]): void {
    const now = this.deps.clock.now().getTime();
    const workspaces = this.deps.workspaces.routingInfo();
    for (const e of events) {
      const i = e.incident;
      for (const w of workspaces) {
        if (e.type === 'triggered') {
          if (!passesUrgencyFilter(w.settings.urgencyFilter, i.urgency) || !eventEnabled(w.settings, 'triggered')) continue;
          const route = routeIncident({ defaultChannel: w.defaultChannel, routes: this.deps.workspaces.routes(w.teamId) }, i.serviceSlug, i.urgency);
          if (!route) continue;
          this.deps.outbox.planMessage(i.id, w.teamId, route.channelId);
          this.deps.outbox.enqueue({ teamId: w.teamId, channelId: route.channelId, kind: 'post', incidentId: i.id }, now);
          continue;
        }
        // Later events only touch workspaces that carry the incident's message, except that an
        // incident raised to an urgency a workspace's filter lets through is posted there now.
        const message = this.deps.outbox.message(i.id, w.teamId);
        if (!message && e.type === 'urgency_changed' && i.status !== 'RESOLVED' && passesUrgencyFilter(w.settings.urgencyFilter, i.urgency)) {
          const route = routeIncident({ defaultChannel: w.defaultChannel, routes: this.deps.workspaces.routes(w.teamId) }, i.serviceSlug, i.urgency);
          if (route) {
            this.deps.outbox.planMessage(i.id, w.teamId, route.channelId);
            this.deps.outbox.enqueue({ teamId: w.teamId, channelId: route.channelId, kind: 'post', incidentId: i.id }, now);
          }
          continue;
        }
        if (!message) continue;
        if (message.digestId !== null) {
          this.deps.outbox.enqueue({ teamId: w.teamId, channelId: message.channelId, kind: 'digest_update', digestId: message.digestId }, now);
        } else {
          this.deps.outbox.enqueue({ teamId: w.teamId, channelId: message.channelId, kind: 'update', incidentId: i.id }, now);
        }
        if (!eventEnabled(w.settings, e.type)) continue;
        const reply = renderThreadReply(e, w.teamId);
        if (reply) {
          this.deps.outbox.enqueue(
            { teamId: w.teamId, channelId: message.channelId, kind: 'reply', incidentId: i.id, payload: { text: reply.text, broadcast: reply.broadcast, event_at: e.timelineEvent.at.getTime(), ...(reply.mentions ? { mentions: reply.mentions } : {}) } },
            now,
          );
        }
      }
    }
  }

  /** A reported change is posted once, as a context line, in each workspace's channel for its service. */
  changeRecorded(c: ChangeEvent): void {
    const now = this.deps.clock.now().getTime();
    for (const w of this.deps.workspaces.routingInfo()) {
      const channelId = routeChange({ defaultChannel: w.defaultChannel, routes: this.deps.workspaces.routes(w.teamId) }, c.serviceSlug);
      if (!channelId) continue;
      const payload = { change_id: c.id, service: c.serviceSlug, summary: c.summary, source: c.source, at: c.at.getTime(), links: c.links };
      this.deps.outbox.enqueue({ teamId: w.teamId, channelId, kind: 'change', payload }, now);
    }
  }

  afterCommit(): void {
    this.deps.wake?.();
  }
}
