// `serve --sandbox`: the daemon wired to a built-in Slack sandbox, with credentials generated, a demo
// service routed to #incidents, and a "Trigger a demo incident" button. It uses the same database
// as the CLI (one world for a newcomer: `incident trigger` shows up in the sandbox), with the
// sandbox's fake workspaces kept apart from real ones (WorkspaceRepo's world). Only when real Slack
// is already set up here does it keep its data in <home>/sandbox, so a demo never seeds a real database.
import { join } from 'node:path';
import type { ServeFlags } from '../config/load.js';
import { resolvePaths } from '../config/paths.js';
import { WORLD_ENV } from './env-options.js';
import { Sandbox } from '../sandbox/sandbox.js';
import { startDaemon, type RunningDaemon } from './lifecycle.js';

const DEMO_INCIDENTS = [
  { title: 'Database Connection Timeout', urgency: 'HIGH', components: ['postgres', 'connection-pool'], description: 'p99 query latency above 5 s; pool exhausted on api-2.' },
  { title: 'Checkout error rate above 5%', urgency: 'HIGH', components: ['checkout'], description: 'HTTP 502 from the payment gateway since 14:02.' },
  { title: 'Disk 90% full on db-1', urgency: 'MEDIUM', components: ['db-1'], description: 'Grows about 2% an hour.' },
  { title: 'Certificate expires in 7 days', urgency: 'LOW', components: ['edge'], description: 'api.example.com renews on the 14th.' },
] as const;

export interface SandboxedDaemon {
  daemon: RunningDaemon;
  sandbox: Sandbox;
  /** True when the data lives in <home>/sandbox, apart from the CLI's (real Slack is set up here). */
  apart: boolean;
  stop(): Promise<void>;
}

export async function startSandboxedDaemon(
  flags: ServeFlags & { sandboxPort?: string | number },
  baseEnv: NodeJS.ProcessEnv,
  options: { realSlackConfigured?: boolean } = {},
): Promise<SandboxedDaemon> {
  const env: NodeJS.ProcessEnv = { ...baseEnv, [WORLD_ENV]: 'sandbox' };
  const apart = Boolean(options.realSlackConfigured) && !env.OPSKNIGHT_SLACK_DB;
  if (apart) env.OPSKNIGHT_SLACK_HOME = join(resolvePaths(baseEnv).home, 'sandbox');
  let daemon: RunningDaemon | null = null;
  let demo = 0;
  const sandbox = new Sandbox({
    rateLimits: true,
    onDemoIncident: (where) => (daemon ? triggerDemo(daemon, where, () => DEMO_INCIDENTS[demo++ % DEMO_INCIDENTS.length]!) : 'The daemon is still starting: try again in a moment.'),
    appTeams: () => (daemon ? daemon.core.workspaces.list().map((w) => w.teamId) : []),
  });
  const port = Number(flags.port ?? env.PORT ?? 3000);
  const sandboxPort = flags.sandboxPort !== undefined ? Number(flags.sandboxPort) : port === 0 ? 0 : port + 1;
  await sandbox.start(sandboxPort, flags.host ?? env.HOST ?? '127.0.0.1');
  Object.assign(env, {
    SLACK_API_URL: sandbox.apiUrl,
    SLACK_BOT_TOKEN: sandbox.credentials.botToken,
    SLACK_SIGNING_SECRET: sandbox.credentials.signingSecret,
    SLACK_CLIENT_ID: sandbox.credentials.clientId,
    SLACK_CLIENT_SECRET: sandbox.credentials.clientSecret,
    SLACK_OAUTH_AUTHORIZE_URL: `${sandbox.baseUrl}/oauth/v2/authorize`,
  });
  try {
    daemon = await startDaemon(flags, env);
  } catch (err) {
    await sandbox.stop();
    throw err;
  }
  sandbox.setAppUrls({
    interactivityUrl: `${daemon.url}/api/slack/actions`,
    commandUrl: `${daemon.url}/api/slack/commands`,
    // App Home: opening the Home tab in the sandbox UI sends app_home_opened here.
    eventsUrl: `${daemon.url}/api/slack/events`,
    redirectUrls: [`${daemon.url}/api/settings/slack-oauth/callback`],
  });
  seedDemo(daemon, sandbox.credentials.teamId);
  const running = daemon;
  return {
    daemon: running,
    sandbox,
    apart,
    stop: async () => {
      await running.stop();
      await sandbox.stop();
    },
  };
}

function seedDemo(daemon: RunningDaemon, teamId: string): void {
  const { directory, workspaces } = daemon.core;
  if (!directory.listServices().some((s) => s.slug === 'payment-api')) {
    directory.addService({ slug: 'payment-api', name: 'Payment API', description: 'Demo service of the Slack sandbox' });
  }
  for (const [name, email] of [
    ['Jane Doe', 'jane@example.com'],
    ['Bob Smith', 'bob@example.com'],
  ] as const) {
    if (!directory.findUserByEmail(email)) directory.addUser({ name, email });
  }
  const ws = workspaces.get(teamId);
  if (!ws) return;
  workspaces.rememberChannel(teamId, 'C0INCIDENTS', 'incidents', false);
  workspaces.rememberChannel(teamId, 'C0CRITICAL1', 'incidents-critical', false);
  if (!ws.defaultChannel) workspaces.setDefaultChannel(teamId, 'C0INCIDENTS');
  if (!workspaces.routes(teamId).length) workspaces.setRoute(teamId, { serviceSlug: 'payment-api', urgency: null, channelId: 'C0INCIDENTS' });
}

/** A demo incident, seen in the workspace the sandbox shows: one with no channel yet takes the one on screen. */
function triggerDemo(daemon: RunningDaemon, where: { teamId: string; teamName: string; channelId: string | null }, next: () => (typeof DEMO_INCIDENTS)[number]): string {
  const { workspaces, incidents, outbox } = daemon.core;
  const ws = workspaces.get(where.teamId);
  if (!ws) return `OpsKnight is not connected to ${where.teamName}: connect it with "Add to Slack" (opsknight-slack workspace add) first.`;
  let note = '';
  if (!ws.defaultChannel && !workspaces.routes(where.teamId).length && where.channelId) {
    workspaces.setDefaultChannel(where.teamId, where.channelId);
    note = ` ${where.teamName} had no channel for incidents, so the one shown is now its default.`;
  }
  const d = next();
  const r = incidents.trigger({ ...d, components: [...d.components], serviceSlug: 'payment-api' }, { name: 'Sandbox demo' }, 'api');
  const posted = outbox.messages(r.incident.id, where.teamId).length > 0;
  if (!posted) return `Incident #${r.incident.id} triggered, but no channel of ${where.teamName} takes payment-api incidents, so it is not posted here.`;
  return `Incident #${r.incident.id} triggered.${note}`;
}
