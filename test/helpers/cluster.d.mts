// Types of cluster.mjs (plain JavaScript, shared with the benches) for the TypeScript tests.
import type { Core } from '../../src/daemon/container.js';

export const API_TOKEN: string;

export interface WorldCall {
  front: number;
  method: string;
  started: number;
  answered: number | null;
  status: number | null;
}

export interface WorldMessage {
  ts: string;
  thread_ts: string | null;
  text: string;
  /** Incident numbers the message links to. */
  incidents: number[];
  /** On a storm card: how many incidents it stands for. */
  storm_total: number | null;
}

export interface FrontState {
  index: number;
  url: string;
  calls: number;
  open: number;
  held: number;
  holding: boolean;
}

export interface SlackWorld {
  control_url: string;
  sandbox_url: string;
  api_urls: string[];
  team_id: string;
  bot_token: string;
  signing_secret: string;
  channels: string[];
  fronts(): Promise<FrontState[]>;
  calls(since?: number): Promise<WorldCall[]>;
  hold(front: number): Promise<unknown>;
  release(front: number): Promise<unknown>;
  messages(channelIds?: string[]): Promise<Record<string, WorldMessage[]>>;
  stop(): Promise<void>;
}

export interface DaemonProcess {
  index: number;
  url: string;
  pid: number;
  exited: Promise<number | string | null>;
  stderr(): string;
  /** The last 64 kB of its log (JSON lines). */
  log(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers
}

export interface Cluster {
  dir: string;
  world: SlackWorld;
  daemons: DaemonProcess[];
  env(index: number): NodeJS.ProcessEnv;
  api(index: number, method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  apiAnyDaemon(first: number, method: string, path: string, body?: unknown): Promise<ApiAnswer & { daemon: number }>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  db?: string;
  daemons?: number;
  channels?: number;
  rateLimits?: boolean;
  pace?: boolean;
  digestThreshold?: number;
  /** Route svc-i to channel i and set a default channel (default true). */
  routes?: boolean;
  env?: NodeJS.ProcessEnv;
  setup?: (core: Core, world: SlackWorld) => void | Promise<void>;
}

export function startSlackWorld(options?: { channels?: number; fronts?: number; rateLimits?: boolean }): Promise<SlackWorld>;
export function startCluster(options?: ClusterOptions): Promise<Cluster>;
export function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs?: number, everyMs?: number): Promise<NonNullable<T>>;
