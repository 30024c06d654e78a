// A mistake the user can fix: printed as is (no stack), exit code 1.
import { EXPLAINED } from '../domain/explained-error.js';
export class UserError extends Error {
  readonly [EXPLAINED] = true;
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
