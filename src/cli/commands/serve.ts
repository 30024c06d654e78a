import type { ServeFlags } from '../../config/load.js';
import { startDaemon } from '../../daemon/lifecycle.js';
import { chalk } from '../output.js';

/** Runs the daemon until SIGINT or SIGTERM. */
export async function serveCommand(flags: ServeFlags): Promise<void> {
  const daemon = await startDaemon(flags, process.env);
  // One write, so whoever reads the banner sees all of it at once.
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  say(chalk.bold(`opsknight-slack is listening on ${daemon.url}`));
  say(`  database: ${daemon.core.paths.database}`);
  if (daemon.apiTokenSource === 'generated') {
    say('  A new incident API token was generated and stored (encrypted).');
    say('  Read it with: opsknight-slack config show-token');
  }
  if (daemon.slackProblem) {
    say(chalk.yellow('  Slack: not connected, so incidents are stored but not posted.'));
    say(`  ${daemon.slackProblem}`);
  } else {
    const names = daemon.core.workspaces.list().map((w) => `${w.teamName} (${w.teamId})`);
    say(`  Slack: ${names.join(', ')}`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      daemon.logger.info({ signal }, 'shutting down');
      void daemon.stop().then(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
