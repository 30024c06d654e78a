// Typed domain errors: adapters map each code to an HTTP status, an exit code or a Slack reply.
import { EXPLAINED } from './explained-error.js';

export type DomainErrorCode =
  | 'not_found'
  | 'invalid_transition'
  | 'validation'
  | 'conflict'
  | 'unknown_service'
  | 'inactive_user';

export class DomainError extends Error {
  readonly [EXPLAINED] = true;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super('not_found', `${what} ${id} does not exist.`, { what, id });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(
    message: string,
    details: Record<string, unknown>,
    /** The message with its times worded by the reader's adapter (see TimePhrase in incident.ts). */
    readonly explain?: (time: (at: Date, preposition: 'at' | 'until') => string) => string,
  ) {
    super('invalid_transition', message, details);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, field?: string) {
    super('validation', message, field ? { field } : {});
  }
}

export class UnknownServiceError extends DomainError {
  constructor(slug: string, known: readonly string[]) {
    super(
      'unknown_service',
      known.length
        ? `Unknown service "${slug}". Known services: ${known.join(', ')}.`
        : `Unknown service "${slug}". No services exist yet: create one with \`opsknight-slack service add ${slug}\`.`,
      { service: slug, known_services: [...known] },
    );
  }
}
