// Interactivity, seen from outside: the public URL is HTTPS, resolves, presents a trusted certificate
// that does not expire soon, reaches this daemon (/healthz answers with its instance id), and the
// saved manifest sends Slack to this URL's endpoints.
import { existsSync, readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { APP_TOKEN_SETTING, PUBLIC_URL_SETTING } from '../config/setting-keys.js';
import { humanTime, localTime, relativeTime } from '../shared/human-time.js';
import { renderManifest } from '../slack/manifest.js';
import { readableSetting, type DoctorContext } from './context.js';
import { fail, ok, warn, type Finding } from './finding.js';
import { certificateProblemWords, probeCertificate } from './tls-probe.js';

const G = 'interactivity';
const DAY_MS = 86_400_000;
export const CERT_WARNING_DAYS = 14;
const PROXY_FIX = 'Put the daemon behind a reverse proxy with a certificate from a public CA (templates/Caddyfile gets one automatically).';

export function socketModeConfigured(ctx: DoctorContext): boolean {
  return Boolean(ctx.env.SLACK_APP_TOKEN || readableSetting(ctx.core, APP_TOKEN_SETTING));
}

async function certificateFinding(ctx: DoctorContext, url: URL): Promise<Finding> {
  const port = Number(url.port || 443);
  let cert;
  try {
    cert = await probeCertificate(url.hostname.replace(/^\[|\]$/g, ''), port, ctx.timeoutMs);
  } catch (err) {
    return fail(G, 'Certificate', `${url.host} does not answer HTTPS: ${(err as Error).message}`, 'Check that the reverse proxy listens on that port and the firewall lets Slack in.');
  }
  const now = ctx.now().getTime();
  const until = cert.validTo ? localTime(cert.validTo.getTime(), now) : 'unknown';
  if (!cert.trusted) return fail(G, 'Certificate', `${url.host} presents a certificate Slack will refuse: ${certificateProblemWords(cert.problem!)} (valid until ${until})`, PROXY_FIX);
  const daysLeft = cert.validTo ? Math.floor((cert.validTo.getTime() - now) / DAY_MS) : Infinity;
  if (daysLeft < CERT_WARNING_DAYS) {
    return warn(G, 'Certificate', `trusted, but expires ${humanTime(cert.validTo!.getTime(), now)}`, 'Renew it now (certbot renew; Caddy renews by itself — check its log for why it has not).');
  }
  return ok(G, 'Certificate', `trusted, valid until ${until} (${relativeTime(cert.validTo!.getTime(), now)})`);
}

async function reachFinding(ctx: DoctorContext, base: string): Promise<Finding> {
  const target = `${base}/healthz`;
  let body: { instance?: string } | null = null;
  let status = 0;
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(ctx.timeoutMs) });
    status = res.status;
    body = (await res.json().catch(() => null)) as { instance?: string } | null;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return fail(G, 'Reaches this daemon', `${target} cannot be fetched: ${cause?.code ?? cause?.message ?? (err as Error).message}`, 'Check the reverse proxy forwards to this daemon and its certificate is trusted.');
  }
  if (!body?.instance) {
    return fail(G, 'Reaches this daemon', `${target} does not answer like opsknight-slack (HTTP ${status})`, `Make the reverse proxy forward everything under ${base} to this daemon (${ctx.daemonUrl ?? 'its HOST:PORT'}).`);
  }
  if (!ctx.facts) return warn(G, 'Reaches this daemon', `${base} reaches an opsknight-slack daemon (instance ${body.instance}), but the local daemon cannot be asked to compare`, 'Start the daemon (see Daemon) and run doctor again.');
  if (body.instance !== ctx.facts.instance_id) {
    return fail(G, 'Reaches this daemon', `${base} reaches another opsknight-slack daemon (instance ${body.instance}), not this one (${ctx.facts.instance_id})`, `Point the reverse proxy at this daemon (${ctx.daemonUrl ?? 'its HOST:PORT'}), or correct OPSKNIGHT_URL.`);
  }
  return ok(G, 'Reaches this daemon', `${base}/healthz answers with this daemon's instance id`);
}

function manifestFinding(ctx: DoctorContext, base: string): Finding {
  const path = join(ctx.core.paths.home, 'slack-app-manifest.json');
  const regenerate = `Save the current one: \`opsknight-slack manifest --url ${base} -o ${path}\`, and paste it into the app's App Manifest page in Slack.`;
  if (!existsSync(path)) return warn(G, 'Manifest', `no saved manifest at ${path} to compare with`, regenerate);
  let saved: { features?: { slash_commands?: { url?: string }[] }; settings?: { interactivity?: { request_url?: string } } };
  try {
    saved = JSON.parse(readFileSync(path, 'utf8')) as typeof saved;
  } catch {
    return warn(G, 'Manifest', `${path} is not JSON`, regenerate);
  }
  const expected = renderManifest({ url: base }) as unknown as typeof saved;
  const pairs: [string, string | undefined, string | undefined][] = [
    ['interactivity', saved.settings?.interactivity?.request_url, expected.settings?.interactivity?.request_url],
    ['/opsknight', saved.features?.slash_commands?.[0]?.url, expected.features?.slash_commands?.[0]?.url],
  ];
  const wrong = pairs.filter(([, got, want]) => got !== want);
  if (!wrong.length) return ok(G, 'Manifest', `the saved manifest sends Slack to ${base}/api/slack/…`);
  return fail(G, 'Manifest', `the saved manifest sends Slack elsewhere: ${wrong.map(([what, got, want]) => `${what} → ${got ?? '(none)'} (expected ${want})`).join('; ')}`, regenerate);
}

export async function interactivityCheck(ctx: DoctorContext): Promise<Finding[]> {
  const raw = ctx.env.OPSKNIGHT_URL || readableSetting(ctx.core, PUBLIC_URL_SETTING);
  const socket = socketModeConfigured(ctx);
  if (!raw) {
    return socket
      ? [warn(G, 'Public URL', 'not set: Socket Mode needs none for Slack, but incident links and OAuth installs do', 'Set OPSKNIGHT_URL to the HTTPS address people reach the daemon at.')]
      : [fail(G, 'Public URL', 'not set: Slack has nowhere to send clicks and slash commands', 'Set OPSKNIGHT_URL=https://… (or `opsknight-slack setup --url`), or use Socket Mode (SLACK_APP_TOKEN).')];
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [fail(G, 'Public URL', `"${raw}" is not a URL`, 'Set OPSKNIGHT_URL to the HTTPS address Slack calls, e.g. https://ops.example.com.')];
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (url.protocol !== 'https:') {
    return [(socket ? warn : fail)(G, 'Public URL', `${base} is not HTTPS: Slack only calls HTTPS URLs`, PROXY_FIX)];
  }
  const out = [ok(G, 'Public URL', `${base} is HTTPS`)];
  try {
    const addr = await lookup(url.hostname.replace(/^\[|\]$/g, ''));
    out.push(ok(G, 'DNS', `${url.hostname} resolves to ${addr.address}`));
  } catch (err) {
    out.push(fail(G, 'DNS', `${url.hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`, `Create a DNS record for ${url.hostname} pointing at the reverse proxy.`));
    return out;
  }
  out.push(await certificateFinding(ctx, url));
  out.push(await reachFinding(ctx, base));
  if (!socket) out.push(manifestFinding(ctx, base));
  return out;
}
