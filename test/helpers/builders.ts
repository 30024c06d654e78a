// Builders for domain objects in unit tests.
import { EMPTY_CONTEXT, type Incident } from '../../src/domain/model.js';

export const T0 = new Date('2026-11-30T10:00:00Z');

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 42,
    title: 'Database Connection Timeout',
    description: '',
    serviceSlug: 'payment-api',
    urgency: 'HIGH',
    status: 'OPEN',
    components: [],
    dedupKey: null,
    assignee: null,
    assigneeRef: null,
    responders: [],
    createdAt: T0,
    updatedAt: T0,
    triggeredBy: { name: 'API' },
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    snoozedUntil: null,
    snoozedBy: null,
    resolutionNote: null,
    triggerCount: 1,
    lastTriggeredAt: T0,
    triggeredAt: T0,
    context: EMPTY_CONTEXT,
    ...overrides,
  };
}
