// Services and users: the directory incidents refer to.
import { DomainError, NotFoundError, ValidationError } from './errors.js';
import type { Service, User, UserStatus } from './model.js';
import type { Clock, NewService, ServicePatch, UnitOfWork } from './ports.js';
import { cleanText } from './text.js';

export const DEFAULT_ACK_SLA_MINUTES = 15;
export const DEFAULT_RESOLVE_SLA_MINUTES = 120;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSlug(slug: string): string {
  if (!SLUG.test(slug)) {
    throw new ValidationError(
      `"${slug}" is not a valid service slug: use lower-case letters, digits and dashes (e.g. payment-api).`,
      'slug',
    );
  }
  return slug;
}

function validateSla(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 10_080) {
    throw new ValidationError(`${field} must be a whole number of minutes between 1 and 10080.`, field);
  }
  return value;
}

export function normaliseEmail(email: string): string {
  const trimmed = email.trim();
  if (!EMAIL.test(trimmed)) throw new ValidationError(`"${email}" is not an e-mail address.`, 'email');
  return trimmed;
}

export class Directory {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  addService(input: Partial<NewService> & { slug: string }): Service {
    const slug = validateSlug(input.slug);
    const service: NewService = {
      slug,
      name: cleanText(input.name ?? '') || slug,
      description: cleanText(input.description ?? ''),
      ackSlaMinutes: validateSla(input.ackSlaMinutes ?? DEFAULT_ACK_SLA_MINUTES, 'ack_sla_minutes'),
      resolveSlaMinutes: validateSla(input.resolveSlaMinutes ?? DEFAULT_RESOLVE_SLA_MINUTES, 'resolve_sla_minutes'),
    };
    return this.uow.run((repos) => {
      if (repos.services.findBySlug(slug)) {
        throw new DomainError('conflict', `A service "${slug}" already exists.`, { slug });
      }
      return repos.services.insert(service, this.clock.now());
    });
  }

  updateService(slug: string, patch: ServicePatch): Service {
    const clean: ServicePatch = {};
    if (patch.name !== undefined) clean.name = cleanText(patch.name) || slug;
    if (patch.description !== undefined) clean.description = cleanText(patch.description);
    if (patch.ackSlaMinutes !== undefined) clean.ackSlaMinutes = validateSla(patch.ackSlaMinutes, 'ack_sla_minutes');
    if (patch.resolveSlaMinutes !== undefined) {
      clean.resolveSlaMinutes = validateSla(patch.resolveSlaMinutes, 'resolve_sla_minutes');
    }
    return this.uow.run((repos) => {
      if (!repos.services.findBySlug(slug)) throw new NotFoundError('Service', slug);
      return repos.services.update(slug, clean);
    });
  }

  removeService(slug: string): void {
    this.uow.run((repos) => {
      if (!repos.services.findBySlug(slug)) throw new NotFoundError('Service', slug);
      const count = repos.services.countIncidents(slug);
      if (count > 0) {
        throw new DomainError(
          'conflict',
          `Service "${slug}" has ${count} incident(s); it is kept so their history stays whole.`,
          { slug, incidents: count },
        );
      }
      repos.services.remove(slug);
    });
  }

  /** The service, created with these defaults if it does not exist yet (e.g. the "unrouted" fallback). */
  ensureService(input: Partial<NewService> & { slug: string }): Service {
    return this.uow.run((repos) => repos.services.findBySlug(input.slug) ?? this.addService(input));
  }

  getService(slug: string): Service {
    const service = this.uow.read((repos) => repos.services.findBySlug(slug));
    if (!service) throw new NotFoundError('Service', slug);
    return service;
  }

  listServices(): Service[] {
    return this.uow.read((repos) => repos.services.list());
  }

  findServiceByIntegrationKey(key: string): Service | null {
    return this.uow.read((repos) => repos.services.findByIntegrationKey(key));
  }

  addUser(input: { name: string; email: string; status?: UserStatus }): User {
    const email = normaliseEmail(input.email);
    const name = cleanText(input.name);
    if (!name) throw new ValidationError('A user needs a name.', 'name');
    return this.uow.run((repos) => {
      const existing = repos.users.findByEmail(email);
      if (existing) {
        throw new DomainError('conflict', `A user with e-mail ${existing.email} already exists.`, { email });
      }
      return repos.users.insert({ name, email, status: input.status ?? 'ACTIVE' }, this.clock.now());
    });
  }

  updateUser(email: string, patch: { name?: string; email?: string; status?: UserStatus }): User {
    return this.uow.run((repos) => {
      const user = repos.users.findByEmail(email);
      if (!user) throw new NotFoundError('User', email);
      const clean: { name?: string; email?: string; status?: UserStatus } = {};
      if (patch.name !== undefined) {
        clean.name = cleanText(patch.name);
        if (!clean.name) throw new ValidationError('A user needs a name.', 'name');
      }
      if (patch.email !== undefined) {
        clean.email = normaliseEmail(patch.email);
        const other = repos.users.findByEmail(clean.email);
        if (other && other.id !== user.id) {
          throw new DomainError('conflict', `A user with e-mail ${other.email} already exists.`, { email: clean.email });
        }
      }
      if (patch.status !== undefined) clean.status = patch.status;
      return repos.users.update(user.id, clean);
    });
  }

  findUserByEmail(email: string): User | null {
    return this.uow.read((repos) => repos.users.findByEmail(email));
  }

  listUsers(): User[] {
    return this.uow.read((repos) => repos.users.list());
  }
}
