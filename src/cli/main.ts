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

/** A reader that went away (`| head`, a closed log pipe) ends that output, quietly: not an error. */
function quietWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

/** Resolves once everything written so far has left the process (a pipe is written asynchronously). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableLength === 0) return resolve();
    stream.write('', () => resolve());
  });
}

async function main(): Promise<void> {
  quietWhenReaderLeaves(process.stdout);
  quietWhenReaderLeaves(process.stderr);
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
    process.exitCode = process.exitCode ?? 0;
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

// No top-level await: the entry is bundled as CommonJS (see esbuild.config.mjs).
void main()
  // Exiting before a pipe drains would cut the output (at 64 KiB with `| cat`).
  .then(() => Promise.all([drained(process.stdout), drained(process.stderr)]))
  .then(() => {
    // Pending handles (a closed server's sockets) must not keep a finished command alive.
    setImmediate(() => process.exit(process.exitCode ?? 0)).unref();
  });
