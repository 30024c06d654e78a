// The composition root, part one. `openCore` opens the store and builds the domain services and the
// Slack notifier on it (every process: the daemon and each CLI command); compose-daemon.ts builds the
// whole daemon on that core.
import type { WebClient } from '@slack/web-api';
import { ChangeLog } from '../domain/change-log.js';
import { Directory } from '../domain/directory.js';
import { IncidentService } from '../domain/incident-service.js';
import { EscalationTimers, TimerSweep } from '../domain/escalation-service.js';
import type { IncidentDomainEvent } from '../domain/events.js';
import { OnCallDirectory } from '../domain/oncall-directory.js';
import { systemClock, type Clock } from '../domain/ports.js';
import { resolvePaths, type DataPaths } from '../config/paths.js';
import { createSlackClient, DEFAULT_SLACK_API_URL } from '../slack/client.js';
import { SlackUsers } from '../slack/slack-users.js';
import { DeliveryWorker, type DeliveryDeps } from '../slack/delivery/worker.js';
import { SlackNotifier } from '../slack/notifier.js';
import { WorkflowRepo } from '../store/workflow-repo.js';
import { WorkflowNotifier } from '../slack/workflows/notifier.js';
import { ScheduleSlackRepo } from '../store/schedule-slack-repo.js';
import { incidentChannelStarter, type StartIncidentChannel } from '../slack/workflows/start-channel.js';
import { openDatabase, type Db } from '../store/db.js';
import { ConfigVersion } from '../store/config-version.js';
import { DeliveryLeases } from '../store/delivery-leases.js';
import { OutboxRepo } from '../store/outbox-repo.js';
import { verifySecretKey } from '../store/key-check.js';
import { SecretBox } from '../store/secrets.js';
import { SettingsRepo } from '../store/settings-repo.js';
import { TeamRepo } from '../store/team-repo.js';
import { SqliteUnitOfWork } from '../store/unit-of-work.js';
import type { Workspace } from '../store/workspace-repo.js';
import { WorkspaceRepo } from '../store/workspace-repo.js';
import { reopenWindow, slackWorld } from './env-options.js';

export interface Core {
  paths: DataPaths;
  db: Db;
  /** Settings, workspaces and users changed (by any process): caches follow it. */
  configVersion: ConfigVersion;
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
  /** Workflow rules and the channels opened for incidents. */
  workflows: WorkflowRepo;
  /** Opens an incident's channel on demand (the card's menu, /opsknight channel). */
  startIncidentChannel: StartIncidentChannel;
  /** Teams, members, service owners and roles (who sees and acts on what). */
  teams: TeamRepo;
  /** Where schedules show in Slack: handoff channels and on-call user groups. */
  scheduleSlack: ScheduleSlackRepo;
  clock: Clock;
  slackApiUrl: string;
  /** A Web API client for a token (retries off: the outbox owns them). */
  slackClient(token: string | undefined): WebClient;
  /** One client per workspace token, reused. */
  clientFor(w: Workspace): WebClient;
  /** A delivery worker over this store (the daemon runs one; test-channel uses one for a single row). */
  /** Slack user look-ups (profiles, mentions by e-mail), one expiring cache for interactions and delivery. */
  slackUsers: SlackUsers;
  deliveryWorker(options: Pick<DeliveryDeps, 'logger' | 'incidentUrl' | 'stormUrl' | 'metrics' | 'pace' | 'lanes'>): DeliveryWorker;
  /** Calls `listener` after every commit that changed an incident or recorded a change (so after
   *  every commit that may have left Slack work in the outbox). */
  afterCommit(listener: (events: readonly IncidentDomainEvent[]) => void): void;
  close(): void;
}

export function openCore(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Core {
  const paths = resolvePaths(env);
  const db = openDatabase(paths.database);
  const secrets = SecretBox.fromEnvironment(env, paths.keyFile);
  // Every process sharing the database uses one key: checked when the key is first needed.
  secrets.checkWith(() => verifySecretKey(db, secrets));
  const uow = new SqliteUnitOfWork(db);
  const incidents = new IncidentService(uow, clock, { reopenWindowMs: reopenWindow(env) });
  const changes = new ChangeLog(uow, clock);
  const directory = new Directory(uow, clock);
  const configVersion = new ConfigVersion(db, () => clock.now().getTime());
  const workspaces = new WorkspaceRepo(db, secrets, slackWorld(env), () => configVersion.current());
  const outbox = new OutboxRepo(db);
  const workflows = new WorkflowRepo(db, secrets);
  const slackApiUrl = env.SLACK_API_URL || DEFAULT_SLACK_API_URL;
  const clients = new Map<string, WebClient>();
  const slackUsers = new SlackUsers(() => clock.now().getTime());
  const clientFor = (w: Workspace) => {
    const key = `${w.teamId}:${w.botToken}`;
    let c = clients.get(key);
    if (!c) clients.set(key, (c = createSlackClient(w.botToken, { apiUrl: slackApiUrl })));
    return c;
  };
  // Every incident change, from the daemon or the CLI, keeps its escalation and SLA timers in step
  // and writes its Slack work, in the same transaction.
  incidents.subscribe(new EscalationTimers());
  const notifier = new SlackNotifier({ workspaces, outbox, clock });
  incidents.subscribe(notifier);
  changes.subscribe(notifier);
  incidents.subscribe(new WorkflowNotifier({ workflows, outbox, workspaces, clock }));
  return {
    paths,
    db,
    configVersion,
    secrets,
    settings: new SettingsRepo(db, secrets),
    incidents,
    changes,
    directory,
    oncall: new OnCallDirectory(uow, clock),
    timers: new TimerSweep(uow, incidents, clock),
    workspaces,
    outbox,
    workflows,
    startIncidentChannel: incidentChannelStarter({ uow, workflows, outbox, workspaces, clock }),
    teams: new TeamRepo(db),
    scheduleSlack: new ScheduleSlackRepo(db),
    clock,
    slackApiUrl,
    slackClient: (token) => createSlackClient(token, { apiUrl: slackApiUrl }),
    clientFor,
    slackUsers,
    deliveryWorker: (options) => new DeliveryWorker({ outbox, leases: new DeliveryLeases(db), workspaces, incidents, directory, users: slackUsers, clientFor, clock, workflows, ...options }),
    afterCommit(listener) {
      incidents.subscribe({ afterCommit: listener });
      changes.subscribe({ changeRecorded: () => undefined, afterCommit: () => listener([]) });
    },
    close: () => db.close(),
  };
}

/** The daemon, built and wired but not yet listening or running. */
