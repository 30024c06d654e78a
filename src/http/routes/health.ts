import { Router } from 'express';
import type { Registry } from 'prom-client';

/** ok false: cannot serve (503 "unavailable"). degraded: serving, but something is held up (200
 *  "degraded", with the reason); a readiness probe should keep sending traffic. */
export type HealthCheck = () => { ok: boolean; degraded?: string; details: Record<string, unknown> };

export function healthRoutes(check: HealthCheck, registry: Registry): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    let result: ReturnType<HealthCheck>;
    try {
      result = check();
    } catch (err) {
      result = { ok: false, details: { error: (err as Error).message } };
    }
    const status = !result.ok ? 'unavailable' : result.degraded ? 'degraded' : 'ok';
    res.status(result.ok ? 200 : 503).json({ status, ...(result.degraded ? { reason: result.degraded } : {}), ...result.details });
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
