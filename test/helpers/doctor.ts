// Runs the doctor in-process against a stack (sandbox + daemon), as the CLI would from the same home.
import { openCore } from '../../src/daemon/container.js';
import { diagnose, type DiagnoseOptions } from '../../src/doctor/diagnose.js';
import type { Finding, Group } from '../../src/doctor/finding.js';
import type { Stack } from './stack.js';

export async function runDoctor(stack: Stack, opts: DiagnoseOptions = {}, env: NodeJS.ProcessEnv = {}): Promise<Finding[]> {
  const e = { ...stack.env, PORT: new URL(stack.daemon.url).port, ...env };
  const core = openCore(e);
  try {
    return await diagnose(core, e, { timeoutMs: 3000, ...opts });
  } finally {
    core.close();
  }
}

/** The findings of one check (e.g. 'credentials', 'Bot token'). */
export function findingsOf(findings: Finding[], group: Group, check: string | RegExp): Finding[] {
  return findings.filter((f) => f.group === group && (typeof check === 'string' ? f.check === check : check.test(f.check)));
}

export function only(findings: Finding[], group: Group, check: string | RegExp): Finding {
  const found = findingsOf(findings, group, check);
  if (found.length !== 1) throw new Error(`expected one ${group}/${check} finding, got ${found.length}: ${JSON.stringify(findings, null, 1)}`);
  return found[0]!;
}
