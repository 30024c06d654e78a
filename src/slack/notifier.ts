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
import { STORM_QUIET_MS } from './delivery/deliverers/storm.js';
import { renderBulkReply } from './render/storm-card.js';
import { dmNotices } from './render/dm-notices.js';
import { renderThreadReply } from './render/thread-reply.js';

export interface NotifierDeps {
  workspaces: WorkspaceRepo;
  outbox: OutboxRepo;
  clock: Clock;
}

export class SlackNotifier implements EventSubscriber, ChangeSubscriber {
  constructor(private readonly deps: NotifierDeps) {}

  inTransaction(events: readonly IncidentDomainEvent[]): void {
    const now = this.deps.clock.now().getTime();
    const workspaces = this.deps.workspaces.routingInfo();
    const bulk = this.bulkReplies(events, workspaces, now);
    for (const e of events) {
      const i = e.incident;
      for (const w of workspaces) {
        if (e.type === 'triggered') {
          if (!passesUrgencyFilter(w.settings.urgencyFilter, i.urgency) || !eventEnabled(w.settings, 'triggered')) continue;
          const route = routeIncident({ defaultChannel: w.defaultChannel, routes: this.deps.workspaces.routes(w.teamId) }, i.serviceSlug, i.urgency);
          if (!route) continue;
          // While the channel's storm lasts, the incident joins its card rather than being posted.
          const storm = w.settings.digestThreshold > 0 ? this.deps.outbox.activeStorm(w.teamId, route.channelId, now - STORM_QUIET_MS) : null;
          if (storm) {
            this.deps.outbox.joinStorm(i.id, storm, i.updatedAt.getTime(), now);
            this.deps.outbox.enqueue({ teamId: w.teamId, channelId: storm.channelId, kind: 'digest_update', digestId: storm.id }, now);
            continue;
          }
          this.deps.outbox.planMessage(i.id, w.teamId, route.channelId);
          this.deps.outbox.enqueue({ teamId: w.teamId, channelId: route.channelId, kind: 'post', incidentId: i.id }, now);
          continue;
        }
        // A new assignee or responder hears of it directly, card included, even with the channel muted.
        for (const n of dmNotices(e, w.teamId)) {
          this.deps.outbox.enqueue({ teamId: w.teamId, channelId: n.user, kind: 'dm', incidentId: i.id, payload: { user: n.user, text: n.text } }, now);
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
        // A bulk action on a storm card answers with one reply giving the count, not one per incident.
        if (message.digestId !== null && bulk.has(`${w.teamId}:${message.digestId}:${e.type}`)) continue;
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

  /** Several incidents of one storm card changed the same way in one transaction (Acknowledge all,
   *  Resolve all): one thread reply under the card says how many. Returns the (workspace, card, event)
   *  keys so answered. */
  private bulkReplies(events: readonly IncidentDomainEvent[], workspaces: ReturnType<WorkspaceRepo['routingInfo']>, now: number): Set<string> {
    const answered = new Set<string>();
    if (events.length < 2) return answered;
    for (const w of workspaces) {
      const groups = new Map<string, { digestId: number; channelId: string; events: IncidentDomainEvent[] }>();
      for (const e of events) {
        if (e.type === 'triggered' || !eventEnabled(w.settings, e.type)) continue;
        const message = this.deps.outbox.message(e.incident.id, w.teamId);
        if (message?.digestId == null) continue;
        const key = `${w.teamId}:${message.digestId}:${e.type}`;
        const g = groups.get(key) ?? { digestId: message.digestId, channelId: message.channelId, events: [] };
        g.events.push(e);
        groups.set(key, g);
      }
      for (const [key, g] of groups) {
        if (g.events.length < 2) continue;
        answered.add(key);
        const text = renderBulkReply(g.events[0]!, g.events.length, w.teamId);
        this.deps.outbox.enqueue({ teamId: w.teamId, channelId: g.channelId, kind: 'digest_reply', digestId: g.digestId, payload: { text } }, now);
      }
    }
    return answered;
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
}
