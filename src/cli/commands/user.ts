import type { User } from '../../domain/model.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson, table } from '../output.js';

const userJson = (u: User) => ({ id: u.id, name: u.name, email: u.email, status: u.status, created_at: u.createdAt.toISOString() });

export async function addUser(opts: { name: string; email: string; inactive?: boolean; json?: boolean }): Promise<void> {
  await withCore((core) => {
    const u = core.directory.addUser({ name: opts.name, email: opts.email, status: opts.inactive ? 'INACTIVE' : 'ACTIVE' });
    if (opts.json) printJson(userJson(u));
    else print(chalk.green(`User ${u.name} <${u.email}> added (${u.status}).`));
  });
}

export async function listUsers(opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const list = core.directory.listUsers();
    if (opts.json) return printJson(list.map(userJson));
    if (!list.length) return print('No users yet. Add one: opsknight-slack user add --name "Jane Doe" --email jane@example.com');
    print(
      table(
        ['NAME', 'E-MAIL', 'STATUS'],
        list.map((u) => [u.name, u.email, u.status === 'ACTIVE' ? chalk.green(u.status) : chalk.dim(u.status)]),
      ),
    );
  });
}

export async function updateUser(
  email: string,
  opts: { name?: string; email?: string; activate?: boolean; deactivate?: boolean; json?: boolean },
): Promise<void> {
  if (opts.activate && opts.deactivate) throw new UserError('Choose --activate or --deactivate, not both.', 2);
  await withCore((core) => {
    const u = core.directory.updateUser(email, {
      name: opts.name,
      email: opts.email,
      status: opts.activate ? 'ACTIVE' : opts.deactivate ? 'INACTIVE' : undefined,
    });
    if (opts.json) printJson(userJson(u));
    else print(chalk.green(`User ${u.name} <${u.email}> is ${u.status}.`));
  });
}
