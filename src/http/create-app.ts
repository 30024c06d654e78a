// Builds the Express app without listening, so tests and the daemon wire it the same way.
import express, { type Express, type RequestHandler } from 'express';
import type { Directory } from '../domain/directory.js';
import type { IncidentService } from '../domain/incident-service.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { requireBearerToken } from './auth.js';
import { createErrorHandler, notFoundHandler } from './error-handler.js';
import { createGroupCommit, type Commit } from './group-commit.js';
import { alertmanagerRoutes } from './routes/alertmanager.js';
import { eventsV2Routes } from './routes/events-v2.js';
import { healthRoutes, type HealthCheck } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import type { IncidentLinks } from './incident-links.js';
import { incidentPageRoutes } from './routes/incident-page.js';
import { slackRoutes, type SlackRouteDeps } from './routes/slack.js';
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
  oauth?: OAuthDeps;
  /** Shared with the Slack handlers, so API writes and clicks batch together. */
  commit?: Commit;
}

export const MAX_BODY = '1mb';

function observe(metrics: Metrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The matched route pattern keeps label cardinality bounded ("/api/incidents/:id", not each id).
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? 'unmatched' : req.baseUrl || req.path;
      const labels = { method: req.method, route, status: String(res.statusCode) };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      if (logger.isLevelEnabled('debug') || res.statusCode >= 500) {
        logger[res.statusCode >= 500 ? 'warn' : 'debug'](
          { ...labels, ms: Math.round(seconds * 1000), ip: req.ip },
          'http request',
        );
      }
    });
    next();
  };
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  app.use(observe(deps.metrics, deps.logger));

  const json = express.json({ limit: MAX_BODY });
  const auth = requireBearerToken(deps.apiToken);
  const commit = deps.commit ?? createGroupCommit(deps.incidents);

  app.use(healthRoutes(deps.health, deps.metrics.registry));
  app.use('/api/incidents', auth, json, incidentRoutes(deps.incidents, commit, deps.metrics));
  app.use('/api/integrations/alertmanager', auth, json, alertmanagerRoutes(deps.incidents, deps.directory, commit, deps.metrics));
  app.use('/v2/enqueue', json, eventsV2Routes(deps.incidents, deps.directory, commit, deps.metrics));
  if (deps.slack) {
    const slack = slackRoutes(deps.slack);
    app.use('/api/slack', slack);
    app.use('/api/integrations/slack', slack);
  }
  if (deps.oauth) app.use(slackOAuthRoutes(deps.oauth));
  if (deps.links) app.use(incidentPageRoutes(deps.incidents, deps.links, deps.apiToken));

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
