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
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;

export function parseTrustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
