// The table of endpoints served by the one adapter (src/http/endpoint.ts): the hot ones — every
// Slack click and command, and the intake an alert storm hits — ahead of Express in the daemon.
import type { ChangeLog } from '../domain/change-log.js';
import type { Directory } from '../domain/directory.js';
import type { IncidentService } from '../domain/incident-service.js';
import type { Metrics } from '../observability/metrics.js';
import { bearerCheck, UNAUTHORIZED } from './auth.js';
import { parseJsonBody } from './body-parse.js';
import { endpoint, type Endpoint } from './endpoint.js';
import type { Commit } from '../store/group-commit.js';
import { changeEventsHandler } from './routes/change-events.js';
import { eventsV2Handler } from './routes/events-v2.js';
import { incidentCreator } from './routes/incidents.js';
import { slackEndpoints, type SlackRouteDeps } from './routes/slack.js';

export interface EndpointDeps {
  incidents: IncidentService;
  directory: Directory;
  metrics: Metrics;
  commit: Commit;
  apiToken: () => string;
  slack?: SlackRouteDeps;
  changes?: ChangeLog;
}

const json = (raw: Buffer, head: { headers: { 'content-type'?: string } }) => parseJsonBody(raw, head.headers['content-type']);

export function endpointTable(deps: EndpointDeps): Endpoint[] {
  const authorized = bearerCheck(deps.apiToken);
  const table: Endpoint[] = [
    endpoint({
      path: '/api/incidents',
      route: '/api/incidents/',
      class: 'api',
      unauthenticatedBody: false,
      // The token is checked before the body is read.
      admit: (head) => (authorized(head.headers.authorization) ? null : { ...UNAUTHORIZED, headers: { ...UNAUTHORIZED.headers } }),
      parse: json,
      handle: incidentCreator(deps.incidents, deps.commit, deps.metrics),
    }),
    endpoint({
      path: '/v2/enqueue',
      route: '/v2/enqueue/',
      class: 'pagerduty',
      // Authenticated by the routing key inside the body.
      unauthenticatedBody: true,
      parse: json,
      handle: eventsV2Handler(deps.incidents, deps.directory, deps.commit, deps.metrics),
    }),
  ];
  if (deps.changes) {
    table.push(
      endpoint({
        path: '/v2/change/enqueue',
        route: '/v2/change/enqueue/',
        class: 'pagerduty-change',
        unauthenticatedBody: true,
        parse: json,
        handle: changeEventsHandler(deps.changes, deps.directory, deps.commit),
      }),
    );
  }
  if (deps.slack) table.push(...slackEndpoints(deps.slack));
  return table;
}
