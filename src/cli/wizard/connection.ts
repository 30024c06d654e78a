// Step 4: test the connection (auth.test): workspace, bot user, missing scopes, errors in plain words;
// with Socket Mode, also the app-level token.
import { ConnectionError, checkAppToken, checkConnection } from '../../slack/connection-check.js';
import { chalk } from '../output.js';
import { SetupError, type WizardContext } from './context.js';
import { validateAppToken, validateBotToken } from './shapes.js';

export async function testConnection(ctx: WizardContext): Promise<void> {
  const { prompter } = ctx;
  if (ctx.interactive) prompter.say(chalk.bold('\n4. Test connection'));
  for (;;) {
    try {
      const report = await prompter.spin('Asking Slack who this bot token belongs to (auth.test)', () => checkConnection(ctx.core.slackClient(ctx.plan.botToken)));
      prompter.say(`Connected to ${chalk.bold(report.teamName)} (${report.teamId}) as bot user ${report.botUserId ?? '?'}.`);
      if (report.missingScopes.length) {
        prompter.say(chalk.yellow(`Missing scopes: ${report.missingScopes.join(', ')}. Add them (the manifest has them all) and re-install the app.\n${report.missingExplained.map((l) => `  - ${l}`).join('\n')}`));
      } else {
        prompter.say(chalk.green('All required scopes are granted.'));
      }
      ctx.plan.workspace = {
        teamId: report.teamId,
        teamName: report.teamName,
        botToken: ctx.plan.botToken!,
        botUserId: report.botUserId,
        botId: report.botId,
        scopes: report.scopes,
        installedBy: 'opsknight-slack setup',
      };
      break;
    } catch (err) {
      if (!(err instanceof ConnectionError)) throw err;
      if (!ctx.interactive) throw new SetupError(`Slack refused the bot token (${err.error}): ${err.message}`);
      prompter.say(chalk.red(`Slack refused the bot token (${err.error}): ${err.message}`));
      ctx.plan.botToken = (await prompter.password({ message: 'Bot token (xoxb-…)', validate: validateBotToken })).trim();
    }
  }
  if (ctx.plan.socketMode) await testAppToken(ctx);
}

/** Socket Mode: the app-level token must open a connection, or the daemon would hear nothing. */
async function testAppToken(ctx: WizardContext): Promise<void> {
  const { prompter } = ctx;
  for (;;) {
    try {
      await prompter.spin('Checking the app-level token (apps.connections.open)', () => checkAppToken(ctx.core.slackClient(ctx.plan.appToken)));
      prompter.say(chalk.green('Socket Mode: the app-level token can connect.'));
      return;
    } catch (err) {
      if (!(err instanceof ConnectionError)) throw err;
      if (!ctx.interactive) throw new SetupError(`Slack refused the app-level token (${err.error}): ${err.message}`);
      prompter.say(chalk.red(`Slack refused the app-level token (${err.error}): ${err.message}`));
      ctx.plan.appToken = (await prompter.password({ message: 'App-level token (xapp-…)', validate: validateAppToken })).trim();
    }
  }
}
