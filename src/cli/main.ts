// The CLI entry point, and the only place that decides the process exit code.
import { CommanderError } from 'commander';
import { isExplained } from '../domain/explained-error.js';
import { buildProgram } from './program.js';

/** Exit codes (DESIGN.md): 0 success, 1 a user error with a message saying what to do, 2 bad usage. */
function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return 0;
    }
    return 2;
  }
  // Recognised by their brand, not their class: this entry is bundled apart from the modules that
  // throw them, and importing those classes would load the store (and SQLite) just to print --help.
  if (isExplained(err)) {
    process.stderr.write(`Error: ${err.message}\n`);
    return err.exitCode ?? 1;
  }
  const e = err as Error;
  process.stderr.write(`Error: ${e?.message ?? String(err)}\n`);
  if (process.env.DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  return 1;
}

async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
    process.exitCode = process.exitCode ?? 0;
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

// No top-level await: the entry is bundled as CommonJS (see esbuild.config.mjs).
void main().then(() => {
  // Pending handles (a closed server's sockets, a logger flush) must not keep a finished command alive.
  setImmediate(() => process.exit(process.exitCode ?? 0)).unref();
});
