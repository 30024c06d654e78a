import type { User, UserStatus } from '../domain/model.js';
import type { NewUser, UserRepository } from '../domain/ports.js';
import { prepared, type Db } from './db.js';

interface UserRow {
  id: number;
  name: string;
  email: string;
  status: UserStatus;
  created_at: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  status: r.status,
  createdAt: new Date(r.created_at),
});

export class SqliteUserRepo implements UserRepository {
  constructor(private readonly db: Db) {}

  list(): User[] {
    return (prepared(this.db, 'SELECT * FROM users ORDER BY lower(name)').all() as UserRow[]).map(toUser);
  }

  findByEmail(email: string): User | null {
    const row = prepared(this.db, 'SELECT * FROM users WHERE lower(email) = lower(?)').get(email.trim()) as
      | UserRow
      | undefined;
    return row ? toUser(row) : null;
  }

  get(id: number): User | null {
    const row = prepared(this.db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  private findById(id: number): User {
    return this.get(id)!;
  }

  insert(u: NewUser, createdAt: Date): User {
    const { id } = prepared(this.db, 'INSERT INTO users (name, email, status, created_at) VALUES (?, ?, ?, ?) RETURNING id')
      .get(u.name, u.email, u.status, createdAt.toISOString()) as { id: number };
    return this.findById(id);
  }

  update(id: number, patch: Partial<NewUser>): User {
    const current = this.findById(id);
    prepared(this.db, 'UPDATE users SET name = ?, email = ?, status = ? WHERE id = ?')
      .run(patch.name ?? current.name, patch.email ?? current.email, patch.status ?? current.status, id);
    return this.findById(id);
  }
}
