// Step 3: client id, client secret, signing secret, bot token (and, for Socket Mode, the app-level token). Checked for shape, masked while
// typed, never echoed; taken from flags or the environment when given.
import { maskSecret } from '../../store/secrets.js';
import { chalk } from '../output.js';
import type { Validate } from '../prompter.js';
import { APP_TOKEN_SETTING, CLIENT_ID_SETTING, CLIENT_SECRET_SETTING, SIGNING_SECRET_SETTING } from '../../config/setting-keys.js';
import { SetupError, type WizardContext } from './context.js';
import { validateAppToken, validateBotToken, validateClientId, validateClientSecret, validateSigningSecret } from './shapes.js';

interface Field {
  label: string;
  given: string | undefined;
  stored: string | null;
  validate: Validate;
  secret: boolean;
  envName: string;
  required: boolean;
}

async function ask(ctx: WizardContext, f: Field): Promise<string | undefined> {
  if (f.given !== undefined) {
    const ok = f.validate(f.given);
    if (ok !== true) throw new SetupError(`${f.label}: ${ok}`);
    return f.given.trim();
  }
  if (!ctx.interactive) {
    if (f.stored) return f.stored;
    if (f.required) throw new SetupError(`No ${f.label}: set ${f.envName} in the environment (preferred for secrets) or pass its flag.`);
    return undefined;
  }
  const keep = f.stored ? ` (Enter keeps ${f.secret ? maskSecret(f.stored) : f.stored})` : f.required ? '' : ' (optional, Enter to skip)';
  const validate: Validate = (v) => (v.trim() === '' && (f.stored || !f.required) ? true : f.validate(v));
  const answer = f.secret
    ? await ctx.prompter.password({ message: `${f.label}${keep}`, validate })
    : await ctx.prompter.input({ message: `${f.label}${keep}`, validate });
  return answer.trim() === '' ? (f.stored ?? undefined) : answer.trim();
}

export async function askCredentials(ctx: WizardContext): Promise<void> {
  const { core, opts, env } = ctx;
  if (ctx.interactive) {
    ctx.prompter.say(chalk.bold('\n3. Credentials'));
    ctx.prompter.say('Secrets are masked as you type and stored encrypted. (In scripts, prefer SLACK_* environment variables to flags.)');
  }
  const storedToken = core.workspaces.list()[0]?.botToken ?? null;
  ctx.plan.clientId = await ask(ctx, { label: 'Client ID', given: opts.clientId ?? env.SLACK_CLIENT_ID, stored: core.settings.get(CLIENT_ID_SETTING), validate: validateClientId, secret: false, envName: 'SLACK_CLIENT_ID', required: false });
  ctx.plan.clientSecret = await ask(ctx, { label: 'Client Secret', given: opts.clientSecret ?? env.SLACK_CLIENT_SECRET, stored: core.settings.get(CLIENT_SECRET_SETTING), validate: validateClientSecret, secret: true, envName: 'SLACK_CLIENT_SECRET', required: false });
  ctx.plan.signingSecret = await ask(ctx, { label: 'Signing Secret', given: opts.signingSecret ?? env.SLACK_SIGNING_SECRET, stored: core.settings.get(SIGNING_SECRET_SETTING), validate: validateSigningSecret, secret: true, envName: 'SLACK_SIGNING_SECRET', required: true });
  ctx.plan.botToken = await ask(ctx, { label: 'Bot token (xoxb-…)', given: opts.botToken ?? env.SLACK_BOT_TOKEN, stored: storedToken, validate: validateBotToken, secret: true, envName: 'SLACK_BOT_TOKEN', required: true });
  if (ctx.plan.socketMode) {
    ctx.plan.appToken = await ask(ctx, { label: 'App-level token (xapp-…)', given: opts.appToken ?? env.SLACK_APP_TOKEN, stored: core.settings.get(APP_TOKEN_SETTING), validate: validateAppToken, secret: true, envName: 'SLACK_APP_TOKEN', required: true });
  }
}
