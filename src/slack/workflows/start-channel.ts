// "Start incident channel" (the card's menu, `/opsknight channel <id>`): plans the incident's channel
// and queues its opening in the outbox, inviting the on-call and whoever asked. Refused up front,
// with what to do, when the workspace has not granted the scopes; an incident that already has a
// channel is answered with it.
import type { Clock, UnitOfWork } from '../../domain/ports.js';
import { firstResponderEmails } from '../../domain/workflows.js';
import type { OutboxRepo } from '../../store/outbox-repo.js';
import type { WorkflowRepo } from '../../store/workflow-repo.js';
import type { WorkspaceRepo } from '../../store/workspace-repo.js';
import { missingFor, refusalFor } from '../scopes.js';
import { incidentChannelKey } from './keys.js';

export type StartChannelResult =
  | { status: 'queued' }
  | { status: 'exists'; channelId: string | null }
  | { status: 'refused'; reason: string }
  | { status: 'not_found' };

export interface StartChannelDeps {
  uow: UnitOfWork;
  workflows: WorkflowRepo;
  outbox: OutboxRepo;
  workspaces: WorkspaceRepo;
  clock: Clock;
  wake?: () => void;
}

export type StartIncidentChannel = (teamId: string, incidentId: number, requestedBy: string | null) => StartChannelResult;

export function incidentChannelStarter(deps: StartChannelDeps): StartIncidentChannel {
  return (teamId, incidentId, requestedBy) => {
    const ws = deps.workspaces.get(teamId);
    if (!ws) return { status: 'refused', reason: 'This workspace is not connected.' };
    const missing = missingFor('incident_channel', ws.scopes);
    if (missing.length) return { status: 'refused', reason: refusalFor('incident_channel', missing) };
    const result = deps.uow.run((repos): StartChannelResult => {
      const incident = repos.incidents.get(incidentId);
      if (!incident) return { status: 'not_found' };
      const now = deps.clock.now();
      const invitees = requestedBy ? [requestedBy] : [];
      if (!deps.workflows.planChannel({ incidentId, teamId, invitees, isPrivate: false, archiveAfterHours: null }, now)) {
        return { status: 'exists', channelId: deps.workflows.channel(incidentId, teamId)?.channelId ?? null };
      }
      const emails = firstResponderEmails(repos, incident.serviceSlug, now);
      if (incident.assignee?.includes('@')) emails.push(incident.assignee);
      deps.outbox.enqueue({ teamId, channelId: incidentChannelKey(incidentId), kind: 'incident_channel', incidentId, payload: { invite_emails: [...new Set(emails)] } }, now.getTime());
      return { status: 'queued' };
    });
    if (result.status === 'queued') deps.wake?.();
    return result;
  };
}

/** The words the person who asked sees. */
export function startChannelReply(incidentId: number, r: StartChannelResult): string {
  switch (r.status) {
    case 'queued':
      return `📣 Opening a channel for incident #${incidentId}: you, the on-call and the pinned card will be there in a moment.`;
    case 'exists':
      return r.channelId ? `ℹ️ Incident #${incidentId} already has a channel: <#${r.channelId}>.` : `ℹ️ The channel for incident #${incidentId} is being opened.`;
    case 'refused':
      return `⛔ Cannot open a channel: ${r.reason}`;
    case 'not_found':
      return `ℹ️ There is no incident #${incidentId}.`;
  }
}

