// workspace add: prints a single-use "Add to Slack" link for another workspace (OAuth).
import { PUBLIC_URL_SETTING } from '../../config/setting-keys.js';
import { OAuthTickets } from '../../store/oauth-tickets.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { print } from '../output.js';

export const INSTALL_LINK_TTL_MS = 60 * 60_000;

export async function addWorkspace(opts: { url?: string }): Promise<void> {
  await withCore((core) => {
    const base = (opts.url ?? process.env.OPSKNIGHT_URL ?? core.settings.get(PUBLIC_URL_SETTING) ?? '').replace(/\/+$/, '');
    if (!base) throw new UserError('No public URL known: pass --url https://ops.example.com, set OPSKNIGHT_URL, or run `opsknight-slack setup`.');
    const link = new OAuthTickets(core.db).issue('install_link', INSTALL_LINK_TTL_MS, core.clock.now().getTime());
    print(`${base}/api/settings/slack-oauth/install?link=${link}`);
    process.stderr.write('Open this link in a browser signed in to the Slack workspace to add (valid one hour, once).\nThe daemon needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (or `setup`) for OAuth.\n');
  });
}
