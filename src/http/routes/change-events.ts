// PagerDuty Change Events (POST /v2/change/enqueue): deploys and other changes, per service
// (routing_key = the service's integration key). Stored, listed on the service's open incidents,
// and posted once to the service's channel. Answers are PagerDuty's.
import { z } from 'zod';
import type { ChangeLog } from '../../domain/change-log.js';
import type { Directory } from '../../domain/directory.js';
import { flattenDetails } from '../../intake/details.js';
import { LinkList } from '../../intake/links.js';
import type { Commit } from '../../store/group-commit.js';
import { pagerDutyInvalidEvent } from '../pagerduty-errors.js';
import { linkSchema, timestampOf } from './events-v2.js';

const changeSchema = z.object({
  routing_key: z.string().length(32),
  payload: z.object({
    summary: z.string().min(1).max(1024),
    timestamp: z.string().optional(),
    source: z.string().max(255).optional(),
    custom_details: z.unknown().optional(),
  }),
  links: z.array(linkSchema).max(50).optional(),
});

type Answer = { status: number; body: Record<string, unknown> };

export function changeEventsHandler(changes: ChangeLog, directory: Directory, commit: Commit): (body: unknown) => Promise<Answer> {
  return async (body) => {
    const parsed = changeSchema.safeParse(body);
    if (!parsed.success) return pagerDutyInvalidEvent('Event object is invalid', parsed.error.issues.map((i) => `'${i.path.join('.') || 'event'}': ${i.message}`));
    const event = parsed.data;
    const service = directory.findServiceByIntegrationKey(event.routing_key);
    if (!service) return pagerDutyInvalidEvent('Event object is invalid', ["'routing_key': no service has this integration key (see `opsknight-slack service show <slug>`)"]);
    const links = new LinkList();
    for (const l of event.links ?? []) links.add(l.text, l.href);
    await commit(() =>
      changes.record({
        serviceSlug: service.slug,
        summary: event.payload.summary,
        source: event.payload.source ?? null,
        at: timestampOf(event.payload.timestamp),
        details: flattenDetails(event.payload.custom_details),
        links: links.toArray(),
      }),
    );
    return { status: 202, body: { status: 'success', message: 'Change event processed' } };
  };
}
