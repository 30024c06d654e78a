// How commands about the database word it for people: sizes and the row counts that matter.

const HIGHLIGHTS: [table: string, one: string, many: string][] = [
  ['incidents', 'incident', 'incidents'],
  ['incident_events', 'timeline event', 'timeline events'],
  ['workspaces', 'workspace', 'workspaces'],
  ['services', 'service', 'services'],
  ['users', 'user', 'users'],
  ['teams', 'team', 'teams'],
  ['schedules', 'schedule', 'schedules'],
  ['escalation_policies', 'escalation policy', 'escalation policies'],
  ['outbox', 'outbox row', 'outbox rows'],
];

const number = (n: number) => n.toLocaleString('en-US');

/** "1,234 incidents, 5,678 timeline events, 2 workspaces, …" (every table: --json). */
export function countsInWords(counts: Record<string, number>): string {
  return HIGHLIGHTS.filter(([t]) => t in counts)
    .map(([t, one, many]) => `${number(counts[t]!)} ${counts[t] === 1 ? one : many}`)
    .join(', ');
}

export function bytesInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Where the secrets' key is, for the reminder that a backup or a copy is useless without it. */
export function keyInWords(keyFile: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.OPSKNIGHT_SECRET_KEY ? 'the key in OPSKNIGHT_SECRET_KEY' : `the key file ${keyFile}`;
}
