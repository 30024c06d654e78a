// Errors that already say what to do are recognised by the CLI's entry by a registered brand, even
// though that entry is bundled apart from the modules that throw them (a second copy of each module).
import { describe, expect, it, vi } from 'vitest';
import { UserError } from '../../../src/cli/errors.js';
import { ConfigError } from '../../../src/config/load.js';
import { NotFoundError } from '../../../src/domain/errors.js';
import { isExplained } from '../../../src/domain/explained-error.js';
import { DatabaseError } from '../../../src/store/db.js';
import { SecretKeyError } from '../../../src/store/secrets.js';

describe('explained errors', () => {
  it.each([
    ['a domain error', new NotFoundError('Incident', 99)],
    ['a configuration error', new ConfigError('PORT: expected a number')],
    ['a database error', new DatabaseError('the database file is not readable')],
    ['a secret key error', new SecretKeyError('the key file is missing')],
    ['a user error', new UserError('Setup cancelled; nothing was saved.', 130)],
  ])('%s is explained', (_what, err) => {
    expect(isExplained(err)).toBe(true);
  });

  it('a user error keeps its own exit code; others have none (the CLI exits 1)', () => {
    expect((new UserError('cancelled', 130) as { exitCode?: number }).exitCode).toBe(130);
    expect((new ConfigError('bad') as { exitCode?: number }).exitCode).toBeUndefined();
  });

  it('an unexpected failure is not: the CLI shows its stack under DEBUG', () => {
    expect(isExplained(new Error('boom'))).toBe(false);
    expect(isExplained(Object.assign(new Error('x'), { name: 'DomainError' }))).toBe(false);
    expect(isExplained('a string')).toBe(false);
  });

  it('is recognised across separately loaded copies of the modules, as in the bundle', async () => {
    vi.resetModules();
    const fresh = (await import('../../../src/domain/errors.js')) as typeof import('../../../src/domain/errors.js');
    expect(fresh.NotFoundError).not.toBe(NotFoundError);
    const err = new fresh.NotFoundError('Incident', 7);
    expect(err instanceof NotFoundError).toBe(false);
    expect(isExplained(err)).toBe(true);
  });
});
