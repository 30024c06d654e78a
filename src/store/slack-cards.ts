// Where each incident's cards live (one per channel of a workspace, or a storm card standing for
// several incidents): the slack_messages and digests tables, read and written by delivery, the
// notifier and resync. The outbox (outbox-repo.ts) builds on these.
import { prepared, type Db } from './db.js';

export interface SlackMessageRef {
  incidentId: number;
  teamId: string;
  channelId: string;
  ts: string | null;
  digestId: number | null;
  renderedVersion: number;
}

interface MessageRow {
  incident_id: number;
  team_id: string;
  channel_id: string;
  ts: string | null;
  digest_id: number | null;
  rendered_version: number;
}

const toRef = (r: MessageRow): SlackMessageRef => ({
  incidentId: r.incident_id,
  teamId: r.team_id,
  channelId: r.channel_id,
  ts: r.ts,
  digestId: r.digest_id,
  renderedVersion: r.rendered_version,
});

export interface StormDigest {
  id: number;
  teamId: string;
  channelId: string;
  ts: string | null;
  createdAt: number;
  lastIncidentAt: number;
}

interface RawDigest {
  id: number;
  team_id: string;
  channel_id: string;
  ts: string | null;
  created_at: number;
  last_incident_at: number | null;
}

const toDigest = (r: RawDigest): StormDigest => ({
  id: r.id,
  teamId: r.team_id,
  channelId: r.channel_id,
  ts: r.ts,
  createdAt: r.created_at,
  lastIncidentAt: r.last_incident_at ?? r.created_at,
});

export class SlackCards {
  constructor(protected readonly db: Db) {}

  /** The incident's card in one channel of a workspace. */
  message(incidentId: number, teamId: string, channelId: string): SlackMessageRef | null {
    const r = prepared(this.db, 'SELECT * FROM slack_messages WHERE incident_id = ? AND team_id = ? AND channel_id = ?').get(incidentId, teamId, channelId) as
      | MessageRow
      | undefined;
    return r ? toRef(r) : null;
  }

  /** Every card of the incident in a workspace, in the order they were planned. */
  messages(incidentId: number, teamId: string): SlackMessageRef[] {
    return (prepared(this.db, 'SELECT * FROM slack_messages WHERE incident_id = ? AND team_id = ? ORDER BY rowid').all(incidentId, teamId) as MessageRow[]).map(toRef);
  }

  planMessage(incidentId: number, teamId: string, channelId: string): void {
    prepared(this.db, 'INSERT INTO slack_messages (incident_id, team_id, channel_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(incidentId, teamId, channelId);
  }

  messagePosted(incidentId: number, teamId: string, channelId: string, ts: string, version: number, digestId: number | null = null): void {
    prepared(this.db, 'UPDATE slack_messages SET ts = ?, rendered_version = ?, digest_id = ? WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(
      ts,
      version,
      digestId,
      incidentId,
      teamId,
      channelId,
    );
  }

  messageRendered(incidentId: number, teamId: string, channelId: string, version: number): void {
    prepared(this.db, 'UPDATE slack_messages SET rendered_version = ? WHERE incident_id = ? AND team_id = ? AND channel_id = ? AND rendered_version < ?').run(
      version,
      incidentId,
      teamId,
      channelId,
      version,
    );
  }

  /** Every card (incident message outside a storm digest) of these incidents, in every workspace and channel. */
  cardsOf(incidentIds: number[]): SlackMessageRef[] {
    if (incidentIds.length === 0) return [];
    // One indexed query per incident, portable (no json_each / arrays), in incident order.
    const ids = [...new Set(incidentIds)].sort((a, b) => a - b);
    const rows = ids.flatMap((id) => prepared(this.db, 'SELECT * FROM slack_messages WHERE digest_id IS NULL AND incident_id = ? ORDER BY team_id, channel_id').all(id)) as { incident_id: number; team_id: string; channel_id: string; ts: string | null; digest_id: number | null; rendered_version: number }[];
    return rows.map((r) => ({ incidentId: r.incident_id, teamId: r.team_id, channelId: r.channel_id, ts: r.ts, digestId: r.digest_id, renderedVersion: r.rendered_version }));
  }

  /** Incidents with a card that changed at or after `since` (ms), oldest first. */
  incidentsWithCardsChangedSince(since: number): number[] {
    return (
      prepared(this.db, 'SELECT DISTINCT i.id FROM incidents i JOIN slack_messages m ON m.incident_id = i.id WHERE i.updated_at >= ? ORDER BY i.id').all(since) as { id: number }[]
    ).map((r) => r.id);
  }

  /** Incidents whose messages appear in a channel of a workspace (for `/opsknight incidents` links). */
  incidentsInDigest(digestId: number): number[] {
    return (prepared(this.db, 'SELECT incident_id FROM slack_messages WHERE digest_id = ? ORDER BY incident_id').all(digestId) as { incident_id: number }[]).map(
      (r) => r.incident_id,
    );
  }

  createDigest(teamId: string, channelId: string, now: number): number {
    return (prepared(this.db, 'INSERT INTO digests (team_id, channel_id, created_at, last_incident_at) VALUES (?, ?, ?, ?) RETURNING id').get(teamId, channelId, now, now) as { id: number }).id;
  }

  digest(id: number): StormDigest | null {
    const r = prepared(this.db, 'SELECT * FROM digests WHERE id = ?').get(id) as RawDigest | undefined;
    return r ? toDigest(r) : null;
  }

  /** The channel's storm card while its storm lasts: its latest incident came at or after `since`. */
  activeStorm(teamId: string, channelId: string, since: number): StormDigest | null {
    const r = prepared(this.db, 'SELECT * FROM digests WHERE team_id = ? AND channel_id = ? ORDER BY id DESC LIMIT 1').get(teamId, channelId) as RawDigest | undefined;
    return r && (r.last_incident_at ?? r.created_at) >= since ? toDigest(r) : null;
  }

  /** An incident joins a storm card: its message is the card (no post of its own). */
  joinStorm(incidentId: number, storm: StormDigest, version: number, now: number): void {
    prepared(this.db, 'INSERT INTO slack_messages (incident_id, team_id, channel_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(incidentId, storm.teamId, storm.channelId);
    prepared(this.db, 'UPDATE slack_messages SET ts = ?, digest_id = ?, rendered_version = ? WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(
      storm.ts,
      storm.id,
      version,
      incidentId,
      storm.teamId,
      storm.channelId,
    );
    prepared(this.db, 'UPDATE digests SET last_incident_at = ? WHERE id = ? AND (last_incident_at IS NULL OR last_incident_at < ?)').run(now, storm.id, now);
  }

  digestPosted(id: number, ts: string): void {
    prepared(this.db, 'UPDATE digests SET ts = ? WHERE id = ?').run(ts, id);
    // Incidents that joined before the card had its ts.
    prepared(this.db, 'UPDATE slack_messages SET ts = ? WHERE digest_id = ? AND ts IS NULL').run(ts, id);
  }

  assignToDigest(incidentIds: number[], teamId: string, digestId: number, channelId: string): void {
    const stmt = prepared(this.db, 'UPDATE slack_messages SET digest_id = ? WHERE incident_id = ? AND team_id = ? AND channel_id = ?');
    for (const id of incidentIds) stmt.run(digestId, id, teamId, channelId);
  }

  /** The incident whose message (in this workspace and channel) has this ts: a thread's parent. */
  incidentAt(teamId: string, channelId: string, ts: string): number | null {
    const r = prepared(this.db, 'SELECT incident_id FROM slack_messages WHERE team_id = ? AND channel_id = ? AND ts = ?').get(teamId, channelId, ts) as { incident_id: number } | undefined;
    return r?.incident_id ?? null;
  }
}
