// Prometheus metrics, one registry per daemon (so tests can run several side by side).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  incidentsCreated: Counter<'source'>;
  slackRejected: Counter<'reason'>;
  alertsTruncated: Counter;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'opsknight_slack_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'opsknight_slack_http_requests_total',
      help: 'HTTP requests served, by route and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'opsknight_slack_http_request_duration_seconds',
      help: 'HTTP request latency, by route and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    incidentsCreated: new Counter({
      name: 'opsknight_slack_incidents_created_total',
      help: 'Incidents opened, by intake source.',
      labelNames: ['source'],
      registers: [registry],
    }),
    slackRejected: new Counter({
      name: 'opsknight_slack_requests_rejected_total',
      help: 'Requests to the Slack endpoints refused by signature verification, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    alertsTruncated: new Counter({
      name: 'opsknight_slack_alertmanager_truncated_alerts_total',
      help: 'Alerts Alertmanager left out of its notifications (truncatedAlerts: raise max_alerts on the receiver).',
      registers: [registry],
    }),
  };
}
