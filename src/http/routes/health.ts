import { Router } from 'express';
import type { Registry } from 'prom-client';

export type HealthCheck = () => { ok: boolean; details: Record<string, unknown> };

export function healthRoutes(check: HealthCheck, registry: Registry): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    let result: ReturnType<HealthCheck>;
    try {
      result = check();
    } catch (err) {
      result = { ok: false, details: { error: (err as Error).message } };
    }
    res.status(result.ok ? 200 : 503).json({ status: result.ok ? 'ok' : 'unavailable', ...result.details });
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
