// Builds the Express app without listening, so tests and the daemon wire it the same way.
import type { RequestListener } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { ChangeLog } from '../domain/change-log.js';
import type { Directory } from '../domain/directory.js';
import type { IncidentService } from '../domain/incident-service.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { bearerCheck, requireBearerToken } from './auth.js';
import { createErrorHandler, notFoundHandler } from './error-handler.js';
import { createGroupCommit, type Commit } from './group-commit.js';
import { alertmanagerRoutes } from './routes/alertmanager.js';
import { changeEventsRoutes } from './routes/change-events.js';
import { eventsV2Handler, eventsV2Routes } from './routes/events-v2.js';
import { healthRoutes, type HealthCheck } from './routes/health.js';
import { incidentCreator, incidentRoutes } from './routes/incidents.js';
import { jsonEndpoint } from './json-endpoint.js';
import type { IncidentLinks } from './incident-links.js';
import { incidentPageRoutes } from './routes/incident-page.js';
import { stormPageRoutes } from './routes/storm-page.js';
import type { StormRepo } from '../store/storm-repo.js';
import type { NodeEndpoint, ObserveRequest } from './node-response.js';
import { slackEndpoints, type SlackRouteDeps } from './routes/slack.js';
import { slackOAuthRoutes, type OAuthDeps } from './routes/slack-oauth.js';

export interface HttpDeps {
  incidents: IncidentService;
  directory: Directory;
  logger: Logger;
  metrics: Metrics;
  apiToken: () => string;
  health: HealthCheck;
  trustProxy?: boolean | number | string;
  /** Slack's endpoints; without them Slack requests get 404. */
  slack?: SlackRouteDeps;
  links?: IncidentLinks;
  /** Storm cards' incidents, for the storm page. */
  storms?: StormRepo;
  oauth?: OAuthDeps;
  /** Shared with the Slack handlers, so API writes and clicks batch together. */
  commit?: Commit;
  /** The configured fallback service for alerts whose service does not exist. */
  fallbackService?: () => string | null;
  /** Changes per service: POST /v2/change/enqueue and `recent_changes` on an incident. */
  changes?: ChangeLog;
}

export const MAX_BODY = '1mb';

/** Counts and times a request; logs it at debug, or as a warning when it failed on our side. */
function requestRecorder(metrics: Metrics, logger: Logger): ObserveRequest {
  return (method, route, status, seconds) => {
    const labels = { method, route, status: String(status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    if (status >= 500 || logger.isLevelEnabled('debug')) {
      logger[status >= 500 ? 'warn' : 'debug']({ ...labels, ms: Math.round(seconds * 1000) }, 'http request');
    }
  };
}

function observe(record: ObserveRequest): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The matched route pattern keeps label cardinality bounded ("/api/incidents/:id", not each id).
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? 'unmatched' : req.baseUrl || req.path;
      record(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

export interface HttpHandler {
  /** The Express app (every endpoint). */
  app: Express;
  /** What the daemon's server runs: the hot endpoints (Slack's, incident intake) straight on Node's
   *  http, everything else through the app. */
  listener: RequestListener;
}

export function createHttpHandler(deps: HttpDeps): HttpHandler {
  const record = requestRecorder(deps.metrics, deps.logger);
  const commit = deps.commit ?? createGroupCommit(deps.incidents);
  const { incidents, directory, metrics, logger } = deps;
  const fast: NodeEndpoint[] = [
    jsonEndpoint({ path: '/api/incidents', route: '/api/incidents/', authorized: bearerCheck(deps.apiToken), handle: incidentCreator(incidents, commit, metrics), logger }, record),
    jsonEndpoint({ path: '/v2/enqueue', route: '/v2/enqueue/', handle: eventsV2Handler(incidents, directory, commit, metrics), logger }, record),
  ];
  if (deps.slack) fast.push(slackEndpoints(deps.slack, record));
  const app = expressApp(deps, record, commit, fast);
  const listener: RequestListener = (req, res) => {
    for (const endpoint of fast) if (endpoint(req, res)) return;
    app(req, res);
  };
  return { app, listener };
}

export function createHttpApp(deps: HttpDeps): Express {
  return createHttpHandler(deps).app;
}

function expressApp(deps: HttpDeps, record: ObserveRequest, commit: Commit, fast: NodeEndpoint[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  // Reached only when the app is used on its own; the daemon's listener answers these before Express.
  for (const endpoint of fast) app.use((req, res, next) => void (endpoint(req, res) || next()));
  app.use(observe(record));

  const json = express.json({ limit: MAX_BODY });
  const auth = requireBearerToken(deps.apiToken);

  app.use(healthRoutes(deps.health, deps.metrics.registry));
  app.use('/api/incidents', auth, json, incidentRoutes(deps.incidents, commit, deps.metrics, deps.changes));
  // TEMPORARY (intake branch): 25 MB for Alertmanager's groups; the transport helper's limit mechanism replaces it.
  app.use('/api/integrations/alertmanager', auth, express.json({ limit: '25mb' }), alertmanagerRoutes(deps.incidents, deps.directory, commit, deps.metrics, { logger: deps.logger, fallbackService: deps.fallbackService }));
  app.use('/v2/enqueue', json, eventsV2Routes(deps.incidents, deps.directory, commit, deps.metrics));
  if (deps.changes) app.use('/v2/change/enqueue', json, changeEventsRoutes(deps.changes, deps.directory, commit));
  if (deps.oauth) app.use(slackOAuthRoutes(deps.oauth));
  if (deps.links) app.use(incidentPageRoutes(deps.incidents, deps.links, deps.apiToken));
  if (deps.links && deps.storms) app.use(stormPageRoutes({ incidents: deps.incidents, storms: deps.storms, links: deps.links, commit: deps.commit }));

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
