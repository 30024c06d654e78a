// Builds the Express app without listening, so tests and the daemon wire it the same way.
import type { RequestListener } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { ChangeLog } from '../domain/change-log.js';
import type { Directory } from '../domain/directory.js';
import type { Clock } from '../domain/ports.js';
import type { IncidentService } from '../domain/incident-service.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { requireBearerToken } from './auth.js';
import { serveEndpoints } from './endpoint.js';
import { endpointTable } from './endpoints.js';
import { createErrorHandler, notFoundHandler } from './error-handler.js';
import { jsonBody } from './express-body.js';
import type { Commit } from '../store/group-commit.js';
import type { IncidentLinks } from './incident-links.js';
import type { NodeEndpoint, ObserveRequest } from './node-response.js';
import { ByteBudget } from './preauth-budget.js';
import { alertmanagerRoutes } from './routes/alertmanager.js';
import { doctorRoutes, type DoctorRouteDeps } from './routes/doctor.js';
import { healthRoutes, type HealthCheck } from './routes/health.js';
import { incidentPageRoutes } from './routes/incident-page.js';
import { stormPageRoutes } from './routes/storm-page.js';
import type { StormRepo } from '../store/storm-repo.js';
import { incidentRoutes } from './routes/incidents.js';
import type { SlackRouteDeps } from './routes/slack.js';
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
  commit: Commit;
  /** The configured fallback service for alerts whose service does not exist. */
  fallbackService?: () => string | null;
  /** Changes per service: POST /v2/change/enqueue and `recent_changes` on an incident. */
  changes?: ChangeLog;
  /** "Now" for pages that show relative times (default the system's clock). */
  clock?: Clock;
  /** Bytes of unauthenticated request bodies in flight, across all connections (default 32 MiB). */
  preAuthBudget?: ByteBudget;
  /** GET /api/doctor and /healthz?verbose=1 (src/daemon/doctor-wiring.ts). */
  doctor?: DoctorRouteDeps;
}

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

/** Names the mount a request entered, for its metrics label. */
const routeBase =
  (base: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.routeBase = base;
    next();
  };

/** The metrics label comes from the route table only — the mount and the matched route pattern
 *  ("/api/incidents/:id", never the id) — so no request can add a series: anything that matched
 *  no route (a 404, a path that will not decode) is "unmatched". */
function observe(record: ObserveRequest): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const base = res.locals.routeBase as string | undefined;
      const pattern = req.route && typeof req.route.path === 'string' ? req.route.path : undefined;
      const route = pattern !== undefined ? `${base ?? ''}${pattern}` : (base ?? 'unmatched');
      record(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

export interface HttpHandler {
  /** The Express app (every endpoint). */
  app: Express;
  /** What the daemon's server runs: the endpoint table (Slack's endpoints, incident intake) straight
   *  on Node's http, everything else through the app. */
  listener: RequestListener;
}

export function createHttpHandler(deps: HttpDeps): HttpHandler {
  const record = requestRecorder(deps.metrics, deps.logger);
  const { commit } = deps;
  const endpoints = serveEndpoints(endpointTable({ ...deps, commit }), {
    logger: deps.logger,
    preAuthBudget: deps.preAuthBudget ?? new ByteBudget(),
    observe: record,
  });
  const app = expressApp(deps, record, commit, endpoints);
  const listener: RequestListener = (req, res) => {
    if (!endpoints(req, res)) app(req, res);
  };
  return { app, listener };
}

export function createHttpApp(deps: HttpDeps): Express {
  return createHttpHandler(deps).app;
}

function expressApp(deps: HttpDeps, record: ObserveRequest, commit: Commit, endpoints: NodeEndpoint): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  // Reached only when the app is used on its own (tests): the endpoint table, through the same
  // adapter; the daemon's listener answers these before Express.
  app.use((req, res, next) => void (endpoints(req, res) || next()));
  app.use(observe(record));

  const auth = requireBearerToken(deps.apiToken);
  if (deps.doctor) app.use(doctorRoutes(deps.doctor, auth));
  app.use(healthRoutes(deps.health, deps.metrics.registry));
  app.use('/api/incidents', routeBase('/api/incidents'), auth, jsonBody('api'), incidentRoutes(deps.incidents, commit, deps.changes));
  app.use(
    '/api/integrations/alertmanager',
    routeBase('/api/integrations/alertmanager'),
    auth,
    jsonBody('alertmanager'),
    alertmanagerRoutes(deps.incidents, deps.directory, commit, deps.metrics, { logger: deps.logger, fallbackService: deps.fallbackService }),
  );
  if (deps.oauth) app.use(slackOAuthRoutes(deps.oauth));
  if (deps.links) app.use(incidentPageRoutes(deps.incidents, deps.links, deps.apiToken, deps.clock));
  if (deps.links && deps.storms) app.use(stormPageRoutes({ incidents: deps.incidents, storms: deps.storms, links: deps.links, commit: deps.commit }));

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
