// Turns committed-to-be domain events into outbox rows, inside the same transaction: the incident's
// message in each workspace that routes it, in-place updates, and thread replies as toggled.
import type { IncidentDomainEvent } from '../domain/events.js';
import type { EventSubscriber } from '../domain/ports.js';
import type { ChangeSubscriber } from '../domain/change-log.js';
import type { ChangeEvent } from '../domain/model.js';
import { channelsForIncident, eventEnabled, passesUrgencyFilter, routeChange } from '../domain/routing.js';
import type { Clock } from '../domain/ports.js';
import type { OutboxRepo, SlackMessageRef } from '../store/outbox-repo.js';
import type { WorkspaceRepo } from '../store/workspace-repo.js';
import { STORM_QUIET_MS } from './delivery/deliverers/storm.js';
import { renderBulkReply } from './render/storm-card.js';
import { dmNotices } from './render/dm-notices.js';
import { renderThreadReply } from './render/thread-reply.js';

type RoutingInfo = ReturnType<WorkspaceRepo['routingInfo']>[number];

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
          // One card in each channel the incident reaches: the routed one and every matching subscription.
          for (const target of channelsForIncident(this.deps.workspaces.routingTable(w.teamId, w.defaultChannel), i.serviceSlug, i.urgency)) {
            this.planCard(i.id, i.updatedAt.getTime(), w, target.channelId, now);
          }
          continue;
        }
        const messages = this.deps.outbox.messages(i.id, w.teamId);
        // A new assignee or responder, or a paged escalation target, hears of it directly, card
        // included, even with the channel muted. A page goes where the incident has a card (so a
        // workspace the incident never reached does not look the person up).
        for (const n of dmNotices(e, w.teamId)) {
          if (n.user !== undefined) this.deps.outbox.enqueue({ teamId: w.teamId, channelId: n.user, kind: 'dm', incidentId: i.id, payload: { user: n.user, text: n.text } }, now);
          else if (messages.length) this.deps.outbox.enqueue({ teamId: w.teamId, channelId: `email:${n.email}`, kind: 'dm', incidentId: i.id, payload: { email: n.email, text: n.text } }, now);
        }
        // A new urgency may reach channels the incident is not in yet (or pass the workspace's filter
        // now): each newly matching channel gets the card.
        if (e.type === 'urgency_changed' && i.status !== 'RESOLVED' && passesUrgencyFilter(w.settings.urgencyFilter, i.urgency)) {
          const have = new Set(messages.map((m) => m.channelId));
          for (const target of channelsForIncident(this.deps.workspaces.routingTable(w.teamId, w.defaultChannel), i.serviceSlug, i.urgency)) {
            if (!have.has(target.channelId)) this.planCard(i.id, i.updatedAt.getTime(), w, target.channelId, now);
          }
        }
        // Later events touch every card the incident has: each is updated and gets the reply in its thread.
        for (const message of messages) this.cardChanged(e, w, message, bulk, now);
      }
    }
  }

  /** The incident's card in one channel: posted, or, while the channel's storm lasts, joined to its card. */
  private planCard(incidentId: number, version: number, w: RoutingInfo, channelId: string, now: number): void {
    const storm = w.settings.digestThreshold > 0 ? this.deps.outbox.activeStorm(w.teamId, channelId, now - STORM_QUIET_MS) : null;
    if (storm) {
      this.deps.outbox.joinStorm(incidentId, storm, version, now);
      this.deps.outbox.enqueue({ teamId: w.teamId, channelId: storm.channelId, kind: 'digest_update', digestId: storm.id }, now);
      return;
    }
    this.deps.outbox.planMessage(incidentId, w.teamId, channelId);
    this.deps.outbox.enqueue({ teamId: w.teamId, channelId, kind: 'post', incidentId }, now);
  }

  private cardChanged(e: IncidentDomainEvent, w: RoutingInfo, message: SlackMessageRef, bulk: Set<string>, now: number): void {
    const i = e.incident;
    if (message.digestId !== null) {
      this.deps.outbox.enqueue({ teamId: w.teamId, channelId: message.channelId, kind: 'digest_update', digestId: message.digestId }, now);
    } else {
      this.deps.outbox.enqueue({ teamId: w.teamId, channelId: message.channelId, kind: 'update', incidentId: i.id }, now);
    }
    if (!eventEnabled(w.settings, e.type)) return;
    // A bulk action on a storm card answers with one reply giving the count, not one per incident.
    if (message.digestId !== null && bulk.has(`${w.teamId}:${message.digestId}:${e.type}`)) return;
    const reply = renderThreadReply(e, w.teamId);
    if (reply) {
      this.deps.outbox.enqueue(
        { teamId: w.teamId, channelId: message.channelId, kind: 'reply', incidentId: i.id, payload: { text: reply.text, broadcast: reply.broadcast, event_at: e.timelineEvent.at.getTime(), ...(reply.mentions ? { mentions: reply.mentions } : {}) } },
        now,
      );
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
        // Every storm card the incident is on (one per channel).
        for (const message of this.deps.outbox.messages(e.incident.id, w.teamId)) {
          if (message.digestId === null) continue;
          const key = `${w.teamId}:${message.digestId}:${e.type}`;
          const g = groups.get(key) ?? { digestId: message.digestId, channelId: message.channelId, events: [] };
          g.events.push(e);
          groups.set(key, g);
        }
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
