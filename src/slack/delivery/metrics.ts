// Delivery figures for /metrics: outbox depth per workspace, deliveries and failures by Slack error,
// 429s, and the time from an event to its delivery.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OutboxRepo } from '../../store/outbox-repo.js';

export interface DeliveryMetrics {
  delivered(kind: string, method: string, secondsSinceEvent: number): void;
  failed(method: string, error: string): void;
  rateLimited(): void;
  folded(incidents: number): void;
  callSeconds(method: string, seconds: number): void;
}

export function createDeliveryMetrics(registry: Registry, outbox: OutboxRepo): DeliveryMetrics {
  const deliveries = new Counter({ name: 'opsknight_slack_deliveries_total', help: 'Slack calls delivered from the outbox.', labelNames: ['kind', 'method'], registers: [registry] });
  const failures = new Counter({ name: 'opsknight_slack_delivery_failures_total', help: 'Slack calls that failed, by Slack error.', labelNames: ['method', 'error'], registers: [registry] });
  const limited = new Counter({ name: 'opsknight_slack_rate_limited_total', help: 'HTTP 429 answers from Slack (each retried after Retry-After).', registers: [registry] });
  const folded = new Counter({ name: 'opsknight_slack_digest_folded_incidents_total', help: 'Incident posts folded into alert-storm digests.', registers: [registry] });
  const latency = new Histogram({
    name: 'opsknight_slack_event_to_delivery_seconds',
    help: 'Time from an incident event to its delivery in Slack.',
    labelNames: ['kind'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const calls = new Histogram({ name: 'opsknight_slack_api_call_seconds', help: 'Slack Web API call duration.', labelNames: ['method'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10], registers: [registry] });
  new Gauge({
    name: 'opsknight_slack_outbox_depth',
    help: 'Slack calls waiting in the outbox, per workspace.',
    labelNames: ['team_id'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { teamId, depth } of outbox.depthByWorkspace()) this.set({ team_id: teamId }, depth);
    },
  });
  return {
    delivered: (kind, method, s) => {
      deliveries.inc({ kind, method });
      latency.observe({ kind }, Math.max(0, s));
    },
    failed: (method, error) => failures.inc({ method, error }),
    rateLimited: () => limited.inc(),
    folded: (n) => folded.inc(n),
    callSeconds: (method, s) => calls.observe({ method }, s),
  };
}

/** Which workspaces this daemon delivers (several daemons share the outbox by leases): 1 per lane held. */
export function registerLaneGauge(registry: Registry, heldLanes: () => { lane: string }[]): void {
  new Gauge({
    name: 'opsknight_slack_delivery_lanes_held',
    help: 'Workspaces whose Slack deliveries this daemon holds the lease for (1 each).',
    labelNames: ['team_id'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { lane } of heldLanes()) this.set({ team_id: lane }, 1);
    },
  });
}
