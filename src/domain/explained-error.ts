// Errors whose message already tells the person what to do (a bad setting, an unknown incident, a
// locked key file): the CLI prints the message alone, no stack, and exits 1 (or the error's own
// exitCode). They carry a registered symbol rather than being matched by class or by name: the
// CLI's entry is bundled apart from the modules that throw them, so `instanceof` would compare two
// copies of a class, and a `name` string breaks silently on a rename. Symbol.for is one value
// wherever it is evaluated.
export const EXPLAINED = Symbol.for('opsknight-slack.explained-error');

export interface ExplainedError extends Error {
  readonly [EXPLAINED]: true;
  /** The process exit code when the CLI stops on this error (default 1). */
  readonly exitCode?: number;
}

export function isExplained(err: unknown): err is ExplainedError {
  return err instanceof Error && (err as Partial<ExplainedError>)[EXPLAINED] === true;
}
