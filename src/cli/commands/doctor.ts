// doctor: the docs' troubleshooting page, run by the machine. Each check is a line ✓ / ⚠ / ✗ with the
// finding and, when something needs doing, the fix. Exit 1 when any check fails.
import { openCore, type Core } from '../../daemon/container.js';
import { askDaemon } from '../../doctor/ask-daemon.js';
import type { DoctorContext } from '../../doctor/context.js';
import { GROUP_TITLES, SYMBOLS, byGroup, fail, findingsJson, tally, type Finding, type Level } from '../../doctor/finding.js';
import { ALL_CHECKS } from '../../doctor/groups.js';
import { runChecks } from '../../doctor/runner.js';
import { plural } from '../../doctor/words.js';
import { chalk, print, printJson } from '../output.js';

const NETWORK_TIMEOUT_MS = 5000;
const colour: Record<Level, (s: string) => string> = { ok: chalk.green, warn: chalk.yellow, fail: chalk.red };

export interface DoctorOptions {
  workspace?: string;
  json?: boolean;
  postTest?: string;
}

function printFindings(findings: Finding[]): void {
  for (const [group, fs] of byGroup(findings)) {
    print(chalk.bold(GROUP_TITLES[group]));
    for (const f of fs) {
      print(`  ${colour[f.level](SYMBOLS[f.level])} ${f.check}: ${f.finding}`);
      if (f.fix) print(`      ${chalk.dim('→')} ${f.fix}`);
    }
  }
  const t = tally(findings);
  print();
  const line = `${plural(t.ok, 'check')} ok, ${plural(t.warn, 'warning')}, ${plural(t.fail, 'problem')}`;
  print(t.fail ? chalk.red(line) : t.warn ? chalk.yellow(line) : chalk.green(line));
}

async function diagnose(core: Core, opts: DoctorOptions): Promise<Finding[]> {
  const daemon = await askDaemon(core, process.env, NETWORK_TIMEOUT_MS);
  const ctx: DoctorContext = {
    core,
    env: process.env,
    now: () => core.clock.now(),
    facts: daemon.facts,
    factsProblem: daemon.problem,
    daemonUrl: daemon.url,
    workspaceRef: opts.workspace,
    postTest: opts.postTest,
    targets: [],
    timeoutMs: NETWORK_TIMEOUT_MS,
  };
  return runChecks(ctx, ALL_CHECKS);
}

export async function doctorCommand(opts: DoctorOptions): Promise<void> {
  let findings: Finding[] = [];
  let core: Core | null = null;
  try {
    core = openCore(process.env);
  } catch (err) {
    // The store itself cannot be opened: that is the finding.
    findings = [fail('daemon', 'Database', (err as Error).message, 'Fix what it says, then run doctor again.')];
  }
  if (core) {
    try {
      findings = await diagnose(core, opts);
    } finally {
      core.close();
    }
  }
  if (opts.json) printJson(findingsJson(findings, new Date()));
  else printFindings(findings);
  if (findings.some((f) => f.level === 'fail')) process.exitCode = 1;
}
