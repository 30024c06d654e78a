// Writes each workflow action an incident event sets off as outbox rows, in the event's transaction:
// nothing is lost, everything is paced and retried like every Slack call. Each incident channel's
// pinned card is re-rendered on every change, like every card.
import type { IncidentDomainEvent } from '../../domain/events.js';
import type { Clock, EventSubscriber, Repositories } from '../../domain/ports.js';
import { firstResponderEmails, rulesFiring, webhookVariables } from '../../domain/workflows.js';
import type { OutboxRepo } from '../../store/outbox-repo.js';
import type { StoredRule, WorkflowRepo } from '../../store/workflow-repo.js';
import type { WorkspaceRepo } from '../../store/workspace-repo.js';
import { incidentChannelKey, webhookKey } from './keys.js';

export interface WorkflowNotifierDeps {
  workflows: WorkflowRepo;
  outbox: OutboxRepo;
  workspaces: WorkspaceRepo;
  clock: Clock;
  wake?: () => void;
}

export class WorkflowNotifier implements EventSubscriber {
  constructor(private readonly deps: WorkflowNotifierDeps) {}

  inTransaction(events: readonly IncidentDomainEvent[], repos: Repositories): void {
    const { workflows, outbox, clock } = this.deps;
    const now = clock.now().getTime();
    const teams = new Set(this.deps.workspaces.teamIds());
    const rules = workflows.list().filter((r) => teams.has(r.workspace));
    for (const e of events) {
      const i = e.incident;
      for (const rule of rulesFiring(rules, e.type, i)) this.fire(rule, e, repos, now);
      // Every incident channel's card follows the incident (one pending update at most).
      for (const teamId of teams) {
        const ch = workflows.channel(i.id, teamId);
        if (ch && ch.archivedAt === null) outbox.enqueue({ teamId, channelId: incidentChannelKey(i.id), kind: 'incident_channel_update', incidentId: i.id }, now);
      }
    }
  }

  private fire(rule: StoredRule, e: IncidentDomainEvent, repos: Repositories, now: number): void {
    const { outbox } = this.deps;
    const i = e.incident;
    const teamId = rule.workspace;
    const base = { teamId, incidentId: i.id };
    const a = rule.action;
    switch (a.type) {
      case 'incident_channel': {
        const emails = firstResponderEmails(repos, i.serviceSlug, e.timelineEvent.at);
        if (i.assignee?.includes('@')) emails.push(i.assignee);
        const planned = this.deps.workflows.planChannel({ incidentId: i.id, teamId, invitees: [], isPrivate: a.private, archiveAfterHours: a.archiveAfterHours }, new Date(now));
        if (planned) outbox.enqueue({ ...base, channelId: incidentChannelKey(i.id), kind: 'incident_channel', payload: { rule_id: rule.id, invite_emails: [...new Set(emails)] } }, now);
        return;
      }
      case 'stakeholders':
        for (const user of a.users) outbox.enqueue({ ...base, channelId: `dm:${user}`, kind: 'workflow_dm', payload: { rule_id: rule.id, user } }, now);
        if (a.groups.length && a.channel) {
          outbox.enqueue({ ...base, channelId: a.channel, kind: 'workflow_post', payload: { rule_id: rule.id, text_kind: 'stakeholders', groups: a.groups } }, now);
        }
        return;
      case 'status_channel':
        outbox.enqueue({ ...base, channelId: a.channel, kind: 'workflow_post', payload: { rule_id: rule.id, text_kind: 'resolution' } }, now);
        return;
      case 'webhook':
        // The fields as they are at this event; the incident link is added when it goes out.
        outbox.enqueue({ ...base, channelId: webhookKey(rule.id), kind: 'workflow_webhook', payload: { rule_id: rule.id, variables: webhookVariables(i, e.type, '') } }, now);
        return;
    }
  }

  afterCommit(): void {
    this.deps.wake?.();
  }
}
