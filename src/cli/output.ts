// Tables for people, JSON for scripts. Colour only on a terminal and never when NO_COLOR is set.
import chalk from 'chalk';
import { humanTime, localTime, relativeTime } from '../shared/human-time.js';

if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') chalk.level = 0;

export { chalk };

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) => s.replace(ANSI, '').length;

/** A plain aligned table; cells may carry colour. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleLength(c))))
      .join('  ')
      .trimEnd();
  return [chalk.bold(line(headers)), ...rows.map(line)].join('\n');
}

export function urgencyLabel(urgency: string): string {
  if (urgency === 'HIGH') return chalk.red(urgency);
  if (urgency === 'MEDIUM') return chalk.yellow(urgency);
  return chalk.blue(urgency);
}

export function statusLabel(status: string): string {
  switch (status) {
    case 'OPEN':
      return chalk.red(status);
    case 'ACKNOWLEDGED':
      return chalk.yellow(status);
    case 'SNOOZED':
      return chalk.magenta(status);
    default:
      return chalk.green(status);
  }
}

/** A moment as people read it in a terminal: "5 minutes ago (14:02)", in this machine's time zone. */
export function when(at: Date, now: Date): string {
  return humanTime(at.getTime(), now.getTime());
}

/** The CLI's wording of the domain's times (see TimePhrase): "5 minutes ago (14:02)", "until 17:10 (in 30 minutes)". */
export function cliTimePhrase(now: Date): (at: Date, preposition: 'at' | 'until') => string {
  return (at, preposition) =>
    preposition === 'at' ? when(at, now) : `until ${localTime(at.getTime(), now.getTime())} (${relativeTime(at.getTime(), now.getTime())})`;
}
