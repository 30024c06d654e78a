// Every command is registered declaratively, one module per command group, in the order `--help`
// lists them; each command's code is imported only when it runs, so `--help` stays fast.
import { Command } from 'commander';
import { registerChannelCommands } from './program-channels.js';
import { registerDaemonCommands } from './program-daemon.js';
import { registerDataCommands } from './program-data.js';
import { registerIncidentCommands } from './program-incidents.js';
import { registerOnCallCommands } from './program-oncall.js';
import { registerPeopleCommands } from './program-people.js';
import { registerRepairCommands } from './program-repair.js';
import { registerServiceCommands } from './program-services.js';
import { registerSetupCommands } from './program-setup.js';
import { registerWorkspaceCommands } from './program-workspaces.js';

export function buildProgram(): Command {
  const program = new Command('opsknight-slack')
    .description('Self-hosted Slack incident integration for OpsKnight: the daemon and its tools.')
    .version(process.env.npm_package_version ?? '0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  // Data location flags apply to every command; they override OPSKNIGHT_SLACK_HOME / OPSKNIGHT_SLACK_DB.
  program
    .option('--home <dir>', 'data folder (env OPSKNIGHT_SLACK_HOME)')
    .option('--db <file>', 'SQLite file or postgres:// URL (env OPSKNIGHT_SLACK_DB)')
    .hook('preAction', (cmd) => {
      const opts = cmd.opts<{ home?: string; db?: string }>();
      if (opts.home) process.env.OPSKNIGHT_SLACK_HOME = opts.home;
      if (opts.db) process.env.OPSKNIGHT_SLACK_DB = opts.db;
    });

  registerDaemonCommands(program);
  registerServiceCommands(program);
  registerOnCallCommands(program);
  registerPeopleCommands(program);
  registerIncidentCommands(program);
  registerSetupCommands(program);
  registerChannelCommands(program);
  registerRepairCommands(program);
  registerWorkspaceCommands(program);
  registerDataCommands(program);
  return program;
}
