// The setup wizard: from nothing to a working Slack app, or unattended with --yes. Steps fill a plan;
// it is stored only at the end, in one transaction.
import type { Core } from '../../daemon/container.js';
import { chalk } from '../output.js';
import type { Prompter } from '../prompter.js';
import { chooseDefaultChannel } from './channel.js';
import { testConnection } from './connection.js';
import type { SetupOptions, WizardContext } from './context.js';
import { askCredentials } from './credentials.js';
import { showManifest } from './manifest-step.js';
import { configureNotifications } from './notifications.js';
import { applyPlan, emptyPlan, type SetupPlan } from './plan.js';
import { askPublicUrl } from './url.js';

export async function runSetup(core: Core, prompter: Prompter, opts: SetupOptions, env: NodeJS.ProcessEnv): Promise<SetupPlan> {
  const ctx: WizardContext = { core, prompter, opts, env, plan: emptyPlan(), interactive: !opts.yes };
  if (ctx.interactive) prompter.say(chalk.bold('OpsKnight ↔ Slack setup') + ' — Ctrl-C at any point leaves everything as it was.');
  await askPublicUrl(ctx);
  await showManifest(ctx);
  await askCredentials(ctx);
  await testConnection(ctx);
  const channels = await chooseDefaultChannel(ctx);
  await configureNotifications(ctx, channels);
  applyPlan(core, ctx.plan);
  prompter.say(chalk.green(`\nSaved. ${ctx.plan.workspace!.teamName} posts to #${ctx.plan.defaultChannel!.name} by default.`));
  prompter.say('Start (or restart) the daemon: opsknight-slack serve — it needs no Slack variables now; they are stored encrypted.');
  return ctx.plan;
}
