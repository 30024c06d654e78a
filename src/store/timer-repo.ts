// Escalation and SLA timers per incident: indexed by due time, so an idle sweep is one cheap query.
import type { EscalationState } from '../domain/escalation.js';
import type { SlaKind, TimerRepository } from '../domain/ports.js';
import { prepared, type Db } from './db.js';

interface EscRow {
  incident_id: number;
  policy_id: number;
  step: number;
  cycle: number;
  next_at: number | null;
}

const toState = (r: EscRow): EscalationState => ({
  incidentId: r.incident_id,
  policyId: r.policy_id,
  step: r.step,
  cycle: r.cycle,
  nextAt: r.next_at === null ? null : new Date(r.next_at),
});

export class SqliteTimerRepo implements TimerRepository {
  constructor(private readonly db: Db) {}

  escalation(incidentId: number): EscalationState | null {
    const r = prepared(this.db, 'SELECT * FROM incident_escalations WHERE incident_id = ?').get(incidentId) as EscRow | undefined;
    return r ? toState(r) : null;
  }

  saveEscalation(s: EscalationState): void {
    prepared(
      this.db,
      `INSERT INTO incident_escalations (incident_id, policy_id, step, cycle, next_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (incident_id) DO UPDATE SET policy_id = excluded.policy_id, step = excluded.step, cycle = excluded.cycle, next_at = excluded.next_at`,
    ).run(s.incidentId, s.policyId, s.step, s.cycle, s.nextAt?.getTime() ?? null);
  }

  dueEscalations(now: Date, limit: number): EscalationState[] {
    return (prepared(this.db, 'SELECT * FROM incident_escalations WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at, incident_id LIMIT ?').all(now.getTime(), limit) as EscRow[]).map(toState);
  }

  nextEscalationAt(): Date | null {
    const r = prepared(this.db, 'SELECT min(next_at) AS at FROM incident_escalations WHERE next_at IS NOT NULL').get() as { at: number | null };
    return r.at === null ? null : new Date(r.at);
  }

  startSla(incidentId: number, ackDueAt: Date, resolveDueAt: Date): void {
    prepared(this.db, 'INSERT INTO incident_sla (incident_id, ack_due_at, resolve_due_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(incidentId, ackDueAt.getTime(), resolveDueAt.getTime());
  }

  dueSlaBreaches(now: Date, limit: number): { incidentId: number; kind: SlaKind; dueAt: Date }[] {
    const rows = prepared(
      this.db,
      `SELECT * FROM (
         SELECT s.incident_id, 'ack' AS kind, s.ack_due_at AS due_at FROM incident_sla s JOIN incidents i ON i.id = s.incident_id
         WHERE s.ack_due_at IS NOT NULL AND s.ack_breached_at IS NULL AND s.ack_due_at <= ? AND i.acknowledged_at IS NULL AND i.status <> 'RESOLVED'
         UNION ALL
         SELECT s.incident_id, 'resolve', s.resolve_due_at FROM incident_sla s JOIN incidents i ON i.id = s.incident_id
         WHERE s.resolve_due_at IS NOT NULL AND s.resolve_breached_at IS NULL AND s.resolve_due_at <= ? AND i.status <> 'RESOLVED'
       ) due ORDER BY due_at, incident_id LIMIT ?`,
    ).all(now.getTime(), now.getTime(), limit) as { incident_id: number; kind: SlaKind; due_at: number }[];
    return rows.map((r) => ({ incidentId: r.incident_id, kind: r.kind, dueAt: new Date(r.due_at) }));
  }

  markSlaBreached(incidentId: number, kind: SlaKind, at: Date): void {
    const column = kind === 'ack' ? 'ack_breached_at' : 'resolve_breached_at';
    prepared(this.db, `UPDATE incident_sla SET ${column} = ? WHERE incident_id = ? AND ${column} IS NULL`).run(at.getTime(), incidentId);
  }

  stopSla(incidentId: number, kind: SlaKind): void {
    const column = kind === 'ack' ? 'ack_due_at' : 'resolve_due_at';
    prepared(this.db, `UPDATE incident_sla SET ${column} = NULL WHERE incident_id = ?`).run(incidentId);
  }

  nextSlaDueAt(): Date | null {
    // Met targets are cleared (stopSla), so the partial indexes answer this without a scan.
    const ack = prepared(this.db, 'SELECT min(ack_due_at) AS at FROM incident_sla WHERE ack_due_at IS NOT NULL AND ack_breached_at IS NULL').get() as { at: number | null };
    const res = prepared(this.db, 'SELECT min(resolve_due_at) AS at FROM incident_sla WHERE resolve_due_at IS NOT NULL AND resolve_breached_at IS NULL').get() as { at: number | null };
    const at = Math.min(ack.at ?? Infinity, res.at ?? Infinity);
    return Number.isFinite(at) ? new Date(at) : null;
  }
}
