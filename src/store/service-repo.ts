import { randomBytes } from 'node:crypto';
import type { Service } from '../domain/model.js';
import type { NewService, ServicePatch, ServiceRepository } from '../domain/ports.js';
import { prepared, type Db } from './db.js';

interface ServiceRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  ack_sla_minutes: number;
  resolve_sla_minutes: number;
  integration_key: string;
  created_at: string;
}

const toService = (r: ServiceRow): Service => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  ackSlaMinutes: r.ack_sla_minutes,
  resolveSlaMinutes: r.resolve_sla_minutes,
  integrationKey: r.integration_key,
  createdAt: new Date(r.created_at),
});

export class SqliteServiceRepo implements ServiceRepository {
  constructor(private readonly db: Db) {}

  list(): Service[] {
    return (prepared(this.db, 'SELECT * FROM services ORDER BY slug').all() as ServiceRow[]).map(toService);
  }

  findBySlug(slug: string): Service | null {
    const row = prepared(this.db, 'SELECT * FROM services WHERE slug = ?').get(slug) as ServiceRow | undefined;
    return row ? toService(row) : null;
  }

  findByIntegrationKey(key: string): Service | null {
    const row = prepared(this.db, 'SELECT * FROM services WHERE integration_key = ?').get(key) as ServiceRow | undefined;
    return row ? toService(row) : null;
  }

  insert(s: NewService, createdAt: Date): Service {
    // 32 hex characters, the shape of a PagerDuty integration (routing) key.
    const key = randomBytes(16).toString('hex');
    prepared(this.db, 
        `INSERT INTO services (slug, name, description, ack_sla_minutes, resolve_sla_minutes, integration_key, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.slug, s.name, s.description, s.ackSlaMinutes, s.resolveSlaMinutes, key, createdAt.toISOString());
    return this.findBySlug(s.slug)!;
  }

  update(slug: string, patch: ServicePatch): Service {
    const current = this.findBySlug(slug)!;
    prepared(this.db, 'UPDATE services SET name = ?, description = ?, ack_sla_minutes = ?, resolve_sla_minutes = ? WHERE slug = ?')
      .run(
        patch.name ?? current.name,
        patch.description ?? current.description,
        patch.ackSlaMinutes ?? current.ackSlaMinutes,
        patch.resolveSlaMinutes ?? current.resolveSlaMinutes,
        slug,
      );
    return this.findBySlug(slug)!;
  }

  remove(slug: string): void {
    prepared(this.db, 'DELETE FROM services WHERE slug = ?').run(slug);
  }

  countIncidents(slug: string): number {
    const row = prepared(this.db, 'SELECT count(*) AS n FROM incidents i JOIN services s ON s.id = i.service_id WHERE s.slug = ?')
      .get(slug) as { n: number };
    return row.n;
  }
}
