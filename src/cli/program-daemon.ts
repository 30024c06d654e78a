// The daemon and the Slack sandbox.
import type { Command } from 'commander';
import { LOG_LEVELS } from '../config/log-levels.js';
import { oneOf, port } from './option-values.js';
import { jsonOption, lazy } from './registration.js';

const serve = () => import('./commands/serve.js');

export function registerDaemonCommands(program: Command): void {
  program
    .command('serve')
    .description('run the daemon: the incident API, Alertmanager and Events v2 intake, and the Slack endpoints')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)', port)
    .option('-H, --host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--url <url>', 'public HTTPS base URL of this daemon (env OPSKNIGHT_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env LOG_LEVEL, default info)', oneOf(LOG_LEVELS))
    .option('--trust-proxy <value>', 'Express trust proxy: true, false, hop count or subnets (env TRUST_PROXY, default loopback)')
    .option('--sandbox [when]', 'use the built-in Slack sandbox instead of Slack (no account needed; same database as the CLI, its fake workspaces kept apart; in <home>/sandbox when real Slack is set up); "auto": only when no Slack credentials are configured')
    .option('--sandbox-port <port>', 'port of the sandbox UI and Web API (default: --port + 1)', port)
    .addOption(jsonOption().hideHelp())
    .action(lazy(serve, 'serveCommand'));

  program
    .command('sandbox')
    .description('run the Slack sandbox alone: a Slack-compatible Web API and a browser UI')
    .option('-p, --port <port>', 'port', port, '3001')
    .option('-H, --host <host>', 'address', '127.0.0.1')
    .option('--app-url <url>', 'daemon base URL that receives clicks and slash commands, e.g. http://127.0.0.1:3000')
    .option('--no-rate-limits', 'answer without Slack\'s rate limits')
    .option('--json', 'print the address, credentials, channels and users as one JSON object')
    .action(lazy(() => import('./commands/sandbox.js'), 'sandboxCommand'));
}
