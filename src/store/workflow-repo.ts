// Workflow rules per workspace (webhook URLs sealed at rest) and the channels opened for incidents.
import type { Urgency } from '../domain/model.js';
import type { WorkflowAction, WorkflowRule } from '../domain/workflows.js';
import { prepared, type Db } from './db.js';
import type { SecretBox } from './secrets.js';

interface RuleRow {
  id: number;
  team_id: string;
  action: WorkflowAction['type'];
  service_slug: string | null;
  urgency: Urgency | null;
  config: string;
  webhook_url: string | null;
  status: 'active' | 'refused';
  status_reason: string | null;
  created_at: number;
}

export interface StoredRule extends WorkflowRule {
  /** The webhook trigger URL (webhook rules), opened from its sealed form. */
  webhookUrl: string | null;
}

export interface NewRule {
  workspace: string;
  serviceSlug: string | null;
  urgency: Urgency | null;
  action: WorkflowAction;
  webhookUrl?: string | null;
}

export interface IncidentChannel {
  incidentId: number;
  teamId: string;
  channelId: string | null;
  name: string | null;
  cardTs: string | null;
  renderedVersion: number;
  pinned: boolean;
  linked: boolean;
  invitees: string[];
  isPrivate: boolean;
  archiveAfterHours: number | null;
  archiveQueued: boolean;
  archivedAt: Date | null;
  createdAt: Date;
}

interface ChannelRow {
  incident_id: number;
  team_id: string;
  channel_id: string | null;
  name: string | null;
  card_ts: string | null;
  rendered_version: number;
  pinned: number;
  linked: number;
  invitees: string;
  is_private: number;
  archive_after_hours: number | null;
  archive_queued: number;
  archived_at: number | null;
  created_at: number;
}

const toChannel = (r: ChannelRow): IncidentChannel => ({
  incidentId: r.incident_id,
  teamId: r.team_id,
  channelId: r.channel_id,
  name: r.name,
  cardTs: r.card_ts,
  renderedVersion: r.rendered_version,
  pinned: r.pinned === 1,
  linked: r.linked === 1,
  invitees: JSON.parse(r.invitees) as string[],
  isPrivate: r.is_private === 1,
  archiveAfterHours: r.archive_after_hours,
  archiveQueued: r.archive_queued === 1,
  archivedAt: r.archived_at === null ? null : new Date(r.archived_at),
  createdAt: new Date(r.created_at),
});

export class WorkflowRepo {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  private toRule = (r: RuleRow): StoredRule => {
    const config = JSON.parse(r.config) as Record<string, unknown>;
    return {
      id: r.id,
      workspace: r.team_id,
      serviceSlug: r.service_slug,
      urgency: r.urgency,
      action: { ...config, type: r.action } as WorkflowAction,
      status: r.status,
      statusReason: r.status_reason,
      createdAt: new Date(r.created_at),
      webhookUrl: r.webhook_url ? this.secrets.decrypt(r.webhook_url) : null,
    };
  };

  add(rule: NewRule, now: Date): StoredRule {
    const { type, ...config } = rule.action;
    const { id } = prepared(
      this.db,
      'INSERT INTO workflow_rules (team_id, action, service_slug, urgency, config, webhook_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    ).get(rule.workspace, type, rule.serviceSlug, rule.urgency, JSON.stringify(config), rule.webhookUrl ? this.secrets.encrypt(rule.webhookUrl) : null, now.getTime()) as { id: number };
    return this.get(id)!;
  }

  get(id: number): StoredRule | null {
    const r = prepared(this.db, 'SELECT * FROM workflow_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return r ? this.toRule(r) : null;
  }

  list(teamId?: string): StoredRule[] {
    const rows = (
      teamId === undefined
        ? prepared(this.db, 'SELECT * FROM workflow_rules ORDER BY id').all()
        : prepared(this.db, 'SELECT * FROM workflow_rules WHERE team_id = ? ORDER BY id').all(teamId)
    ) as RuleRow[];
    return rows.map(this.toRule);
  }

  remove(id: number): boolean {
    return prepared(this.db, 'DELETE FROM workflow_rules WHERE id = ?').run(id).changes > 0;
  }

  setStatus(id: number, status: 'active' | 'refused', reason: string | null): void {
    prepared(this.db, 'UPDATE workflow_rules SET status = ?, status_reason = ? WHERE id = ?').run(status, reason, id);
  }

  // --- channels opened for incidents ---

  channel(incidentId: number, teamId: string): IncidentChannel | null {
    const r = prepared(this.db, 'SELECT * FROM incident_channels WHERE incident_id = ? AND team_id = ?').get(incidentId, teamId) as ChannelRow | undefined;
    return r ? toChannel(r) : null;
  }

  /** Plans a channel for an incident; false when it already has one (or one is on its way). A later
   *  request adds its requester to the people invited. */
  planChannel(p: { incidentId: number; teamId: string; invitees: string[]; isPrivate: boolean; archiveAfterHours: number | null }, now: Date): boolean {
    const existing = this.channel(p.incidentId, p.teamId);
    if (existing) {
      const invitees = [...new Set([...existing.invitees, ...p.invitees])];
      prepared(this.db, 'UPDATE incident_channels SET invitees = ? WHERE incident_id = ? AND team_id = ?').run(JSON.stringify(invitees), p.incidentId, p.teamId);
      return false;
    }
    prepared(
      this.db,
      'INSERT INTO incident_channels (incident_id, team_id, invitees, is_private, archive_after_hours, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(p.incidentId, p.teamId, JSON.stringify([...new Set(p.invitees)]), p.isPrivate ? 1 : 0, p.archiveAfterHours, now.getTime());
    return true;
  }

  channelCreated(incidentId: number, teamId: string, channelId: string, name: string): void {
    prepared(this.db, 'UPDATE incident_channels SET channel_id = ?, name = ? WHERE incident_id = ? AND team_id = ?').run(channelId, name, incidentId, teamId);
  }

  cardPosted(incidentId: number, teamId: string, ts: string, version: number): void {
    prepared(this.db, 'UPDATE incident_channels SET card_ts = ?, rendered_version = ? WHERE incident_id = ? AND team_id = ?').run(ts, version, incidentId, teamId);
  }

  cardRendered(incidentId: number, teamId: string, version: number): void {
    prepared(this.db, 'UPDATE incident_channels SET rendered_version = ? WHERE incident_id = ? AND team_id = ? AND rendered_version < ?').run(version, incidentId, teamId, version);
  }

  markPinned(incidentId: number, teamId: string): void {
    prepared(this.db, 'UPDATE incident_channels SET pinned = 1 WHERE incident_id = ? AND team_id = ?').run(incidentId, teamId);
  }

  markLinked(incidentId: number, teamId: string): void {
    prepared(this.db, 'UPDATE incident_channels SET linked = 1 WHERE incident_id = ? AND team_id = ?').run(incidentId, teamId);
  }

  markArchiveQueued(incidentId: number, teamId: string, queued = true): void {
    prepared(this.db, 'UPDATE incident_channels SET archive_queued = ? WHERE incident_id = ? AND team_id = ?').run(queued ? 1 : 0, incidentId, teamId);
  }

  markArchived(incidentId: number, teamId: string, at: Date): void {
    prepared(this.db, 'UPDATE incident_channels SET archived_at = ? WHERE incident_id = ? AND team_id = ?').run(at.getTime(), incidentId, teamId);
  }

  /** Channels of resolved incidents whose archive time has come and is not yet queued. */
  dueForArchive(now: Date): IncidentChannel[] {
    return (
      prepared(
        this.db,
        `SELECT c.* FROM incident_channels c JOIN incidents i ON i.id = c.incident_id
         WHERE c.archive_after_hours IS NOT NULL AND c.archive_queued = 0 AND c.archived_at IS NULL AND c.channel_id IS NOT NULL
           AND i.status = 'RESOLVED' AND i.resolved_at + c.archive_after_hours * 3600000 <= ?`,
      ).all(now.getTime()) as ChannelRow[]
    ).map(toChannel);
  }
}
