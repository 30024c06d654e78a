// The CLI's view of the running daemon: GET /api/doctor on its local address, with the API token.
import { API_TOKEN_SETTING } from '../config/setting-keys.js';
import type { Core } from '../daemon/container.js';
import type { DaemonFacts } from '../daemon/slack-request-log.js';
import { readableSetting } from './context.js';

export const REFUSED_TOKEN = 'the daemon refused the API token';

/** Where `serve` listens by default (PORT, HOST); a wildcard address is reached on loopback. */
export function localDaemonUrl(env: NodeJS.ProcessEnv): string {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || '3000'}`;
}

export async function askDaemon(core: Core, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ url: string; facts: DaemonFacts | null; problem: string | null }> {
  const url = localDaemonUrl(env);
  const token = env.OPSKNIGHT_API_TOKEN || readableSetting(core, API_TOKEN_SETTING);
  if (!token) return { url, facts: null, problem: 'no API token is stored (or it cannot be decrypted): set OPSKNIGHT_API_TOKEN' };
  try {
    const res = await fetch(`${url}/api/doctor`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 401) return { url, facts: null, problem: REFUSED_TOKEN };
    if (!res.ok) return { url, facts: null, problem: `it answered HTTP ${res.status} (an older opsknight-slack, or another program on that port)` };
    return { url, facts: (await res.json()) as DaemonFacts, problem: null };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { url, facts: null, problem: cause?.code === 'ECONNREFUSED' ? 'connection refused' : (cause?.code ?? (err as Error).message) };
  }
}
