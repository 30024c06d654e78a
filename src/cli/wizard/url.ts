// Step 1: the public URL Slack will call (HTTPS unless Socket Mode).
import { ManifestError, checkPublicUrl } from '../../slack/manifest.js';
import { chalk } from '../output.js';
import { PUBLIC_URL_SETTING } from '../../config/setting-keys.js';
import { SetupError, type WizardContext } from './context.js';

export async function askPublicUrl(ctx: WizardContext): Promise<void> {
  const { opts, prompter } = ctx;
  const socketMode = Boolean(opts.socketMode);
  const current = opts.url ?? ctx.env.OPSKNIGHT_URL ?? ctx.core.settings.get(PUBLIC_URL_SETTING) ?? undefined;
  let url: string;
  if (!ctx.interactive) {
    if (!current) throw new SetupError('No public URL: pass --url https://ops.example.com or set OPSKNIGHT_URL.');
    url = current;
  } else {
    prompter.say(chalk.bold('\n1. Public URL'));
    prompter.say('Slack calls this daemon at this address (through your reverse proxy), so it must be HTTPS.');
    url = await prompter.input({
      message: 'Public URL of this daemon',
      default: current,
      validate: (v) => {
        try {
          checkPublicUrl(v, socketMode);
          return true;
        } catch (err) {
          return (err as Error).message;
        }
      },
    });
  }
  try {
    const checked = checkPublicUrl(url, socketMode);
    for (const w of checked.warnings) prompter.say(chalk.yellow(`Warning: ${w}`));
    ctx.plan.publicUrl = checked.url;
    ctx.plan.socketMode = socketMode;
  } catch (err) {
    if (err instanceof ManifestError) throw new SetupError(err.message);
    throw err;
  }
}
