// Read side of storm cards: what a card and the storm page show, counted in SQL so a storm of
// 10,000 incidents costs a few queries, not 10,000 reads.
import { prepared, type Db } from './db.js';

export interface StormCounts {
  total: number;
  byStatus: Record<'OPEN' | 'ACKNOWLEDGED' | 'SNOOZED' | 'RESOLVED', number>;
  byUrgency: Record<'HIGH' | 'MEDIUM' | 'LOW', number>;
  /** Most incidents first. */
  byService: { service: string; count: number }[];
  firstAt: number | null;
  /** Changes whenever an incident joins or changes: what the card showed can be told from what is. */
  version: string;
}

/** Unresolved first, then most urgent, then oldest: the order a card lists and a page shows. */
const ORDER = `CASE i.status WHEN 'RESOLVED' THEN 1 ELSE 0 END, CASE i.urgency WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, i.created_at, i.id`;

export class StormRepo {
  constructor(private readonly db: Db) {}

  counts(digestId: number): StormCounts {
    const rows = prepared(
      this.db,
      `SELECT i.status, i.urgency, s.slug AS service, count(*) AS n, min(i.created_at) AS first_at, max(i.updated_at) AS changed_at
       FROM slack_messages m JOIN incidents i ON i.id = m.incident_id JOIN services s ON s.id = i.service_id
       WHERE m.digest_id = ? GROUP BY i.status, i.urgency, s.slug`,
    ).all(digestId) as { status: keyof StormCounts['byStatus']; urgency: keyof StormCounts['byUrgency']; service: string; n: number; first_at: number; changed_at: number }[];
    const out: StormCounts = { total: 0, byStatus: { OPEN: 0, ACKNOWLEDGED: 0, SNOOZED: 0, RESOLVED: 0 }, byUrgency: { HIGH: 0, MEDIUM: 0, LOW: 0 }, byService: [], firstAt: null, version: '' };
    let changedAt = 0;
    const services = new Map<string, number>();
    for (const r of rows) {
      out.total += r.n;
      out.byStatus[r.status] += r.n;
      out.byUrgency[r.urgency] += r.n;
      services.set(r.service, (services.get(r.service) ?? 0) + r.n);
      out.firstAt = out.firstAt === null ? r.first_at : Math.min(out.firstAt, r.first_at);
      changedAt = Math.max(changedAt, r.changed_at);
    }
    out.version = `${out.total}:${changedAt}`;
    out.byService = [...services].map(([service, count]) => ({ service, count })).sort((a, b) => b.count - a.count || a.service.localeCompare(b.service));
    return out;
  }

  /** How many of the workspace's storms are under way: their latest incident came at or after `since`. */
  underWay(teamId: string, since: number): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM digests WHERE team_id = ? AND coalesce(last_incident_at, created_at) >= ?').get(teamId, since) as { n: number }).n;
  }

  /** The storm's incident ids in card order (all of them when no limit). */
  incidentIds(digestId: number, limit = Number.MAX_SAFE_INTEGER): number[] {
    return (
      prepared(this.db, `SELECT i.id FROM slack_messages m JOIN incidents i ON i.id = m.incident_id WHERE m.digest_id = ? ORDER BY ${ORDER} LIMIT ?`).all(digestId, limit) as {
        id: number;
      }[]
    ).map((r) => r.id);
  }

  /** The storm's incidents a bulk action applies to: those not yet in the state it leads to. */
  idsInStatus(digestId: number, statuses: readonly string[]): number[] {
    const marks = statuses.map(() => '?').join(', ');
    return (
      prepared(this.db, `SELECT i.id FROM slack_messages m JOIN incidents i ON i.id = m.incident_id WHERE m.digest_id = ? AND i.status IN (${marks}) ORDER BY i.id`).all(
        digestId,
        ...statuses,
      ) as { id: number }[]
    ).map((r) => r.id);
  }
}
