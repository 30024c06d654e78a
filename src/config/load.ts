import { parseTrustProxy, serveConfigSchema, type ServeConfig } from './schema.js';
import { EXPLAINED } from '../domain/explained-error.js';

export class ConfigError extends Error {
  readonly [EXPLAINED] = true;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ServeFlags {
  port?: string | number;
  host?: string;
  logLevel?: string;
  trustProxy?: string;
  url?: string;
}

/** Merges flags over environment over defaults, and says exactly which value is wrong. */
export function loadServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const pick = <T>(...values: (T | undefined)[]): T | undefined => values.find((v) => v !== undefined && v !== '');
  const raw = {
    port: pick(flags.port, env.PORT),
    host: pick(flags.host, env.HOST),
    logLevel: pick(flags.logLevel, env.LOG_LEVEL),
    trustProxy: pick(parseTrustProxy(flags.trustProxy), parseTrustProxy(env.TRUST_PROXY)),
    publicUrl: pick(flags.url, env.OPSKNIGHT_URL)?.replace(/\/+$/, ''),
    headersTimeoutSeconds: pick(env.OPSKNIGHT_HTTP_HEADERS_TIMEOUT),
    requestTimeoutSeconds: pick(env.OPSKNIGHT_HTTP_REQUEST_TIMEOUT),
    maxConnections: pick(env.OPSKNIGHT_HTTP_MAX_CONNECTIONS),
    preAuthBudgetMb: pick(env.OPSKNIGHT_HTTP_PREAUTH_MB),
  };
  const parsed = serveConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const names: Record<string, string> = {
      port: '--port / PORT',
      host: '--host / HOST',
      logLevel: '--log-level / LOG_LEVEL',
      trustProxy: 'TRUST_PROXY',
      publicUrl: '--url / OPSKNIGHT_URL',
      headersTimeoutSeconds: 'OPSKNIGHT_HTTP_HEADERS_TIMEOUT',
      requestTimeoutSeconds: 'OPSKNIGHT_HTTP_REQUEST_TIMEOUT',
      maxConnections: 'OPSKNIGHT_HTTP_MAX_CONNECTIONS',
      preAuthBudgetMb: 'OPSKNIGHT_HTTP_PREAUTH_MB',
    };
    const problems = parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

