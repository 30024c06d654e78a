import type { EscalationPolicy, EscalationStep, EscalationTarget } from '../domain/escalation.js';
import type { PolicyRepository } from '../domain/ports.js';
import { prepared, type Db } from './db.js';

interface Row {
  id: number;
  name: string;
  steps: string;
  repeat: number;
}

interface StoredStep {
  delay_minutes: number;
  targets: ({ type: 'user'; id: number } | { type: 'schedule'; id: number })[];
}

const toPolicy = (r: Row): EscalationPolicy => ({
  id: r.id,
  name: r.name,
  repeat: r.repeat,
  steps: (JSON.parse(r.steps) as StoredStep[]).map((s) => ({
    delayMinutes: s.delay_minutes,
    targets: s.targets.map((t): EscalationTarget => (t.type === 'user' ? { type: 'user', userId: t.id } : { type: 'schedule', scheduleId: t.id })),
  })),
});

const toStored = (steps: EscalationStep[]): StoredStep[] =>
  steps.map((s) => ({ delay_minutes: s.delayMinutes, targets: s.targets.map((t) => (t.type === 'user' ? { type: 'user', id: t.userId } : { type: 'schedule', id: t.scheduleId })) }));

export class SqlitePolicyRepo implements PolicyRepository {
  constructor(private readonly db: Db) {}

  list(): EscalationPolicy[] {
    return (prepared(this.db, 'SELECT * FROM escalation_policies ORDER BY lower(name), name').all() as Row[]).map(toPolicy);
  }

  get(id: number): EscalationPolicy | null {
    const r = prepared(this.db, 'SELECT * FROM escalation_policies WHERE id = ?').get(id) as Row | undefined;
    return r ? toPolicy(r) : null;
  }

  findByName(name: string): EscalationPolicy | null {
    const r = prepared(this.db, 'SELECT * FROM escalation_policies WHERE lower(name) = lower(?)').get(name) as Row | undefined;
    return r ? toPolicy(r) : null;
  }

  insert(name: string, steps: EscalationStep[], repeat: number, at: Date): EscalationPolicy {
    const { id } = prepared(this.db, 'INSERT INTO escalation_policies (name, steps, repeat, created_at) VALUES (?, ?, ?, ?) RETURNING id').get(name, JSON.stringify(toStored(steps)), repeat, at.getTime()) as { id: number };
    return this.get(id)!;
  }

  remove(id: number): void {
    prepared(this.db, 'DELETE FROM escalation_policies WHERE id = ?').run(id);
  }

  servicesUsing(id: number): string[] {
    return (prepared(this.db, 'SELECT slug FROM services WHERE escalation_policy_id = ? ORDER BY slug').all(id) as { slug: string }[]).map((r) => r.slug);
  }

  forService(slug: string): EscalationPolicy | null {
    const r = prepared(this.db, 'SELECT p.* FROM escalation_policies p JOIN services s ON s.escalation_policy_id = p.id WHERE s.slug = ?').get(slug) as Row | undefined;
    return r ? toPolicy(r) : null;
  }

  setForService(slug: string, policyId: number | null): void {
    prepared(this.db, 'UPDATE services SET escalation_policy_id = ? WHERE slug = ?').run(policyId, slug);
  }
}
