// `opsknight-slack sandbox`: the Slack emulator alone, for trying things or pointing a daemon at it.
import { Sandbox } from '../../sandbox/sandbox.js';
import { describeSandbox, sandboxBanner } from '../../sandbox/describe.js';
import { UserError } from '../errors.js';
import { printJson } from '../output.js';

export async function sandboxCommand(opts: { port: string; host: string; appUrl?: string; rateLimits: boolean; json?: boolean }): Promise<void> {
  const appUrl = opts.appUrl?.replace(/\/+$/, '');
  const sandbox = new Sandbox({
    rateLimits: opts.rateLimits,
    interactivityUrl: appUrl ? `${appUrl}/api/slack/actions` : undefined,
    commandUrl: appUrl ? `${appUrl}/api/slack/commands` : undefined,
    redirectUrls: appUrl ? [`${appUrl}/api/settings/slack-oauth/callback`] : [],
  });
  try {
    await sandbox.start(Number(opts.port), opts.host);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`Port ${opts.port} is in use: pass --port.`);
    throw err;
  }
  if (opts.json) printJson(describeSandbox(sandbox));
  else process.stderr.write(`${sandboxBanner(sandbox).join('\n')}\n${appUrl ? '' : 'No app connected: pass --app-url http://127.0.0.1:3000 to send clicks and commands to a daemon.\n'}`);
  await new Promise<void>((resolve) => {
    const done = () => void sandbox.stop().then(resolve);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
