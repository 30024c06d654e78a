// Outbox rows as stored, and read back as typed messages.
import { parseOutboxMessage, type OutboxRow } from './outbox-messages.js';

export interface RawRow {
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
export const toRow = (r: RawRow): OutboxRow => {
  const meta = { id: r.id, teamId: r.team_id, channelId: r.channel_id, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, createdAt: r.created_at };
  const message = parseOutboxMessage({ kind: r.kind, incidentId: r.incident_id, digestId: r.digest_id, payload: r.payload });
  return 'error' in message ? { ...meta, kind: 'invalid', storedKind: r.kind, error: message.error } : { ...meta, ...message };
};
