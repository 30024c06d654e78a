// Bad option values are bad usage, reported by commander naming the option, for every command.
import { CommanderError, type Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

/** Options whose value is free text (names, URLs, e-mails, slugs, files, secrets): anything goes. */
const FREE_TEXT = new Set([
  '--home', '--db', '--host', '--url', '--trust-proxy', '--sandbox', '--app-url', '--name', '--description', '--policy',
  '--step', '--tz', '--users', '--start', '--handoff', '--length', '--user', '--email', '--title', '--service',
  '--component', '--dedup-key', '--assignee', '--as', '--note', '--manifest-out', '--client-id', '--client-secret',
  '--signing-secret', '--bot-token', '--app-token', '--default-channel', '--events', '--route', '--urgency-route',
  '--out', '--workspace', '--enable', '--disable', '--dm', '--group', '--channel', '--post-test',
]);

function* commands(cmd: Command, path: string[] = []): Generator<{ path: string[]; cmd: Command }> {
  yield { path, cmd };
  for (const sub of cmd.commands) yield* commands(sub, [...path, sub.name()]);
}

const takesValue = (o: Option) => o.required || o.optional;
const checked = (o: Option) => Boolean((o as unknown as { parseArg?: unknown }).parseArg) || Boolean(o.argChoices);

async function parseError(path: string[], args: string[]): Promise<CommanderError> {
  const program = buildProgram();
  for (const { cmd } of commands(program)) cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} }).action(() => {});
  try {
    await program.parseAsync(['node', 'opsknight-slack', ...path, ...args]);
  } catch (err) {
    return err as CommanderError;
  }
  throw new Error(`${path.join(' ')} ${args.join(' ')} was accepted`);
}

describe('option values', () => {
  const all = [...commands(buildProgram())].flatMap(({ path, cmd }) => cmd.options.filter(takesValue).map((o) => ({ path, o })));

  it('every option that takes a value is either free text or checked while parsing', () => {
    const unchecked = all.filter(({ o }) => !checked(o) && !FREE_TEXT.has(o.long!)).map(({ path, o }) => `${path.join(' ')} ${o.long}`);
    expect(unchecked).toEqual([]);
  });

  it('a bad value for any checked option is bad usage whose message names the option', async () => {
    const typed = all.filter(({ o }) => checked(o));
    expect(typed.length).toBeGreaterThan(15);
    for (const { path, o } of typed) {
      const positional = path.at(-1) === 'snooze' || path.at(-1) === 'override' ? ['1'] : path.join(' ') === 'workflow add' ? ['webhook'] : [];
      const err = await parseError(path, [...positional, o.long!, 'not-a-valid-value']);
      expect(err).toBeInstanceOf(CommanderError);
      expect(err.code, `${path.join(' ')} ${o.long}`).toBe('commander.invalidArgument');
      expect(err.message).toContain(o.long);
    }
  });
});
