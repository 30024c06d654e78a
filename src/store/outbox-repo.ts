// The durable outbox of Slack calls, and where each incident's cards live (one per channel of a workspace).
import { prepared, type Db } from './db.js';
import { StormRepo } from './storm-repo.js';
import { parseOutboxMessage, type NewOutboxRow, type OutboxRow, type OutboxRowOf } from './outbox-messages.js';

export type { NewOutboxRow, OutboxKind, OutboxRow } from './outbox-messages.js';

interface RawRow {
  id: number;
  team_id: string;
  channel_id: string;
  kind: string;
  incident_id: number | null;
  digest_id: number | null;
  payload: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
}

/** Reads a stored row back as its typed message; one that does not validate comes back 'invalid'. */
const toRow = (r: RawRow): OutboxRow => {
  const meta = { id: r.id, teamId: r.team_id, channelId: r.channel_id, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, createdAt: r.created_at };
  const message = parseOutboxMessage({ kind: r.kind, incidentId: r.incident_id, digestId: r.digest_id, payload: r.payload });
  return 'error' in message ? { ...meta, kind: 'invalid', storedKind: r.kind, error: message.error } : { ...meta, ...message };
};

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

export class OutboxRepo {
  /** What storm cards and the storm page show. */
  readonly storms: StormRepo;

  constructor(private readonly db: Db) {
    this.storms = new StormRepo(db);
  }

  /** Adds a call to make. A second pending update of the same message is dropped: the one waiting
   *  renders the latest state when it goes out. */
  enqueue(row: NewOutboxRow, now: number, notBefore = now): number {
    const inserted = prepared(
      this.db,
      `INSERT INTO outbox (team_id, channel_id, kind, incident_id, digest_id, payload, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
    ).get(
      row.teamId,
      row.channelId,
      row.kind,
      'incidentId' in row ? row.incidentId : null,
      'digestId' in row ? row.digestId : null,
      JSON.stringify('payload' in row ? row.payload : {}),
      notBefore,
      now,
    ) as { id: number } | undefined;
    // A coalesced update (one already waits) has no row of its own: 0.
    return inserted?.id ?? 0;
  }

  /** A row's outcome, for whoever waits on it (test-channel). */
  outcome(id: number): { status: 'pending' | 'done' | 'failed'; error: string | null } | null {
    const r = prepared(this.db, 'SELECT status, last_error FROM outbox WHERE id = ?').get(id) as { status: 'pending' | 'done' | 'failed'; last_error: string | null } | undefined;
    return r ? { status: r.status, error: r.last_error } : null;
  }

  /** Pending rows, oldest first. */
  pending(limit: number): OutboxRow[] {
    return (prepared(this.db, "SELECT * FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?").all(limit) as RawRow[]).map(toRow);
  }

  /** The oldest pending row of each channel: the only one that may go next there. */
  channelHeads(): OutboxRow[] {
    return (
      prepared(
        this.db,
        "SELECT o.* FROM outbox o JOIN (SELECT min(id) AS id FROM outbox WHERE status = 'pending' GROUP BY team_id, channel_id) h ON h.id = o.id ORDER BY o.id",
      ).all() as RawRow[]
    ).map(toRow);
  }

  /** Whether the post that creates an incident's card in a channel is still waiting. */
  hasPendingPost(teamId: string, channelId: string, incidentId: number): boolean {
    return (
      prepared(this.db, "SELECT 1 FROM outbox WHERE status = 'pending' AND kind IN ('post', 'repost') AND team_id = ? AND channel_id = ? AND incident_id = ? LIMIT 1").get(
        teamId,
        channelId,
        incidentId,
      ) !== undefined
    );
  }

  nextDueAt(): number | null {
    const row = prepared(this.db, "SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'pending'").get() as { at: number | null };
    return row.at;
  }

  get(id: number): OutboxRow | null {
    const r = prepared(this.db, 'SELECT * FROM outbox WHERE id = ?').get(id) as RawRow | undefined;
    return r ? toRow(r) : null;
  }

  markDone(id: number, now: number): void {
    prepared(this.db, "UPDATE outbox SET status = 'done', delivered_at = ?, last_error = NULL WHERE id = ?").run(now, id);
  }

  markFailed(id: number, error: string, now: number): void {
    prepared(this.db, "UPDATE outbox SET status = 'failed', last_error = ?, delivered_at = ?, attempts = attempts + 1 WHERE id = ?").run(error, now, id);
  }

  retryLater(id: number, at: number, error: string, countAttempt = true): void {
    prepared(this.db, 'UPDATE outbox SET next_attempt_at = ?, last_error = ?, attempts = attempts + ? WHERE id = ?').run(at, error, countAttempt ? 1 : 0, id);
  }

  /** A post that cannot go where it was routed moves to another channel with its card and the
   *  card's pending updates and replies. When the incident already has a card there, that card
   *  carries everything: the post and its followers are dropped. Returns whether it moved. */
  moveToChannel(id: number, channelId: string): boolean {
    const row = this.get(id);
    if (!row || row.kind !== 'post') {
      prepared(this.db, 'UPDATE outbox SET channel_id = ? WHERE id = ?').run(channelId, id);
      return true;
    }
    const from = row.channelId;
    const followers = "status = 'pending' AND team_id = ? AND channel_id = ? AND incident_id = ? AND kind IN ('post', 'update', 'reply')";
    if (this.message(row.incidentId, row.teamId, channelId)) {
      prepared(this.db, `UPDATE outbox SET status = 'done', last_error = 'the incident already has a card in the fallback channel' WHERE ${followers}`).run(
        row.teamId,
        from,
        row.incidentId,
      );
      prepared(this.db, 'DELETE FROM slack_messages WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(row.incidentId, row.teamId, from);
      return false;
    }
    prepared(this.db, 'UPDATE slack_messages SET channel_id = ? WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(channelId, row.incidentId, row.teamId, from);
    // A pending update already waiting there stays the one (one pending update per card).
    prepared(
      this.db,
      `UPDATE outbox SET channel_id = ? WHERE ${followers} AND NOT (kind = 'update' AND EXISTS (
         SELECT 1 FROM outbox o WHERE o.team_id = outbox.team_id AND o.channel_id = ? AND o.incident_id = outbox.incident_id AND o.kind = 'update' AND o.status = 'pending'))`,
    ).run(channelId, row.teamId, from, row.incidentId, channelId);
    return true;
  }

  /** Pending new-incident posts of one channel, oldest first (the backlog that may fold into a digest). */
  pendingPosts(teamId: string, channelId: string): OutboxRowOf<'post'>[] {
    return (
      prepared(this.db, "SELECT * FROM outbox WHERE status = 'pending' AND kind = 'post' AND team_id = ? AND channel_id = ? ORDER BY id").all(
        teamId,
        channelId,
      ) as RawRow[]
    ).map(toRow).filter((r): r is OutboxRowOf<'post'> => r.kind === 'post');
  }

  depthByWorkspace(): { teamId: string; depth: number }[] {
    return (prepared(this.db, "SELECT team_id, count(*) AS depth FROM outbox WHERE status = 'pending' GROUP BY team_id").all() as {
      team_id: string;
      depth: number;
    }[]).map((r) => ({ teamId: r.team_id, depth: r.depth }));
  }

  counts(): Record<'pending' | 'done' | 'failed', number> {
    const rows = prepared(this.db, 'SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: string; n: number }[];
    const out = { pending: 0, done: 0, failed: 0 };
    for (const r of rows) out[r.status as keyof typeof out] = r.n;
    return out;
  }

  recentFailures(limit: number): { id: number; teamId: string; kind: string; error: string | null }[] {
    return (prepared(this.db, "SELECT id, team_id, kind, last_error FROM outbox WHERE status = 'failed' ORDER BY id DESC LIMIT ?").all(limit) as {
      id: number;
      team_id: string;
      kind: string;
      last_error: string | null;
    }[]).map((r) => ({ id: r.id, teamId: r.team_id, kind: r.kind, error: r.last_error }));
  }

  // --- where each incident's cards live: one per channel of a workspace ---

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

  /** The card of an update row is lost: forget its ts (replies and updates wait for the repost) and
   *  turn the row into the repost, in the card's channel. */
  repostInstead(rowId: number, incidentId: number, teamId: string, channelId: string, reason: string): void {
    prepared(this.db, 'UPDATE slack_messages SET ts = NULL, rendered_version = 0 WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(incidentId, teamId, channelId);
    prepared(this.db, "UPDATE outbox SET kind = 'repost', payload = ?, last_error = ? WHERE id = ?").run(JSON.stringify({ reason }), `${reason}; posting the card again`, rowId);
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

  /** Re-render a card from stored state, whatever was rendered last (resync): through an update row. */
  resyncCard(card: SlackMessageRef, now: number): void {
    prepared(this.db, 'UPDATE slack_messages SET rendered_version = 0 WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(card.incidentId, card.teamId, card.channelId);
    this.enqueue({ teamId: card.teamId, channelId: card.channelId, kind: 'update', incidentId: card.incidentId }, now);
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

  /** Drops pending rows (used when posts fold into a digest). */
  cancel(ids: number[]): void {
    const stmt = prepared(this.db, "UPDATE outbox SET status = 'done', last_error = 'folded into digest' WHERE id = ? AND status = 'pending'");
    for (const id of ids) stmt.run(id);
  }

  /** The incident whose message (in this workspace and channel) has this ts: a thread's parent. */
  incidentAt(teamId: string, channelId: string, ts: string): number | null {
    const r = prepared(this.db, 'SELECT incident_id FROM slack_messages WHERE team_id = ? AND channel_id = ? AND ts = ?').get(teamId, channelId, ts) as { incident_id: number } | undefined;
    return r?.incident_id ?? null;
  }
}
