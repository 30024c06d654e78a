import type { ServeFlags } from '../../config/load.js';
import { openCore } from '../../daemon/container.js';
import { startDaemon } from '../../daemon/lifecycle.js';
import { chalk, printJson } from '../output.js';

/** Any real Slack set-up: credentials in the environment, or a workspace stored by setup or OAuth
 *  (the sandbox's own workspaces do not count: this core sees real Slack's world). */
function slackConfigured(env: NodeJS.ProcessEnv): boolean {
  if (env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID) return true;
  const core = openCore(env);
  try {
    return core.workspaces.list().length > 0;
  } finally {
    core.close();
  }
}

/** Runs the daemon until SIGINT or SIGTERM. */
export async function serveCommand(flags: ServeFlags & { sandbox?: boolean | string; sandboxPort?: string; json?: boolean }): Promise<void> {
  const configured = flags.sandbox ? slackConfigured(process.env) : true;
  const useSandbox = flags.sandbox === 'auto' ? !configured : Boolean(flags.sandbox);
  // The sandbox is loaded only when used: a production daemon never carries it.
  const sandboxMode = useSandbox ? await import('../../daemon/sandbox-mode.js') : null;
  const describe = useSandbox ? await import('../../sandbox/describe.js') : null;
  const sandboxed = sandboxMode ? await sandboxMode.startSandboxedDaemon(flags, process.env, { realSlackConfigured: configured }) : null;
  const daemon = sandboxed?.daemon ?? (await startDaemon(flags, process.env));
  const stop = sandboxed?.stop ?? daemon.stop;
  // Signal handlers first: whoever reads the banner may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      daemon.logger.info({ signal }, 'shutting down');
      void stop().then(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  // One write, so whoever reads the banner sees all of it at once.
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  say(chalk.bold(`opsknight-slack is listening on ${daemon.url}`));
  say(`  database: ${daemon.core.paths.databaseLabel}`);
  if (daemon.apiTokenSource === 'generated') {
    say('  A new incident API token was generated and stored (encrypted).');
    // Beside a real Slack set-up the sandbox keeps its data in its own folder: say how to reach it.
    say(`  Read it with: opsknight-slack ${sandboxed?.apart ? `--home ${daemon.core.paths.home} ` : ''}config show-token`);
  }
  if (sandboxed) {
    say(chalk.cyan('  Slack: the built-in sandbox (no Slack account needed). Open the UI and press "Trigger a demo incident".'));
    for (const line of describe!.sandboxBanner(sandboxed.sandbox)) say(`  ${line}`);
  } else if (daemon.slackProblem) {
    say(chalk.yellow('  Slack: not connected, so incidents are stored but not posted.'));
    say(`  ${daemon.slackProblem}`);
  } else {
    const names = daemon.core.workspaces.list().map((w) => `${w.teamName} (${w.teamId})`);
    say(`  Slack: ${names.join(', ')}`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  if (flags.json) printJson({ url: daemon.url, database: daemon.core.paths.database, ...(sandboxed ? { sandbox: describe!.describeSandbox(sandboxed.sandbox) } : {}) });
  await stopped;
}
