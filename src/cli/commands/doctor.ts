// doctor: the docs' troubleshooting page, run by the machine. Each check is a line ✓ / ⚠ / ✗ with the
// finding and, when something needs doing, the fix. Exit 1 when any check fails.
import { openCore, type Core } from '../../daemon/container.js';
import { diagnose } from '../../doctor/diagnose.js';
import { GROUP_TITLES, SYMBOLS, byGroup, fail, findingsJson, tally, type Finding, type Level } from '../../doctor/finding.js';
import { plural } from '../../doctor/words.js';
import { chalk, print, printJson } from '../output.js';

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
      findings = await diagnose(core, process.env, { workspace: opts.workspace, postTest: opts.postTest });
    } finally {
      core.close();
    }
  }
  if (opts.json) printJson(findingsJson(findings, new Date()));
  else printFindings(findings);
  if (findings.some((f) => f.level === 'fail')) process.exitCode = 1;
}
