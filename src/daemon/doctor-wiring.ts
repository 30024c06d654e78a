// The daemon's side of `doctor`: the request log Slack's endpoints feed, Socket Mode's state, and
// the no-network checks run on them for `/opsknight status` and /healthz?verbose=1.
import { randomUUID } from 'node:crypto';
import type { DoctorContext } from '../doctor/context.js';
import { findingsJson, summaryLine, type Finding } from '../doctor/finding.js';
import { LOCAL_CHECKS } from '../doctor/groups.js';
import { runLocalChecks } from '../doctor/runner.js';
import { VERSION } from '../doctor/version.js';
import type { DeliveryMetrics } from '../slack/delivery/metrics.js';
import { loadRequestsSeen, saveRequestSeen } from '../store/doctor-queries.js';
import type { Core } from './container.js';
import { SlackRequestLog } from './slack-request-log.js';

/** The status line is asked for by every /opsknight status: reuse a fresh result for this long. */
const SUMMARY_REUSE_MS = 10_000;

export function daemonDoctor(core: Core, env: NodeJS.ProcessEnv) {
  const log = new SlackRequestLog(randomUUID(), VERSION, () => core.clock.now().getTime(), {
    load: () => loadRequestsSeen(core.db),
    save: (endpoint, at) => saveRequestSeen(core.db, endpoint, at),
  });
  const context = (): DoctorContext => ({ core, env, now: () => core.clock.now(), facts: log.facts(), factsProblem: null, daemonUrl: null, targets: [], timeoutMs: 2000, inDaemon: true });
  const findings = (): Finding[] => runLocalChecks(context(), LOCAL_CHECKS);
  let cached = { at: -Infinity, line: '' };
  return {
    log,
    instanceId: log.instanceId,
    json: () => findingsJson(findings(), core.clock.now()),
    summary(): string {
      const now = core.clock.now().getTime();
      if (now - cached.at > SUMMARY_REUSE_MS) cached = { at: now, line: summaryLine(findings()) };
      return cached.line;
    },
    /** Delivery metrics that also tell the log of Slack's 429s. */
    countingRateLimits: (metrics: DeliveryMetrics): DeliveryMetrics => ({
      ...metrics,
      rateLimited: () => {
        metrics.rateLimited();
        log.rateLimited();
      },
    }),
    /** Follows a Socket Mode client's connection state. */
    watchSocket(client: { on(event: string, listener: () => void): unknown } | null, error: string | null = null): void {
      log.socketConfigured();
      log.socketState(client !== null, error);
      client?.on('connected', () => log.socketState(true));
      client?.on('close', () => log.socketState(false, 'the connection closed'));
      client?.on('reconnecting', () => log.socketState(false, 'reconnecting'));
      client?.on('disconnected', () => log.socketState(false));
    },
  };
}

export type DaemonDoctor = ReturnType<typeof daemonDoctor>;
