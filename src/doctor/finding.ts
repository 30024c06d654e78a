// The doctor's findings: what was checked, what was found, and what to do about it. Pure data, so the
// CLI, /healthz?verbose=1 and `/opsknight status` all show the same results.

export type Level = 'ok' | 'warn' | 'fail';

/** The check groups, in the order people read them (the docs' troubleshooting page). */
export const GROUPS = ['credentials', 'channels', 'interactivity', 'clock', 'attribution', 'delivery', 'daemon'] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_TITLES: Record<Group, string> = {
  credentials: 'Credentials',
  channels: 'Channels',
  interactivity: 'Interactivity',
  clock: 'Clock',
  attribution: 'Attribution',
  delivery: 'Delivery',
  daemon: 'Daemon',
};

export interface Finding {
  group: Group;
  /** What was checked, e.g. "Bot token" or "#payments". */
  check: string;
  level: Level;
  /** What was found, in words. */
  finding: string;
  /** What to do; absent when nothing needs doing. */
  fix?: string;
}

export const ok = (group: Group, check: string, finding: string): Finding => ({ group, check, level: 'ok', finding });
export const warn = (group: Group, check: string, finding: string, fix: string): Finding => ({ group, check, level: 'warn', finding, fix });
export const fail = (group: Group, check: string, finding: string, fix: string): Finding => ({ group, check, level: 'fail', finding, fix });

export const SYMBOLS: Record<Level, string> = { ok: '✓', warn: '⚠', fail: '✗' };

export interface Tally {
  ok: number;
  warn: number;
  fail: number;
}

export function tally(findings: readonly Finding[]): Tally {
  const t: Tally = { ok: 0, warn: 0, fail: 0 };
  for (const f of findings) t[f.level] += 1;
  return t;
}

/** Findings by group (in GROUPS order), each group in the order its checks ran. */
export function byGroup(findings: readonly Finding[]): [Group, Finding[]][] {
  return GROUPS.map((g) => [g, findings.filter((f) => f.group === g)] as [Group, Finding[]]).filter(([, fs]) => fs.length > 0);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line for `/opsknight status`: the counts, and the worst finding in words. */
export function summaryLine(findings: readonly Finding[]): string {
  const t = tally(findings);
  const worst = findings.find((f) => f.level === 'fail') ?? findings.find((f) => f.level === 'warn');
  const counts = [`${SYMBOLS.ok} ${t.ok} ok`, ...(t.warn ? [`${SYMBOLS.warn} ${plural(t.warn, 'warning')}`] : []), ...(t.fail ? [`${SYMBOLS.fail} ${plural(t.fail, 'problem')}`] : [])];
  const first = worst ? ` — ${GROUP_TITLES[worst.group]}: ${worst.finding}` : '';
  return `${counts.join(' · ')}${first}`;
}

/** Findings for scripts and monitoring (snake_case, like the rest of the API). */
export function findingsJson(findings: readonly Finding[], at: Date) {
  const t = tally(findings);
  return {
    ok: t.fail === 0,
    checked_at: at.toISOString(),
    summary: t,
    findings: findings.map((f) => ({ group: f.group, check: f.check, status: f.level, finding: f.finding, ...(f.fix ? { fix: f.fix } : {}) })),
  };
}
