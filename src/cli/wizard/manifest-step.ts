// Step 2: the app manifest, shown and saved, with the steps to create the app.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../../config/paths.js';
import { createAppLink, formatManifest, renderManifest } from '../../slack/manifest.js';
import { chalk } from '../output.js';
import type { WizardContext } from './context.js';

export async function showManifest(ctx: WizardContext): Promise<void> {
  const manifest = renderManifest({ url: ctx.plan.publicUrl!, name: ctx.opts.name, socketMode: ctx.plan.socketMode });
  ensurePrivateDir(ctx.core.paths.home);
  const path = ctx.opts.manifestOut ?? join(ctx.core.paths.home, 'slack-app-manifest.json');
  writeFileSync(path, formatManifest(manifest, 'json'));
  ctx.plan.manifestPath = path;
  const { prompter } = ctx;
  prompter.say(chalk.bold('\n2. Create the Slack app'));
  prompter.say(`The app manifest is saved in ${path}.`);
  prompter.say('  a. Open this link (signed in to Slack) and pick your workspace — it creates the app from the manifest:');
  prompter.say(`     ${createAppLink(manifest)}`);
  prompter.say('     (or: api.slack.com/apps → Create New App → From an app manifest → paste the file.)');
  prompter.say('  b. Basic Information → App Credentials: note the Client ID, Client Secret and Signing Secret.');
  prompter.say('  c. Install App → Install to Workspace → Allow; copy the Bot User OAuth Token (xoxb-…).');
  if (ctx.interactive) await prompter.confirm({ message: 'Done? Continue with the credentials', default: true });
}
