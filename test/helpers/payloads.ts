// Real-shaped monitoring payloads, built the way Alertmanager and PagerDuty clients send them.

export interface AlertInput {
  status?: 'firing' | 'resolved';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  fingerprint?: string;
}

/** An Alertmanager webhook body (version 4), as documented for webhook_config receivers. */
export function alertmanagerWebhook(alerts: AlertInput[], group: Partial<{ status: 'firing' | 'resolved'; groupKey: string; commonLabels: Record<string, string> }> = {}) {
  const full = alerts.map((a, i) => ({
    status: a.status ?? 'firing',
    labels: { alertname: 'HighLatency', ...a.labels },
    annotations: a.annotations ?? {},
    startsAt: '2026-11-30T10:00:00.000Z',
    endsAt: a.status === 'resolved' ? '2026-11-30T10:30:00.000Z' : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.local:9090/graph?g0.expr=latency',
    fingerprint: a.fingerprint ?? `fp${i}`,
  }));
  return {
    version: '4',
    groupKey: group.groupKey ?? '{}/{}:{alertname="HighLatency"}',
    truncatedAlerts: 0,
    status: group.status ?? (full.every((a) => a.status === 'resolved') ? 'resolved' : 'firing'),
    receiver: 'opsknight',
    groupLabels: { alertname: 'HighLatency' },
    commonLabels: group.commonLabels ?? { alertname: 'HighLatency' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: full,
  };
}

/** A PagerDuty Events API v2 event. */
export function pagerDutyEvent(routingKey: string, action: 'trigger' | 'acknowledge' | 'resolve', extra: Record<string, unknown> = {}) {
  return action === 'trigger'
    ? {
        routing_key: routingKey,
        event_action: action,
        payload: {
          summary: 'Disk almost full on db-1',
          source: 'db-1.prod',
          severity: 'warning',
          component: 'postgres',
          group: 'prod-db',
          class: 'disk',
          custom_details: { free: '3%' },
        },
        ...extra,
      }
    : { routing_key: routingKey, event_action: action, ...extra };
}
