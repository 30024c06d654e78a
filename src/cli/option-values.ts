// Value checks for options, run by commander while it parses: a bad value is bad usage (exit 2),
// reported by commander in one shape, naming the option:
//   error: option '-p, --port <port>' argument 'abc' is invalid. A port is a whole number from 0 to 65535.
// Commands receive values that already passed. Pure string checks only: nothing here loads the store.
import { InvalidArgumentError } from 'commander';

type Parser = (value: string, previous?: unknown) => string;

const check = (ok: (v: string) => boolean, why: string): Parser => (value) => {
  if (!ok(value)) throw new InvalidArgumentError(why);
  return value;
};

export function wholeNumber(min = 0): Parser {
  return check((v) => /^\d+$/.test(v) && Number(v) >= min && Number.isSafeInteger(Number(v)), `Use a whole number${min ? ` of at least ${min}` : ''}, e.g. ${min || 15}.`);
}

/** An incident number, as 42 or #42. */
export const incidentNumber: Parser = (v) => {
  if (!/^#?\d+$/.test(v.trim()) || Number(v.trim().replace('#', '')) < 1) throw new InvalidArgumentError('Use an incident number, e.g. 42 or #42.');
  return v.trim().replace('#', '');
};

export const port: Parser = check((v) => /^\d+$/.test(v) && Number(v) <= 65_535, 'A port is a whole number from 0 to 65535.');

export const isoTime: Parser = check((v) => !Number.isNaN(new Date(v).getTime()), 'Use a date and time in ISO 8601, e.g. 2026-12-01T09:00:00Z.');

export const duration: Parser = check((v) => /^(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?$/i.test(v.replace(/\s+/g, '')) && /\d/.test(v), 'Use a duration like 30m, 2h or 1h30m.');

/** A PostgreSQL connection string. */
export const postgresUrl: Parser = check((v) => /^postgres(?:ql)?:\/\/\S+$/i.test(v.trim()), 'Use a PostgreSQL connection string, e.g. postgres://opsknight:secret@db.example.com:5432/opsknight.');

/** One of `allowed` (case-insensitive; "-" and "_" alike). */
export function oneOf(allowed: readonly string[]): Parser {
  const norm = (s: string) => s.trim().toLowerCase().replace(/-/g, '_');
  return (value) => {
    const found = allowed.find((a) => norm(a) === norm(value));
    if (found === undefined) throw new InvalidArgumentError(`Use one of: ${allowed.join(', ')}.`);
    return found;
  };
}

/** A comma-separated list, each one of `allowed`. */
export function listOf(allowed: readonly string[]): Parser {
  const one = oneOf(allowed);
  return check((v) => v.split(',').every((part) => { try { one(part); return true; } catch { return false; } }), `Use one or more of ${allowed.join(', ')}, comma-separated.`);
}
