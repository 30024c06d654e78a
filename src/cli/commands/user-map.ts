// user map: which OpsKnight users are matched to a Slack user (by e-mail), who is not, and why.
import { classifySlackError } from '../../slack/errors.js';
import { parseSlackRef } from '../../slack/render/attribution.js';
import { UserMapper } from '../../slack/user-mapping.js';
import { unmappedSlackActors } from '../../store/slack-actor-queries.js';
import { withCore } from '../context.js';
import { chalk, print, printJson, table } from '../output.js';
import { workspaceFor } from '../slack-context.js';

interface Row {
  opsknight: string;
  email: string | null;
  slack: string | null;
  state: 'matched' | 'not matched' | 'inactive';
  why: string;
}

export async function userMap(opts: { workspace?: string; json?: boolean }): Promise<void> {
  await withCore(async (core) => {
    const { workspace, client } = await workspaceFor(core, opts.workspace);
    const rows: Row[] = [];
    for (const u of core.directory.listUsers()) {
      let slack: string | null = null;
      let why = '';
      try {
        const res = await client.users.lookupByEmail({ email: u.email });
        slack = `@${res.user?.name} (${res.user?.id})`;
      } catch (err) {
        const e = classifySlackError(err).error;
        why = e === 'users_not_found' ? `no Slack user in ${workspace.teamName} shows this e-mail to apps` : `Slack answered ${e}`;
      }
      const state: Row['state'] = !slack ? 'not matched' : u.status === 'ACTIVE' ? 'matched' : 'inactive';
      if (state === 'inactive') why = 'INACTIVE in OpsKnight: Slack actions are refused';
      rows.push({ opsknight: u.name, email: u.email, slack, state, why });
    }
    // Slack users who acted "via Slack": say why each was not matched.
    const mapper = new UserMapper(core.directory);
    for (const a of unmappedSlackActors(core.db)) {
      const ref = parseSlackRef(a.ref);
      if (!ref || ref.teamId !== workspace.teamId) continue;
      const profile = await mapper.profile(client, ref.teamId, ref.userId);
      if (profile.email && core.directory.findUserByEmail(profile.email)) continue; // matched since
      rows.push({
        opsknight: '—',
        email: profile.email,
        slack: `${a.name.replace(/ \(via Slack\)$/, '')} (${ref.userId})`,
        state: 'not matched',
        why: profile.email ? `acted via Slack; no OpsKnight user has ${profile.email}` : `acted via Slack; ${profile.problem ?? 'no e-mail'}`,
      });
    }
    if (opts.json) return printJson({ workspace: workspace.teamId, users: rows });
    print(chalk.bold(`User mapping for ${workspace.teamName} (${workspace.teamId})`));
    const colour = (s: Row['state']) => (s === 'matched' ? chalk.green(s) : s === 'inactive' ? chalk.yellow(s) : chalk.red(s));
    print(table(['OPSKNIGHT USER', 'E-MAIL', 'SLACK USER', 'STATE', 'WHY'], rows.map((r) => [r.opsknight, r.email ?? '—', r.slack ?? '—', colour(r.state), r.why])));
    print(chalk.dim('Matching needs the same e-mail in Slack and OpsKnight, visible to apps, and an ACTIVE OpsKnight user.'));
  });
}
