// Changes (deploys, config changes) reported per service, e.g. by PagerDuty Change Events.
import type { ChangeEvent, IncidentLink } from '../domain/model.js';
import type { ChangeRepository, NewChangeEvent } from '../domain/ports.js';
import { prepared, type Db } from './db.js';

interface ChangeRow {
  id: number;
  service_slug: string;
  summary: string;
  source: string | null;
  at: number;
  received_at: number;
  details: string;
  links: string;
}

const toChange = (r: ChangeRow): ChangeEvent => ({
  id: r.id,
  serviceSlug: r.service_slug,
  summary: r.summary,
  source: r.source,
  at: new Date(r.at),
  receivedAt: new Date(r.received_at),
  details: JSON.parse(r.details) as Record<string, string>,
  links: JSON.parse(r.links) as IncidentLink[],
});

const SELECT_CHANGE = 'SELECT c.*, s.slug AS service_slug FROM change_events c JOIN services s ON s.id = c.service_id';

export class SqliteChangeRepo implements ChangeRepository {
  constructor(private readonly db: Db) {}

  insert(c: NewChangeEvent): ChangeEvent {
    const { id } = prepared(
      this.db,
      `INSERT INTO change_events (service_id, summary, source, at, received_at, details, links)
       VALUES ((SELECT id FROM services WHERE slug = ?), ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(c.serviceSlug, c.summary, c.source, c.at.getTime(), c.receivedAt.getTime(), JSON.stringify(c.details), JSON.stringify(c.links)) as { id: number };
    return toChange(prepared(this.db, `${SELECT_CHANGE} WHERE c.id = ?`).get(id) as ChangeRow);
  }

  recent(serviceSlug: string, since: Date, limit: number): ChangeEvent[] {
    return (prepared(this.db, `${SELECT_CHANGE} WHERE s.slug = ? AND c.at >= ? ORDER BY c.at DESC, c.id DESC LIMIT ?`).all(serviceSlug, since.getTime(), limit) as ChangeRow[]).map(toChange);
  }
}
