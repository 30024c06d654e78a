// Workflow rules: what happens beside the incident card when an incident of a service and/or an
// urgency triggers or resolves — a major-incident channel, stakeholder messages, a status-channel
// summary, a Workflow Builder webhook. Pure: which rules fire for an event, channel names, the
// variables a webhook receives, and the one-line texts. Delivery lives in the Slack adapter.
import type { Incident, TimelineEventType, Urgency } from './model.js';
import type { Repositories } from './ports.js';
import { onCallNowAndNext } from './schedule.js';

export const WORKFLOW_ACTIONS = ['incident_channel', 'stakeholders', 'status_channel', 'webhook'] as const;
export type WorkflowActionType = (typeof WORKFLOW_ACTIONS)[number];

export type WorkflowAction =
  /** Opens a channel for the incident, invites the on-call, pins its card; archives it N hours after resolution (null: never). */
  | { type: 'incident_channel'; archiveAfterHours: number | null; private: boolean }
  /** Direct messages to these chat users and a mention of these groups in `channel`, when a matching incident triggers. */
  | { type: 'stakeholders'; users: string[]; groups: string[]; channel: string | null }
  /** A resolution summary in this channel. */
  | { type: 'status_channel'; channel: string }
  /** The incident's fields as flat text variables, POSTed to a webhook trigger for these events. */
  | { type: 'webhook'; events: TimelineEventType[] };

export interface WorkflowRule {
  id: number;
  /** The chat workspace it belongs to. */
  workspace: string;
  serviceSlug: string | null;
  urgency: Urgency | null;
  action: WorkflowAction;
  /** refused: a permission it needs is missing (the reason says which and what to do). */
  status: 'active' | 'refused';
  statusReason: string | null;
  createdAt: Date;
}

/** The events each action acts on (a webhook's are chosen per rule). */
export function firesOn(action: WorkflowAction): readonly TimelineEventType[] {
  switch (action.type) {
    case 'incident_channel':
    case 'stakeholders':
      return ['triggered'];
    case 'status_channel':
      return ['resolved'];
    case 'webhook':
      return action.events;
  }
}

export function ruleMatches(rule: Pick<WorkflowRule, 'serviceSlug' | 'urgency'>, incident: Pick<Incident, 'serviceSlug' | 'urgency'>): boolean {
  return (rule.serviceSlug === null || rule.serviceSlug === incident.serviceSlug) && (rule.urgency === null || rule.urgency === incident.urgency);
}

/** The active rules that act on this event of this incident. */
export function rulesFiring<R extends WorkflowRule>(rules: readonly R[], event: TimelineEventType, incident: Incident): R[] {
  return rules.filter((r) => r.status === 'active' && firesOn(r.action).includes(event) && ruleMatches(r, incident));
}

export const CHANNEL_NAME_MAX = 80;

/** "inc-42-database-connection-timeout": lowercase letters, digits and hyphens, within the limit;
 *  `attempt` > 1 adds "-2", "-3"… for a name already taken (the title part shrinks to make room). */
export function incidentChannelName(incident: Pick<Incident, 'id' | 'title'>, attempt = 1): string {
  const prefix = `inc-${incident.id}`;
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const slug = incident.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = CHANNEL_NAME_MAX - prefix.length - suffix.length - 1;
  let title = slug.slice(0, Math.max(0, room));
  // Cut at a word boundary when the title does not fit (unless it is one long word).
  if (slug.length > title.length && slug[title.length] !== '-' && title.includes('-')) title = title.slice(0, title.lastIndexOf('-'));
  title = title.replace(/-+$/, '');
  return `${prefix}${title ? `-${title}` : ''}${suffix}`;
}

const minutesBetween = (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 60_000));

/** "2h 5m", "45m", "3d 4h". */
export function humanDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d && `${d}d`, h && `${h}h`, (m || (!d && !h)) && `${m}m`].filter(Boolean).join(' ');
}

/** The fields a webhook trigger receives: every value text, nothing nested (Workflow Builder's variables). */
export function webhookVariables(incident: Incident, event: TimelineEventType, link: string): Record<string, string> {
  const iso = (d: Date | null) => (d ? d.toISOString() : '');
  return {
    event,
    incident_id: String(incident.id),
    title: incident.title,
    service: incident.serviceSlug,
    urgency: incident.urgency,
    status: incident.status,
    description: incident.description,
    assignee: incident.assignee ?? '',
    created_at: iso(incident.createdAt),
    acknowledged_at: iso(incident.acknowledgedAt),
    resolved_at: iso(incident.resolvedAt),
    resolved_by: incident.resolvedBy?.name ?? '',
    resolution_note: incident.resolutionNote ?? '',
    duration_minutes: incident.resolvedAt ? String(minutesBetween(incident.createdAt, incident.resolvedAt)) : '',
    link,
  };
}

/** Stakeholders' one line: what, where, how urgent — and the link. */
export function stakeholderLine(incident: Incident): string {
  return `${incident.urgency} incident #${incident.id} on ${incident.serviceSlug}: ${incident.title}`;
}

/** The status channel's resolution summary, as plain facts (the Slack side formats them). */
export function resolutionSummary(incident: Incident): { title: string; service: string; duration: string; resolvedBy: string; note: string | null } {
  return {
    title: `#${incident.id} ${incident.title}`,
    service: incident.serviceSlug,
    duration: humanDuration(minutesBetween(incident.createdAt, incident.resolvedAt ?? incident.updatedAt)),
    resolvedBy: incident.resolvedBy?.name ?? 'unknown',
    note: incident.resolutionNote,
  };
}

/** E-mails of whoever the service's escalation policy pages first, now (users, and schedules' on-call). */
export function firstResponderEmails(repos: Repositories, serviceSlug: string, at: Date): string[] {
  const policy = repos.policies.forService(serviceSlug);
  if (!policy) return [];
  const emails: string[] = [];
  for (const t of policy.steps[0]?.targets ?? []) {
    const userId = t.type === 'user' ? t.userId : (() => {
      const s = repos.schedules.get(t.scheduleId);
      return s ? onCallNowAndNext(s, at).now.userId : null;
    })();
    const user = userId === null ? null : repos.users.get(userId);
    if (user?.status === 'ACTIVE') emails.push(user.email);
  }
  return [...new Set(emails)];
}
