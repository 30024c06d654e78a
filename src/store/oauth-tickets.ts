// Single-use, expiring tickets for OAuth installs. Only a hash of each value is stored.
import { createHash, randomBytes } from 'node:crypto';
import { prepared, type Db } from './db.js';

export type TicketKind = 'install_link' | 'state';
const hash = (v: string) => createHash('sha256').update(v).digest('hex');

export type TicketCheck = 'ok' | 'unknown' | 'used' | 'expired' | 'other_browser';

export class OAuthTickets {
  constructor(private readonly db: Db) {}

  issue(kind: TicketKind, ttlMs: number, now: number, browserSecret?: string): string {
    const value = randomBytes(24).toString('base64url');
    prepared(this.db, 'INSERT INTO oauth_tickets (id, kind, browser_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      hash(value),
      kind,
      browserSecret ? hash(browserSecret) : null,
      now,
      now + ttlMs,
    );
    prepared(this.db, 'DELETE FROM oauth_tickets WHERE expires_at < ?').run(now - 86_400_000);
    return value;
  }

  /** Checks and spends a ticket in one step: a second use is refused. */
  redeem(kind: TicketKind, value: string, now: number, browserSecret?: string): TicketCheck {
    return this.db.transaction((): TicketCheck => {
      const row = prepared(this.db, 'SELECT * FROM oauth_tickets WHERE id = ? AND kind = ?').get(hash(value), kind) as
        | { browser_hash: string | null; expires_at: number; used_at: number | null }
        | undefined;
      if (!row) return 'unknown';
      if (row.used_at !== null) return 'used';
      if (row.expires_at < now) return 'expired';
      if (row.browser_hash && (!browserSecret || hash(browserSecret) !== row.browser_hash)) return 'other_browser';
      prepared(this.db, 'UPDATE oauth_tickets SET used_at = ? WHERE id = ?').run(now, hash(value));
      return 'ok';
    }).immediate();
  }
}
