// Delivery leases: which daemon delivers each lane of the outbox (a workspace), until when. Taken
// and renewed in a write transaction (the writer lock on either engine), so two daemons never hold
// one lane; a lease that ran out (its daemon died or stalled) is free for the taking.
import { prepared, type Db } from './db.js';

export interface LaneLease {
  lane: string;
  owner: string;
  expiresAt: number;
  takenAt: number;
}

export class DeliveryLeases {
  constructor(private readonly db: Db) {}

  all(): LaneLease[] {
    return (
      prepared(this.db, 'SELECT lane, owner, expires_at, taken_at FROM delivery_leases ORDER BY lane').all() as { lane: string; owner: string; expires_at: number; taken_at: number }[]
    ).map((r) => ({ lane: r.lane, owner: r.owner, expiresAt: Number(r.expires_at), takenAt: Number(r.taken_at) }));
  }

  /** Renews every lease `owner` holds and takes each of `lanes` that is free or ran out, in one
   *  write transaction; returns every lease as it now stands. */
  claim(owner: string, lanes: readonly string[], now: number, leaseMs: number): LaneLease[] {
    return this.db
      .transaction(() => {
        prepared(this.db, 'UPDATE delivery_leases SET expires_at = ? WHERE owner = ?').run(now + leaseMs, owner);
        const take = prepared(
          this.db,
          `INSERT INTO delivery_leases (lane, owner, expires_at, taken_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (lane) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, taken_at = excluded.taken_at
           WHERE delivery_leases.expires_at <= ?`,
        );
        for (const lane of lanes) take.run(lane, owner, now + leaseMs, now, now);
        return this.all();
      })
      .immediate();
  }

  /** Gives up every lease `owner` holds (a clean shutdown: another daemon takes the lanes at once). */
  release(owner: string): number {
    return prepared(this.db, 'DELETE FROM delivery_leases WHERE owner = ?').run(owner).changes;
  }
}
