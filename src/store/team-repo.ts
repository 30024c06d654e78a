// Teams, their members and services, and users' roles: the data behind domain/access.ts.
import type { Role } from '../domain/access.js';
import { prepared, type Db } from './db.js';

export interface Team {
  slug: string;
  name: string;
  members: { userId: number; name: string; email: string; role: Role }[];
  services: string[];
}

export class TeamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamError';
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class TeamRepo {
  constructor(private readonly db: Db) {}

  add(slug: string, name: string, now: Date): void {
    if (!SLUG.test(slug)) throw new TeamError(`"${slug}" is not a team slug: use lower-case letters, digits and dashes, e.g. payments.`);
    if (this.id(slug) !== null) throw new TeamError(`Team ${slug} exists already.`);
    prepared(this.db, 'INSERT INTO teams (slug, name, created_at) VALUES (?, ?, ?)').run(slug, name, now.toISOString());
  }

  remove(slug: string): void {
    prepared(this.db, 'DELETE FROM teams WHERE id = ?').run(this.require(slug));
  }

  list(): Team[] {
    const teams = prepared(this.db, 'SELECT id, slug, name FROM teams ORDER BY slug').all() as { id: number; slug: string; name: string }[];
    return teams.map((t) => this.describe(t));
  }

  get(slug: string): Team {
    const id = this.require(slug);
    const t = prepared(this.db, 'SELECT id, slug, name FROM teams WHERE id = ?').get(id) as { id: number; slug: string; name: string };
    return this.describe(t);
  }

  addMember(slug: string, userId: number): void {
    prepared(this.db, 'INSERT INTO team_members (team_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(this.require(slug), userId);
  }

  removeMember(slug: string, userId: number): boolean {
    return prepared(this.db, 'DELETE FROM team_members WHERE team_id = ? AND user_id = ?').run(this.require(slug), userId).changes > 0;
  }

  /** Gives a service to a team (null: no team owns it, so everybody may see and act on it). */
  setServiceOwner(serviceId: number, slug: string | null): void {
    if (slug === null) prepared(this.db, 'DELETE FROM service_owners WHERE service_id = ?').run(serviceId);
    else {
      prepared(this.db, 'INSERT INTO service_owners (service_id, team_id) VALUES (?, ?) ON CONFLICT (service_id) DO UPDATE SET team_id = excluded.team_id').run(
        serviceId,
        this.require(slug),
      );
    }
  }

  ownerOfService(serviceSlug: string): string | null {
    const r = prepared(this.db, 'SELECT t.slug FROM services s JOIN service_owners o ON o.service_id = s.id JOIN teams t ON t.id = o.team_id WHERE s.slug = ?').get(
      serviceSlug,
    ) as { slug: string } | undefined;
    return r?.slug ?? null;
  }

  /** The team owning an incident's service (null: none, or no such incident). */
  ownerOfIncident(incidentId: number): string | null {
    const r = prepared(this.db, 'SELECT t.slug FROM incidents i JOIN service_owners o ON o.service_id = i.service_id JOIN teams t ON t.id = o.team_id WHERE i.id = ?').get(
      incidentId,
    ) as { slug: string } | undefined;
    return r?.slug ?? null;
  }

  /** Service slugs owned by each team, and by none (key null). */
  serviceOwners(): Map<string, string | null> {
    const rows = prepared(this.db, 'SELECT s.slug AS service, t.slug AS team FROM services s LEFT JOIN service_owners o ON o.service_id = s.id LEFT JOIN teams t ON t.id = o.team_id').all() as {
      service: string;
      team: string | null;
    }[];
    return new Map(rows.map((r) => [r.service, r.team]));
  }

  teamsOf(userId: number): string[] {
    return (prepared(this.db, 'SELECT t.slug FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ? ORDER BY t.slug').all(userId) as { slug: string }[]).map(
      (r) => r.slug,
    );
  }

  roleOf(userId: number): Role {
    const r = prepared(this.db, 'SELECT role FROM user_roles WHERE user_id = ?').get(userId) as { role: Role } | undefined;
    return r?.role ?? 'responder';
  }

  setRole(userId: number, role: Role): void {
    prepared(this.db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET role = excluded.role').run(userId, role);
  }

  private describe(t: { id: number; slug: string; name: string }): Team {
    const members = prepared(
      this.db,
      "SELECT u.id, u.name, u.email, coalesce(r.role, 'responder') AS role FROM team_members m JOIN users u ON u.id = m.user_id LEFT JOIN user_roles r ON r.user_id = u.id WHERE m.team_id = ? ORDER BY u.name",
    ).all(t.id) as { id: number; name: string; email: string; role: Role }[];
    const services = prepared(this.db, 'SELECT s.slug FROM service_owners o JOIN services s ON s.id = o.service_id WHERE o.team_id = ? ORDER BY s.slug').all(t.id) as {
      slug: string;
    }[];
    return { slug: t.slug, name: t.name, members: members.map((m) => ({ userId: m.id, name: m.name, email: m.email, role: m.role })), services: services.map((s) => s.slug) };
  }

  private id(slug: string): number | null {
    const r = prepared(this.db, 'SELECT id FROM teams WHERE slug = ?').get(slug) as { id: number } | undefined;
    return r?.id ?? null;
  }

  private require(slug: string): number {
    const id = this.id(slug);
    if (id === null) throw new TeamError(`No team ${slug}: see \`opsknight-slack team list\`, or add it with \`opsknight-slack team add ${slug}\`.`);
    return id;
  }
}
