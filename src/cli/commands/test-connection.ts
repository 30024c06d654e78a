import { ConnectionError, checkConnection } from '../../slack/connection-check.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson } from '../output.js';
import { workspaceFor } from '../slack-context.js';

export async function testConnectionCommand(opts: { workspace?: string; json?: boolean }): Promise<void> {
  await withCore(async (core) => {
    const { workspace, client } = await workspaceFor(core, opts.workspace);
    try {
      const r = await checkConnection(client);
      if (opts.json) return printJson({ ok: true, team_id: r.teamId, team: r.teamName, bot_user_id: r.botUserId, scopes: r.scopes, missing_scopes: r.missingScopes, missing_scopes_explained: r.missingExplained });
      print(chalk.green(`Connection successful: ${r.teamName} (${r.teamId}), bot user ${r.botUserId ?? '?'}.`));
      if (r.missingScopes.length) print(chalk.yellow(`Missing scopes: ${r.missingScopes.join(', ')}. Add them (see \`opsknight-slack manifest\`) and re-install the app.\n${r.missingExplained.map((l) => `  - ${l}`).join('\n')}`));
      else print('All required scopes are granted.');
      if (workspace.status !== 'ok') {
        core.workspaces.setStatus(workspace.teamId, 'ok', null);
        print('The workspace was marked as needing attention; the token works again, so waiting notifications will now go out.');
      }
    } catch (err) {
      if (err instanceof ConnectionError) throw new UserError(`Connection failed (${err.error}): ${err.message}`);
      throw err;
    }
  });
}
