// Tables for people, JSON for scripts. Colour only on a terminal and never when NO_COLOR is set.
import chalk from 'chalk';

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

export function ago(from: Date, now = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}
