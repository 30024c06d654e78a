// The daemon's configuration, validated once: flags > environment > stored setting > default.
import { z } from 'zod';

import { LOG_LEVELS } from './log-levels.js';

export { LOG_LEVELS };

export const serveConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** Express "trust proxy": false, true, a hop count, or addresses/subnets ("loopback", "10.0.0.0/8"). */
  trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string()]).default('loopback'),
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Slow or stalled clients: whole headers within this, the whole request within requestTimeout. */
  headersTimeoutSeconds: z.coerce.number().positive().max(3600).default(10),
  requestTimeoutSeconds: z.coerce.number().positive().max(3600).default(30),
  /** Open connections at most; more are closed at once. */
  maxConnections: z.coerce.number().int().min(1).default(512),
  /** Unauthenticated request bodies held at once, across all connections, in MiB. */
  preAuthBudgetMb: z.coerce.number().positive().default(32),
}).refine((c) => c.requestTimeoutSeconds >= c.headersTimeoutSeconds, {
  message: 'must be at least the headers timeout',
  path: ['requestTimeoutSeconds'],
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;

export function parseTrustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
