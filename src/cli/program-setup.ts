// Connecting to Slack: the setup wizard, the app manifest and the connection test.
import type { Command } from 'commander';
import { URGENCY_FILTERS } from '../domain/routing.js';
import { oneOf } from './option-values.js';
import { jsonOption, lazy, workspaceOption } from './registration.js';

export function registerSetupCommands(program: Command): void {
  program
    .command('setup')
    .description('the setup wizard: public URL, app manifest, credentials, test connection, channels, notifications')
    .addHelpText(
      'after',
      '\nSecrets: prefer the environment (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_APP_TOKEN) or the\nmasked prompts over flags: flags show up in shell history and process lists. Everything is stored encrypted.\nUnattended: opsknight-slack setup --yes --url https://ops.example.com --default-channel "#incidents"',
    )
    .option('-y, --yes', 'ask nothing: take every value from flags, the environment or what is stored')
    .option('--url <url>', 'public HTTPS URL Slack calls (env OPSKNIGHT_URL)')
    .option('--name <name>', 'app name in Slack', 'OpsKnight')
    .option('--socket-mode', 'use Socket Mode (no public URL needed for Slack to call)')
    .option('--manifest-out <file>', 'where to save the app manifest (default: <home>/slack-app-manifest.json)')
    .option('--client-id <id>', 'Slack client ID (env SLACK_CLIENT_ID)')
    .option('--client-secret <secret>', 'discouraged: use env SLACK_CLIENT_SECRET or the prompt')
    .option('--signing-secret <secret>', 'discouraged: use env SLACK_SIGNING_SECRET or the prompt')
    .option('--bot-token <token>', 'discouraged: use env SLACK_BOT_TOKEN or the prompt')
    .option('--app-token <token>', 'Socket Mode app-level token; discouraged: use env SLACK_APP_TOKEN or the prompt')
    .option('--default-channel <channel>', 'default channel (#name or ID)')
    .option('--test-message', 'post a test message in the default channel')
    .option('--no-test-message', 'do not post a test message')
    .option('--events <list>', 'events to post, comma-separated (triggered,acknowledged,resolved,escalated,sla_breached,note_added,snoozed,woken,reassigned,responders_added,unacknowledged,reopened,urgency_changed)')
    .option('--urgency-filter <filter>', 'all, high or high_medium', oneOf(URGENCY_FILTERS))
    .option('--route <service=#channel...>', 'per-service channels, e.g. payment-api=#payments')
    .option('--urgency-route <urgency=#channel...>', 'urgency routes, e.g. high=#incidents-critical')
    .action(lazy(() => import('./commands/setup.js'), 'setupCommand'));

  program
    .command('manifest')
    .description('print the Slack app manifest for this daemon, and the link that creates the app from it')
    .option('--url <url>', 'public HTTPS URL Slack calls (env OPSKNIGHT_URL)')
    .option('--name <name>', 'app name in Slack', 'OpsKnight')
    .option('--socket-mode', 'Socket Mode: no request URLs')
    .option('--format <format>', 'json or yaml', oneOf(['json', 'yaml']), 'json')
    .option('-o, --out <file>', 'write it to a file instead of standard output')
    .action(lazy(() => import('./commands/manifest.js'), 'manifestCommand'));

  program
    .command('test-connection')
    .description('check the bot token with Slack (auth.test): workspace, bot user, missing scopes')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/test-connection.js'), 'testConnectionCommand'));
}
