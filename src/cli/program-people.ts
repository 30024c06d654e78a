// People: OpsKnight users, their roles and Slack matching, and teams.
import { Argument, type Command } from 'commander';
import { ROLES } from '../domain/access.js';
import { jsonOption, lazy, workspaceOption } from './registration.js';

const users = () => import('./commands/user.js');
const teams = () => import('./commands/team.js');

export function registerPeopleCommands(program: Command): void {
  const user = program.command('user').description('manage OpsKnight users (matched to Slack users by e-mail)');
  user
    .command('add')
    .description('add a user')
    .requiredOption('-n, --name <name>', 'full name')
    .requiredOption('-e, --email <email>', 'e-mail address (unique, case-insensitive)')
    .option('--inactive', 'create the user as INACTIVE')
    .addOption(jsonOption())
    .action(lazy(users, 'addUser'));
  user.command('list').description('list users').addOption(jsonOption()).action(lazy(users, 'listUsers'));
  user
    .command('update <email>')
    .description('change a user: name, e-mail, or activate/deactivate')
    .option('-n, --name <name>', 'full name')
    .option('-e, --email <email>', 'new e-mail address')
    .option('--activate', 'mark ACTIVE')
    .option('--deactivate', 'mark INACTIVE (they can no longer act on incidents)')
    .addOption(jsonOption())
    .action(lazy(users, 'updateUser'));

  user
    .command('role')
    .argument('<email>', 'the user')
    .addArgument(new Argument('<role>', 'admin, responder or viewer').choices(ROLES))
    .description("set a user's role: admin (every incident), responder (their teams'), viewer (see, not act)")
    .addOption(jsonOption())
    .action(lazy(teams, 'setUserRole'));

  const team = program.command('team').description('teams: members and the services they own decide who sees and acts on which incidents in Slack');
  team.command('add <slug>').description('add a team').option('-n, --name <name>', 'display name').addOption(jsonOption()).action(lazy(teams, 'addTeam'));
  team.command('list').description('teams, their services and members').addOption(jsonOption()).action(lazy(teams, 'listTeams'));
  team.command('show <slug>').description('one team').addOption(jsonOption()).action(lazy(teams, 'showTeam'));
  team.command('remove <slug>').description('remove a team (its services become everybody’s)').action(lazy(teams, 'removeTeam'));
  team.command('add-member <slug> <emails...>').description('put users on the team').addOption(jsonOption()).action(lazy(teams, 'addMembers'));
  team.command('remove-member <slug> <email>').description('take a user off the team').addOption(jsonOption()).action(lazy(teams, 'removeMember'));
  team.command('own <slug> <services...>').description('give services to the team').addOption(jsonOption()).action(lazy(teams, 'ownServices'));
  team.command('disown <service>').description('a service belongs to no team (everybody’s)').addOption(jsonOption()).action(lazy(teams, 'disownService'));

  user
    .command('map')
    .description('who is matched to a Slack user by e-mail, who is not, and why')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/user-map.js'), 'userMap'));
}
