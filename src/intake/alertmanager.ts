// Alertmanager webhook (version 4) → planned incidents. Pure: the route resolves services and
// writes. Each alert is checked on its own, so one malformed alert does not sink its group.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_TITLE_LENGTH } from '../domain/incident.js';
import { URGENCIES, type IncidentContext, type Urgency } from '../domain/model.js';
import { flattenDetails } from './details.js';
import { alertmanagerLinks, isLinkAnnotation } from './links.js';
import { parseSeverityMap, urgencyFor } from './severity.js';

const labels = z.record(z.string(), z.string()).default({});

export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/** The envelope; alerts are checked one by one (alertSchema). */
export const webhookSchema = z.object({
  version: z.string().refine((v) => v === '4', { message: 'only Alertmanager webhook version "4" is supported' }),
  groupKey: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  alerts: z.array(z.unknown()).min(1),
});

export const querySchema = z.object({
  service: z.string().optional(),
  service_label: z.string().default('service'),
  fallback_service: z.string().optional(),
  dedup: z.enum(['alert', 'group']).default('alert'),
  severity_map: z.string().optional(),
  default_urgency: z
    .preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(URGENCIES))
    .default('HIGH'),
});

export type Alert = z.infer<typeof alertSchema>;
export type Webhook = z.infer<typeof webhookSchema>;
export type AlertmanagerQuery = z.infer<typeof querySchema>;

export interface PlannedAlert {
  status: 'firing' | 'resolved';
  /** The service the alert names (URL, label), or null when it names none. */
  wantedService: string | null;
  dedupKey: string;
  title: string;
  description: string;
  urgency: Urgency;
  components: string[];
  startsAt: Date | null;
  context: IncidentContext;
}

export interface RejectedAlert {
  index: number;
  errors: string[];
}

/** Splits the alerts into those that can be read and those that cannot (with why). */
export function readAlerts(hook: Webhook): { alerts: Alert[]; rejected: RejectedAlert[] } {
  const alerts: Alert[] = [];
  const rejected: RejectedAlert[] = [];
  hook.alerts.forEach((raw, index) => {
    const parsed = alertSchema.safeParse(raw);
    if (parsed.success) alerts.push(parsed.data);
    else rejected.push({ index, errors: parsed.error.issues.map((i) => `alerts.${index}.${i.path.join('.')}: ${i.message}`) });
  });
  return { alerts, rejected };
}

function fingerprintOf(alert: Alert): string {
  if (alert.fingerprint) return alert.fingerprint;
  const sorted = Object.keys(alert.labels).sort().map((k) => `${k}=${alert.labels[k]}`);
  return createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 16);
}

function titleOf(l: Record<string, string>, a: Record<string, string>): string {
  const base = a.summary ?? a.title ?? l.alertname ?? 'Alertmanager alert';
  const title = l.instance && !base.includes(l.instance) && !a.summary ? `${base} on ${l.instance}` : base;
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

/** Go's zero time ("0001-01-01T00:00:00Z") and unparsable values mean "not said". */
function startOf(text: string | undefined): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971 ? null : d;
}

function earliest(dates: (Date | null)[]): Date | null {
  const known = dates.filter((d): d is Date => d !== null);
  return known.length ? new Date(Math.min(...known.map((d) => d.getTime()))) : null;
}

/** "{}/{severity="critical"}:{alertname="HighLatency"}" → "alertname=HighLatency": the group's labels, readable. */
export function readableGroup(hook: Pick<Webhook, 'groupLabels' | 'groupKey'>): string {
  const keys = Object.keys(hook.groupLabels).sort();
  return keys.length ? keys.map((k) => `${k}=${hook.groupLabels[k]}`).join(', ') : 'all alerts (no group_by labels)';
}

function contextOf(l: Record<string, string>, a: Record<string, string>, generatorURL: string | undefined, hook: Webhook, sent: number): IncidentContext {
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    if (k === 'summary' || k === 'description' || k === 'title' || isLinkAnnotation(v)) continue;
    Object.assign(details, flattenDetails({ [k]: v }));
  }
  const truncated = hook.truncatedAlerts ?? 0;
  return {
    links: alertmanagerLinks({ annotations: a, labels: l, generatorURL, externalURL: hook.externalURL }),
    labels: l,
    details,
    alertCounts: truncated > 0 ? { firing: sent + truncated, sent } : null,
  };
}

export function planAlerts(hook: Webhook, alerts: Alert[], q: AlertmanagerQuery): PlannedAlert[] {
  const severityMap = parseSeverityMap(q.severity_map);
  const serviceOf = (l: Record<string, string>) => q.service ?? l[q.service_label] ?? hook.commonLabels[q.service_label] ?? null;
  if (q.dedup === 'group') {
    const l = { ...hook.commonLabels, ...hook.groupLabels };
    const a = hook.commonAnnotations;
    // Alertmanager counts what it left out; the group's real size is what it sent plus that.
    const total = alerts.length + (hook.truncatedAlerts ?? 0);
    return [
      {
        status: hook.status,
        wantedService: serviceOf(l),
        dedupKey: hook.groupKey,
        title: titleOf(l, a),
        description: [a.description, `${total} alert(s) in the group ${readableGroup(hook)}`].filter(Boolean).join('\n'),
        urgency: urgencyFor(l.severity, severityMap, q.default_urgency),
        components: l.component ? [l.component] : [],
        startsAt: earliest(alerts.map((x) => startOf(x.startsAt))),
        context: contextOf(l, a, alerts[0]?.generatorURL, hook, alerts.length),
      },
    ];
  }
  return alerts.map((alert) => {
    const l = { ...hook.commonLabels, ...alert.labels };
    const a = { ...hook.commonAnnotations, ...alert.annotations };
    return {
      status: alert.status,
      wantedService: serviceOf(l),
      dedupKey: fingerprintOf(alert),
      title: titleOf(l, a),
      description: a.description ?? '',
      urgency: urgencyFor(l.severity, severityMap, q.default_urgency),
      components: [l.component, l.instance].filter((c): c is string => Boolean(c)),
      startsAt: startOf(alert.startsAt),
      context: contextOf(l, a, alert.generatorURL, hook, alerts.length),
    };
  });
}
