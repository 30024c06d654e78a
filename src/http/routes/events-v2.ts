// PagerDuty Events API v2-compatible intake: tools that speak to PagerDuty can point here instead.
// routing_key is a service's integration key (`opsknight-slack service show <slug>`).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DomainError, ValidationError } from '../../domain/errors.js';
import { MAX_TITLE_LENGTH } from '../../domain/incident.js';
import type { Directory } from '../../domain/directory.js';
import type { IncidentService } from '../../domain/incident-service.js';
import type { Actor } from '../../domain/model.js';
import { flattenDetails } from '../../intake/details.js';
import { LinkList } from '../../intake/links.js';
import { DEFAULT_SEVERITY_MAP, urgencyFor } from '../../intake/severity.js';
import { pagerDutyInvalidEvent } from '../pagerduty-errors.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Commit } from '../../store/group-commit.js';

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

export const linkSchema = z.object({ href: z.string().max(2000), text: z.string().max(1024).optional() });
const imageSchema = z.object({ src: z.string().max(2000), href: z.string().max(2000).optional(), alt: z.string().max(1024).optional() });

const eventSchema = z.discriminatedUnion('event_action', [
  z.object({
    routing_key: z.string().length(32),
    event_action: z.literal('trigger'),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: payloadSchema,
    client: z.string().optional(),
    client_url: z.string().optional(),
    links: z.array(linkSchema).max(50).optional(),
    images: z.array(imageSchema).max(50).optional(),
  }),
  z.object({
    routing_key: z.string().length(32),
    event_action: z.enum(['acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(255),
  }),
]);

const ACTOR: Actor = { name: 'Events API v2' };

type Answer = { status: number; body: Record<string, unknown> };

const invalid = (errors: string[]): Answer => pagerDutyInvalidEvent('Event object is invalid', errors);

/** A sender's timestamp, when it is one; otherwise "not said" (the received time stands). */
export function timestampOf(text: string | undefined): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

type TriggerEvent = Extract<z.infer<typeof eventSchema>, { event_action: 'trigger' }>;

function contextOf(event: TriggerEvent) {
  const p = event.payload;
  const links = new LinkList();
  for (const l of event.links ?? []) links.add(l.text, l.href);
  for (const img of event.images ?? []) links.add(img.alt || 'Image', img.href ?? img.src);
  links.add(event.client || 'Source', event.client_url);
  // PagerDuty takes summaries up to 1,024 characters; titles here stop at 500, so the whole one is kept.
  const details: Record<string, string> = p.summary.length > MAX_TITLE_LENGTH ? { summary: p.summary } : {};
  return { links: links.toArray(), labels: {}, details: { ...details, ...flattenDetails(p.custom_details) }, alertCounts: null };
}
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
      const description = [`Source: ${p.source}`, p.group && `Group: ${p.group}`, p.class && `Class: ${p.class}`].filter(Boolean).join('\n');
      const title = p.summary.length > MAX_TITLE_LENGTH ? `${p.summary.slice(0, MAX_TITLE_LENGTH - 1)}…` : p.summary;
      let r;
      try {
        r = await commit(() =>
          incidents.trigger(
            {
              title,
              serviceSlug: service.slug,
              urgency: urgencyFor(p.severity, DEFAULT_SEVERITY_MAP, 'HIGH'),
              description,
              components: p.component ? [p.component] : [],
              dedupKey,
              triggeredAt: timestampOf(p.timestamp),
              context: contextOf(event),
            },
            ACTOR,
            'events-v2',
          ),
        );
      } catch (err) {
        // Whatever the domain refuses is still answered in PagerDuty's shape.
        if (err instanceof ValidationError) return invalid([`'${String(err.details.field ?? 'payload')}': ${err.message}`]);
        throw err;
      }
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
