// The durable outbox of Slack calls: rows added in the same transaction as the change that caused
// them, read per channel in order by the dispatcher, marked once Slack accepted them. Where each
// incident's cards live is SlackCards' (slack-cards.ts), which this builds on.
import { prepared, type Db } from './db.js';
import { StormRepo } from './storm-repo.js';
import type { NewOutboxRow, OutboxRow, OutboxRowOf } from './outbox-messages.js';
import { toRow, type RawRow } from './outbox-rows.js';
import { SlackCards, type SlackMessageRef } from './slack-cards.js';

export type { NewOutboxRow, OutboxKind, OutboxRow } from './outbox-messages.js';
export type { SlackMessageRef, StormDigest } from './slack-cards.js';

export class OutboxRepo extends SlackCards {
  /** What storm cards and the storm page show. */
  readonly storms: StormRepo;

  constructor(db: Db) {
    super(db);
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

  /** The card of an update row is lost: forget its ts (replies and updates wait for the repost) and
   *  turn the row into the repost, in the card's channel. */
  repostInstead(rowId: number, incidentId: number, teamId: string, channelId: string, reason: string): void {
    prepared(this.db, 'UPDATE slack_messages SET ts = NULL, rendered_version = 0 WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(incidentId, teamId, channelId);
    prepared(this.db, "UPDATE outbox SET kind = 'repost', payload = ?, last_error = ? WHERE id = ?").run(JSON.stringify({ reason }), `${reason}; posting the card again`, rowId);
  }

  /** Re-render a card from stored state, whatever was rendered last (resync): through an update row. */
  resyncCard(card: SlackMessageRef, now: number): void {
    prepared(this.db, 'UPDATE slack_messages SET rendered_version = 0 WHERE incident_id = ? AND team_id = ? AND channel_id = ?').run(card.incidentId, card.teamId, card.channelId);
    this.enqueue({ teamId: card.teamId, channelId: card.channelId, kind: 'update', incidentId: card.incidentId }, now);
  }

  /** Drops pending rows (used when posts fold into a digest). */
  cancel(ids: number[]): void {
    const stmt = prepared(this.db, "UPDATE outbox SET status = 'done', last_error = 'folded into digest' WHERE id = ? AND status = 'pending'");
    for (const id of ids) stmt.run(id);
  }
}
