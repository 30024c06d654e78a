// A schedule's user group set to whoever is on call (usergroups.users.update, usergroups:write).
// Slack users are found by e-mail; someone without a Slack account leaves the group as it was, and
// the row fails saying so (Slack cannot empty a group, and a wrong member is worse than a stale one).
import { delivered, dropped, type Deliverer } from './context.js';
import { scopesGranted } from './workflow-context.js';

export const usergroupSync: Deliverer<'usergroup_sync'> = {
  method: 'usergroups.users.update',
  async deliver(ctx) {
    const p = ctx.row.payload;
    if (!(await scopesGranted(ctx, 'oncall_group'))) return { status: 'dropped', reason: 'usergroups:write not granted' };
    const ids: string[] = [];
    for (const person of p.people) {
      const id = person.email ? await ctx.deps.users.idByEmail(ctx.client, ctx.ws.teamId, person.email) : null;
      if (!id) return dropped(ctx, `${person.name} (on call for ${p.schedule}) has no Slack user with the e-mail ${person.email ?? '(none)'}: @${p.handle} keeps its members`);
      ids.push(id);
    }
    await ctx.client.usergroups.users.update({ usergroup: p.usergroup, users: ids.join(',') });
    return delivered(ctx);
  },
};
