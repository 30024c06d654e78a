// One doctor run, as the CLI does it: ask the daemon for its facts, then run every check.
import type { Core } from '../daemon/container.js';
import { askDaemon } from './ask-daemon.js';
import type { DoctorContext } from './context.js';
import type { Finding } from './finding.js';
import { ALL_CHECKS } from './groups.js';
import { runChecks } from './runner.js';

export interface DiagnoseOptions {
  workspace?: string;
  postTest?: string;
  /** Network look-ups give up after this long (default 5 s). */
  timeoutMs?: number;
  /** The clock the checks read (tests move it). */
  now?: () => Date;
}

export async function diagnose(core: Core, env: NodeJS.ProcessEnv, opts: DiagnoseOptions = {}): Promise<Finding[]> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const daemon = await askDaemon(core, env, timeoutMs);
  const ctx: DoctorContext = {
    core,
    env,
    now: opts.now ?? (() => core.clock.now()),
    facts: daemon.facts,
    factsProblem: daemon.problem,
    daemonUrl: daemon.url,
    workspaceRef: opts.workspace,
    postTest: opts.postTest,
    targets: [],
    timeoutMs,
  };
  return runChecks(ctx, ALL_CHECKS);
}
