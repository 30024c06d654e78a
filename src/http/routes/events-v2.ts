// PagerDuty Events API v2-compatible intake: tools that speak to PagerDuty can point here instead.
// routing_key is a service's integration key (`opsknight-slack service show <slug>`).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import type { Directory } from '../../domain/directory.js';
import type { IncidentService } from '../../domain/incident-service.js';
import type { Actor } from '../../domain/model.js';
import { DEFAULT_SEVERITY_MAP, urgencyFor } from '../../intake/severity.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Commit } from '../group-commit.js';

const payloadSchema = z.object({
  summary: z.string().min(1).max(1024),
  source: z.string().min(1).max(255),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  timestamp: z.string().optional(),
  component: z.string().max(255).optional(),
  group: z.string().max(255).optional(),
  class: z.string().max(255).optional(),
  custom_details: z.unknown().optional(),
});

const eventSchema = z.discriminatedUnion('event_action', [
  z.object({
    routing_key: z.string().length(32),
    event_action: z.literal('trigger'),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: payloadSchema,
    client: z.string().optional(),
    client_url: z.string().optional(),
  }),
  z.object({
    routing_key: z.string().length(32),
    event_action: z.enum(['acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(255),
  }),
]);

const ACTOR: Actor = { name: 'Events API v2' };

type Answer = { status: number; body: Record<string, unknown> };

const invalid = (errors: string[]): Answer => ({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } });
const processed = (dedupKey: string): Answer => ({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } });

/** POST /v2/enqueue, apart from any framework: takes the parsed body, says what to answer. */
export function eventsV2Handler(incidents: IncidentService, directory: Directory, commit: Commit, metrics: Metrics): (body: unknown) => Promise<Answer> {
  return async (body) => {
    const parsed = eventSchema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `'${i.path.join('.') || 'event'}': ${i.message}`));
    const event = parsed.data;
    const service = directory.findServiceByIntegrationKey(event.routing_key);
    if (!service) return invalid(["'routing_key': no service has this integration key (see `opsknight-slack service show <slug>`)"]);
    if (event.event_action === 'trigger') {
      const p = event.payload;
      const dedupKey = event.dedup_key ?? randomBytes(16).toString('hex');
      const description = [`Source: ${p.source}`, p.group && `Group: ${p.group}`, p.class && `Class: ${p.class}`]
        .concat(p.custom_details === undefined ? [] : [`Details: ${JSON.stringify(p.custom_details)}`])
        .filter(Boolean)
        .join('\n');
      const r = await commit(() =>
        incidents.trigger(
          {
            title: p.summary,
            serviceSlug: service.slug,
            urgency: urgencyFor(p.severity, DEFAULT_SEVERITY_MAP, 'HIGH'),
            description,
            components: p.component ? [p.component] : [],
            dedupKey,
          },
          ACTOR,
          'events-v2',
        ),
      );
      if (r.created) metrics.incidentsCreated.inc({ source: 'events-v2' });
      return processed(dedupKey);
    }
    // Like PagerDuty, an acknowledge or resolve for an unknown or closed dedup key is accepted and does nothing.
    const action = event.event_action;
    await commit(() => {
      const open = incidents.findUnresolvedByDedupKey(service.slug, event.dedup_key);
      if (!open) return;
      try {
        if (action === 'acknowledge') incidents.acknowledge(open.id, ACTOR, 'events-v2');
        else incidents.resolve(open.id, ACTOR, 'events-v2');
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'invalid_transition')) throw err;
      }
    });
    return processed(event.dedup_key);
  };
}
