import type { Rotation, Schedule, ScheduleOverride } from '../domain/schedule.js';
import type { ScheduleRepository } from '../domain/ports.js';
import { prepared, type Db } from './db.js';

interface Row {
  id: number;
  name: string;
  time_zone: string;
  rotation: string;
}

export class SqliteScheduleRepo implements ScheduleRepository {
  constructor(private readonly db: Db) {}

  private toSchedule = (r: Row): Schedule => ({
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    rotation: JSON.parse(r.rotation) as Rotation,
    overrides: (prepared(this.db, 'SELECT * FROM schedule_overrides WHERE schedule_id = ? ORDER BY starts_at').all(r.id) as {
      id: number;
      user_id: number;
      starts_at: number;
      ends_at: number;
    }[]).map((o) => ({ id: o.id, userId: o.user_id, startsAt: new Date(o.starts_at), endsAt: new Date(o.ends_at) })),
  });

  list(): Schedule[] {
    return (prepared(this.db, 'SELECT * FROM schedules ORDER BY lower(name), name').all() as Row[]).map(this.toSchedule);
  }

  get(id: number): Schedule | null {
    const r = prepared(this.db, 'SELECT * FROM schedules WHERE id = ?').get(id) as Row | undefined;
    return r ? this.toSchedule(r) : null;
  }

  findByName(name: string): Schedule | null {
    const r = prepared(this.db, 'SELECT * FROM schedules WHERE lower(name) = lower(?)').get(name) as Row | undefined;
    return r ? this.toSchedule(r) : null;
  }

  insert(name: string, timeZone: string, rotation: Rotation, at: Date): Schedule {
    const { id } = prepared(this.db, 'INSERT INTO schedules (name, time_zone, rotation, created_at) VALUES (?, ?, ?, ?) RETURNING id').get(name, timeZone, JSON.stringify(rotation), at.getTime()) as { id: number };
    return this.get(id)!;
  }

  remove(id: number): void {
    prepared(this.db, 'DELETE FROM schedules WHERE id = ?').run(id);
  }

  addOverride(scheduleId: number, userId: number, startsAt: Date, endsAt: Date): ScheduleOverride {
    const { id } = prepared(this.db, 'INSERT INTO schedule_overrides (schedule_id, user_id, starts_at, ends_at) VALUES (?, ?, ?, ?) RETURNING id').get(scheduleId, userId, startsAt.getTime(), endsAt.getTime()) as { id: number };
    return { id, userId, startsAt, endsAt };
  }
}
