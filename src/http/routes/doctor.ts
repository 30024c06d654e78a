// What `doctor` asks the daemon (GET /api/doctor) and the findings for monitoring
// (GET /healthz?verbose=1); both need the API token.
import { Router, type RequestHandler } from 'express';

export interface DoctorRouteDeps {
  facts: () => unknown;
  findings: () => unknown;
}

export function doctorRoutes(deps: DoctorRouteDeps, auth: RequestHandler): Router {
  const router = Router();
  router.get('/api/doctor', auth, (_req, res) => void res.json(deps.facts()));
  // Plain /healthz stays open and cheap; only the verbose form is answered here.
  router.get('/healthz', (req, res, next) => {
    if (req.query.verbose !== '1' && req.query.verbose !== 'true') return next();
    auth(req, res, () => void res.json(deps.findings()));
  });
  return router;
}
