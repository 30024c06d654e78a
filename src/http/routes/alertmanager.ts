// Alertmanager webhook (payload version 4). Firing alerts open or dedupe into incidents, resolved
// alerts resolve them. Options come from the receiver URL's query string, so each receiver can differ:
//   ?service=<slug>            service for every alert (else the alert's `service` label)
//   &service_label=<label>     which label names the service (default "service")
//   &dedup=alert|group         one incident per alert fingerprint (default) or per notification group
//   &severity_map=critical:HIGH,warning:MEDIUM   extends the default severity → urgency map
//   &default_urgency=HIGH      urgency when the severity label is missing or unknown
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { UnknownServiceError, ValidationError } from '../../domain/errors.js';
import type { Directory } from '../../domain/directory.js';
import type { IncidentService } from '../../domain/incident-service.js';
import { URGENCIES, type Actor, type Urgency } from '../../domain/model.js';
import { parseSeverityMap, urgencyFor } from '../../intake/severity.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Commit } from '../group-commit.js';

const labels = z.record(z.string(), z.string()).default({});

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

const webhookSchema = z.object({
  version: z.string().refine((v) => v === '4', { message: 'only Alertmanager webhook version "4" is supported' }),
  groupKey: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().optional(),
  alerts: z.array(alertSchema).min(1),
});

const querySchema = z.object({
  service: z.string().optional(),
  service_label: z.string().default('service'),
  dedup: z.enum(['alert', 'group']).default('alert'),
  severity_map: z.string().optional(),
  default_urgency: z
    .preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(URGENCIES))
    .default('HIGH'),
});

type Alert = z.infer<typeof alertSchema>;
type Webhook = z.infer<typeof webhookSchema>;

interface PlannedAlert {
  status: 'firing' | 'resolved';
  service: string;
  dedupKey: string;
  title: string;
  description: string;
  urgency: Urgency;
  components: string[];
}

const ACTOR: Actor = { name: 'Alertmanager' };

function fingerprintOf(alert: Alert): string {
  if (alert.fingerprint) return alert.fingerprint;
  const sorted = Object.keys(alert.labels).sort().map((k) => `${k}=${alert.labels[k]}`);
  return createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 16);
}

function titleOf(l: Record<string, string>, a: Record<string, string>): string {
  const base = a.summary ?? a.title ?? l.alertname ?? 'Alertmanager alert';
  return l.instance && !base.includes(l.instance) && !a.summary ? `${base} on ${l.instance}` : base;
}

function plan(hook: Webhook, q: z.infer<typeof querySchema>): PlannedAlert[] {
  const severityMap = parseSeverityMap(q.severity_map);
  const serviceFor = (l: Record<string, string>) => {
    const service = q.service ?? l[q.service_label] ?? hook.commonLabels[q.service_label];
    if (!service) {
      throw new ValidationError(
        `No service for this alert: add ?service=<slug> to the receiver URL or a "${q.service_label}" label.`,
        'service',
      );
    }
    return service;
  };
  if (q.dedup === 'group') {
    const l = { ...hook.commonLabels, ...hook.groupLabels };
    const a = hook.commonAnnotations;
    return [
      {
        status: hook.status,
        service: serviceFor(l),
        dedupKey: hook.groupKey,
        title: titleOf(l, a),
        description: [a.description, `${hook.alerts.length} alert(s) in group ${hook.groupKey}`, hook.externalURL]
          .filter(Boolean)
          .join('\n'),
        urgency: urgencyFor(l.severity, severityMap, q.default_urgency),
        components: l.component ? [l.component] : [],
      },
    ];
  }
  return hook.alerts.map((alert) => {
    const l = { ...hook.commonLabels, ...alert.labels };
    const a = { ...hook.commonAnnotations, ...alert.annotations };
    return {
      status: alert.status,
      service: serviceFor(l),
      dedupKey: fingerprintOf(alert),
      title: titleOf(l, a),
      description: [a.description, alert.generatorURL].filter(Boolean).join('\n'),
      urgency: urgencyFor(l.severity, severityMap, q.default_urgency),
      components: [l.component, l.instance].filter((c): c is string => Boolean(c)),
    };
  });
}

export function alertmanagerRoutes(incidents: IncidentService, directory: Directory, commit: Commit, metrics: Metrics): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const q = querySchema.parse(req.query);
    const hook = webhookSchema.parse(req.body);
    const planned = plan(hook, q);
    // Check every service first, so a bad alert refuses the whole webhook and nothing is half-written.
    const known = new Set(directory.listServices().map((s) => s.slug));
    for (const p of planned) if (!known.has(p.service)) throw new UnknownServiceError(p.service, [...known]);

    const results = await commit(() =>
      planned.map((p) => {
        if (p.status === 'resolved') {
          const open = incidents.findUnresolvedByDedupKey(p.service, p.dedupKey);
          if (!open) return { dedup_key: p.dedupKey, action: 'ignored', incident_id: null };
          incidents.resolve(open.id, ACTOR, 'alertmanager', 'Resolved by Alertmanager: the alert stopped firing.');
          return { dedup_key: p.dedupKey, action: 'resolved', incident_id: open.id };
        }
        const r = incidents.trigger(
          { ...p, serviceSlug: p.service, description: p.description },
          ACTOR,
          'alertmanager',
        );
        if (r.created) metrics.incidentsCreated.inc({ source: 'alertmanager' });
        return { dedup_key: p.dedupKey, action: r.created ? 'created' : 'deduplicated', incident_id: r.incident.id };
      }),
    );
    res.json({ status: 'ok', results });
  });
  return router;
}
