// The one composition root: opens the store and builds the domain services and the Slack side on it.
import type { WebClient } from '@slack/web-api';
import { ChangeLog } from '../domain/change-log.js';
import { Directory } from '../domain/directory.js';
import { parseDuration } from '../domain/duration.js';
import { IncidentService } from '../domain/incident-service.js';
import { EscalationTimers, TimerSweep } from '../domain/escalation-service.js';
import { OnCallDirectory } from '../domain/oncall-directory.js';
import { systemClock, type Clock } from '../domain/ports.js';
import { resolvePaths, type DataPaths } from '../config/paths.js';
import { createSlackClient, DEFAULT_SLACK_API_URL } from '../slack/client.js';
import { SlackNotifier } from '../slack/notifier.js';
import { SlackUsers } from '../slack/slack-users.js';
import { DeliveryWorker, type DeliveryDeps } from '../slack/delivery/worker.js';
import { openDatabase, type Db } from '../store/db.js';
import { OutboxRepo } from '../store/outbox-repo.js';
import { SecretBox } from '../store/secrets.js';
import { SettingsRepo } from '../store/settings-repo.js';
import { SqliteUnitOfWork } from '../store/unit-of-work.js';
import type { Workspace } from '../store/workspace-repo.js';
import { WorkspaceRepo, type SlackWorld } from '../store/workspace-repo.js';

/** Set by `serve --sandbox` for its own daemon: the Slack workspaces it sees are the sandbox's. */
export const WORLD_ENV = 'OPSKNIGHT_SLACK_WORLD';

export function slackWorld(env: NodeJS.ProcessEnv): SlackWorld {
  return env[WORLD_ENV] === 'sandbox' ? 'sandbox' : 'slack';
}

export interface Core {
  paths: DataPaths;
  db: Db;
  settings: SettingsRepo;
  secrets: SecretBox;
  incidents: IncidentService;
  /** Changes reported per service (PagerDuty Change Events). */
  changes: ChangeLog;
  directory: Directory;
  oncall: OnCallDirectory;
  timers: TimerSweep;
  workspaces: WorkspaceRepo;
  outbox: OutboxRepo;
  clock: Clock;
  slackApiUrl: string;
  /** A Web API client for a token (retries off: the outbox owns them). */
  slackClient(token: string | undefined): WebClient;
  /** One client per workspace token, reused. */
  clientFor(w: Workspace): WebClient;
  /** A delivery worker over this store (the daemon runs one; test-channel uses one for a single row). */
  /** Slack user look-ups (profiles, mentions by e-mail), one expiring cache for interactions and delivery. */
  slackUsers: SlackUsers;
  deliveryWorker(options: Pick<DeliveryDeps, 'logger' | 'incidentUrl' | 'stormUrl' | 'metrics' | 'pace'>): DeliveryWorker;
  /** Set by the daemon: called after a commit that left Slack work in the outbox. */
  onOutboxWork: (() => void) | null;
  close(): void;
}

export function openCore(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Core {
  const paths = resolvePaths(env);
  const db = openDatabase(paths.database);
  const secrets = SecretBox.fromEnvironment(env, paths.keyFile);
  const uow = new SqliteUnitOfWork(db);
  const incidents = new IncidentService(uow, clock, { reopenWindowMs: reopenWindow(env) });
  const workspaces = new WorkspaceRepo(db, secrets, slackWorld(env));
  const outbox = new OutboxRepo(db);
  const slackApiUrl = env.SLACK_API_URL || DEFAULT_SLACK_API_URL;
  const clients = new Map<string, WebClient>();
  const core: Core = {
    paths,
    db,
    secrets,
    settings: new SettingsRepo(db, secrets),
    incidents,
    changes: new ChangeLog(uow, clock),
    directory: new Directory(uow, clock),
    oncall: new OnCallDirectory(uow, clock),
    timers: new TimerSweep(uow, incidents, clock),
    workspaces,
    outbox,
    clock,
    slackApiUrl,
    slackClient: (token) => createSlackClient(token, { apiUrl: slackApiUrl }),
    clientFor(w) {
      const key = `${w.teamId}:${w.botToken}`;
      let c = clients.get(key);
      if (!c) clients.set(key, (c = createSlackClient(w.botToken, { apiUrl: slackApiUrl })));
      return c;
    },
    slackUsers: new SlackUsers(() => clock.now().getTime()),
    deliveryWorker: (options) =>
      new DeliveryWorker({ outbox, workspaces, incidents, directory: core.directory, users: core.slackUsers, clientFor: (w) => core.clientFor(w), clock, ...options }),
    onOutboxWork: null,
    close: () => db.close(),
  };
  // Every incident change, from the daemon or the CLI, keeps its escalation and SLA timers in step
  // and writes its Slack work, in the same transaction.
  incidents.subscribe(new EscalationTimers());
  const notifier = new SlackNotifier({ workspaces, outbox, clock, wake: () => core.onOutboxWork?.() });
  incidents.subscribe(notifier);
  core.changes.subscribe(notifier);
  return core;
}

/** OPSKNIGHT_REOPEN_WINDOW: how long after its resolution an incident may be reopened (default 24h). */
function reopenWindow(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.OPSKNIGHT_REOPEN_WINDOW?.trim();
  if (!text) return undefined;
  try {
    return parseDuration(text);
  } catch {
    throw new Error(`OPSKNIGHT_REOPEN_WINDOW="${text}" is not a duration: use forms like 24h, 3d or 90m.`);
  }
}
