// Runs check groups in order; a check that throws becomes a ✗ finding instead of stopping the rest.
import type { CheckGroup, DoctorContext } from './context.js';
import { GROUPS, fail, type Finding, type Group } from './finding.js';

const broken = (group: Group, err: unknown) =>
  fail(group, 'check', `The check itself failed: ${(err as Error).message}`, 'Run again with DEBUG=1 and report it if it persists.');

/** Shown grouped in the docs' order, each group's checks in the order they ran. */
const ordered = (findings: Finding[]) => GROUPS.flatMap((g) => findings.filter((f) => f.group === g));

export async function runChecks(ctx: DoctorContext, groups: readonly [Group, CheckGroup][]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [group, check] of groups) {
    try {
      findings.push(...(await check(ctx)));
    } catch (err) {
      findings.push(broken(group, err));
    }
  }
  return ordered(findings);
}

/** The same, for checks that need no network (the daemon's own summary and /healthz?verbose=1). */
export function runLocalChecks(ctx: DoctorContext, groups: readonly [Group, (ctx: DoctorContext) => Finding[]][]): Finding[] {
  const findings: Finding[] = [];
  for (const [group, check] of groups) {
    try {
      findings.push(...check(ctx));
    } catch (err) {
      findings.push(broken(group, err));
    }
  }
  return ordered(findings);
}
