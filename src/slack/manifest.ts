// Renders the Slack app manifest from templates/slack-app-manifest.json for a public URL.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { REQUIRED_BOT_SCOPES } from './scopes.js';

export { REQUIRED_BOT_SCOPES };
const require = createRequire(import.meta.url);

const TEMPLATE = fileURLToPath(new URL('../../templates/slack-app-manifest.json', import.meta.url));

export interface ManifestOptions {
  /** Public HTTPS base URL of the daemon, without a trailing slash. */
  url: string;
  name?: string;
  socketMode?: boolean;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Checks a public URL the way Slack will: HTTPS (unless Socket Mode), absolute, no query. */
export function checkPublicUrl(text: string, socketMode = false): { url: string; warnings: string[] } {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new ManifestError(`"${text}" is not a URL: give the address Slack will call, e.g. https://ops.example.com`);
  }
  if (u.protocol !== 'https:' && !(socketMode && u.protocol === 'http:')) {
    throw new ManifestError('Slack only calls HTTPS URLs: put the daemon behind a reverse proxy with a certificate (see templates/), or use --socket-mode.');
  }
  if (u.search || u.hash) throw new ManifestError('The public URL must not carry a query or fragment.');
  const warnings: string[] = [];
  if (['localhost', '127.0.0.1', '::1', '[::1]'].includes(u.hostname)) {
    warnings.push(`${u.hostname} is only reachable from this machine: Slack cannot call it. Use the public address of your reverse proxy.`);
  }
  return { url: `${u.origin}${u.pathname.replace(/\/+$/, '')}`, warnings };
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export function renderManifest(opts: ManifestOptions): Record<string, Json> {
  const name = (opts.name ?? 'OpsKnight').trim();
  if (!name || name.length > 35) throw new ManifestError('The app name must be 1 to 35 characters (a Slack limit).');
  const fill = (node: Json): Json => {
    if (typeof node === 'string') return node.replaceAll('{{NAME}}', name).replaceAll('{{URL}}', opts.url);
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const manifest = fill(JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Json) as Record<string, Json> & {
    features: { slash_commands: Record<string, Json>[] };
    settings: { interactivity: Record<string, Json>; socket_mode_enabled: boolean; event_subscriptions?: Record<string, Json> };
    oauth_config: Record<string, Json>;
  };
  if (opts.socketMode) {
    // Socket Mode: Slack sends events over the app-level connection, so there are no request URLs.
    for (const c of manifest.features.slash_commands) delete c.url;
    delete manifest.settings.interactivity.request_url;
    if (manifest.settings.event_subscriptions) delete manifest.settings.event_subscriptions.request_url;
    manifest.settings.socket_mode_enabled = true;
  }
  return manifest;
}

export function formatManifest(manifest: Record<string, unknown>, format: 'json' | 'yaml'): string {
  // yaml is loaded only for --format yaml.
  if (format === 'yaml') return (require('yaml') as typeof import('yaml')).stringify(manifest);
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Slack's "create an app from this manifest" link. */
export function createAppLink(manifest: Record<string, unknown>): string {
  return `https://api.slack.com/apps?new_app=1&manifest_json=${encodeURIComponent(JSON.stringify(manifest))}`;
}
