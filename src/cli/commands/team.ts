// team add|list|show|remove|add-member|remove-member|own|disown and user role: who sees and acts on
// which incidents in Slack (rules: src/domain/access.ts).
import type { Role } from '../../domain/access.js';
import type { Core } from '../../daemon/container.js';
import { TeamError, type Team } from '../../store/team-repo.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson, table } from '../output.js';

interface JsonOpt {
  json?: boolean;
}

/** Team errors (unknown team, duplicate, bad slug) are the user's to fix. */
async function withTeams<T>(work: (core: Core) => T | Promise<T>): Promise<T> {
  return withCore(async (core) => {
    try {
      return await work(core);
    } catch (err) {
      if (err instanceof TeamError) throw new UserError(err.message);
      throw err;
    }
  });
}

const teamJson = (t: Team) => ({ slug: t.slug, name: t.name, services: t.services, members: t.members.map((m) => ({ email: m.email, name: m.name, role: m.role })) });

function userOf(core: Core, email: string) {
  const user = core.directory.findUserByEmail(email);
  if (!user) throw new UserError(`No user with e-mail ${email}: add one with \`opsknight-slack user add\`.`);
  return user;
}

function printTeam(t: Team): void {
  print(chalk.bold(`${t.name} (${t.slug})`));
  print(`  Services: ${t.services.join(', ') || '(none: `team own` gives it some)'}`);
  print(`  Members:  ${t.members.map((m) => `${m.name} <${m.email}> ${m.role}`).join(', ') || '(none)'}`);
}

export async function addTeam(slug: string, opts: JsonOpt & { name?: string }): Promise<void> {
  await withTeams((core) => {
    core.teams.add(slug, opts.name ?? slug, core.clock.now());
    if (opts.json) return printJson(teamJson(core.teams.get(slug)));
    print(chalk.green(`Team ${slug} added. Next: \`team add-member ${slug} <email>\` and \`team own ${slug} <service>\`.`));
  });
}

export async function listTeams(opts: JsonOpt): Promise<void> {
  await withTeams((core) => {
    const teams = core.teams.list();
    if (opts.json) return printJson(teams.map(teamJson));
    if (!teams.length) return print('No teams: every service is everybody’s. `opsknight-slack team add <slug>` adds one.');
    print(table(['TEAM', 'NAME', 'SERVICES', 'MEMBERS'], teams.map((t) => [t.slug, t.name, t.services.join(', ') || '-', String(t.members.length)])));
  });
}

export async function showTeam(slug: string, opts: JsonOpt): Promise<void> {
  await withTeams((core) => {
    const t = core.teams.get(slug);
    if (opts.json) return printJson(teamJson(t));
    printTeam(t);
  });
}

export async function removeTeam(slug: string): Promise<void> {
  await withTeams((core) => {
    const t = core.teams.get(slug);
    core.teams.remove(slug);
    print(`Team ${slug} removed${t.services.length ? `; ${t.services.join(', ')} no longer belong to a team (everybody may see and act on them)` : ''}.`);
  });
}

export async function addMembers(slug: string, emails: string[], opts: JsonOpt): Promise<void> {
  await withTeams((core) => {
    const users = emails.map((e) => userOf(core, e));
    core.teams.get(slug);
    for (const u of users) core.teams.addMember(slug, u.id);
    if (opts.json) return printJson(teamJson(core.teams.get(slug)));
    print(chalk.green(`${users.map((u) => u.name).join(', ')} ${users.length === 1 ? 'is' : 'are'} on team ${slug}.`));
  });
}

export async function removeMember(slug: string, email: string, opts: JsonOpt): Promise<void> {
  await withTeams((core) => {
    const user = userOf(core, email);
    if (!core.teams.removeMember(slug, user.id)) throw new UserError(`${user.name} is not on team ${slug}.`);
    if (opts.json) return printJson(teamJson(core.teams.get(slug)));
    print(`${user.name} is no longer on team ${slug}.`);
  });
}

export async function ownServices(slug: string, services: string[], opts: JsonOpt): Promise<void> {
  await withTeams((core) => {
    const found = services.map((s) => core.directory.getService(s));
    core.teams.get(slug);
    for (const s of found) core.teams.setServiceOwner(s.id, slug);
    if (opts.json) return printJson(teamJson(core.teams.get(slug)));
    print(chalk.green(`Team ${slug} owns ${services.join(', ')}: its members (and admins) see these incidents in Slack.`));
  });
}

export async function disownService(service: string, opts: JsonOpt): Promise<void> {
  await withTeams((core) => {
    const s = core.directory.getService(service);
    core.teams.setServiceOwner(s.id, null);
    if (opts.json) return printJson({ service, team: null });
    print(`${service} belongs to no team now: everybody may see and act on its incidents.`);
  });
}

export async function setUserRole(email: string, role: string, opts: JsonOpt): Promise<void> {
  await withTeams((core) => {
    const user = userOf(core, email);
    core.teams.setRole(user.id, role as Role);
    if (opts.json) return printJson({ email: user.email, name: user.name, role, teams: core.teams.teamsOf(user.id) });
    const what = { admin: 'sees and acts on every incident', responder: "sees and acts on their teams' incidents", viewer: "sees their teams' incidents but cannot act" }[role as Role];
    print(chalk.green(`${user.name} is now ${role === 'admin' ? 'an' : 'a'} ${role}: ${what}.`));
  });
}
