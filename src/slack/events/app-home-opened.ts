// app_home_opened → views.publish of that person's Home tab, built from stored state. Published
// directly, not through the outbox: like views.open, it answers what the person is looking at now,
// and the next opening publishes it afresh.
import type { Incident } from '../../domain/model.js';
import { upcomingShifts, type UpcomingShift } from '../../domain/shifts.js';
import { renderHomeTab, type HomeState } from '../render/home-tab.js';
import type { SlackDeps } from '../interactions/context.js';
import type { Mapping } from '../user-mapping.js';

const SHOWN_INCIDENTS = 10;
const SHIFT_HORIZON_MS = 14 * 86_400_000;
const UNRESOLVED = ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'] as const;

/** Incidents assigned to the user (by name or e-mail) or acknowledged by them, most urgent first. */
function myIncidents(deps: SlackDeps, mapping: Mapping): Incident[] {
  const user = mapping.user;
  if (!user || mapping.status !== 'mapped') return [];
  const names = new Set([user.name.toLowerCase(), user.email.toLowerCase()]);
  const { incidents } = deps.incidents.list({ status: [...UNRESOLVED], limit: 500, offset: 0, order: 'triage' });
  return incidents.filter((i) => (i.assignee !== null && names.has(i.assignee.toLowerCase())) || i.acknowledgedBy?.userId === user.id);
}

function myShifts(deps: SlackDeps, mapping: Mapping): UpcomingShift[] {
  const user = mapping.user;
  if (!user || mapping.status !== 'mapped' || !deps.oncall) return [];
  const now = deps.clock.now();
  return deps.oncall
    .listSchedules()
    .flatMap((s) => upcomingShifts(s, user.id, now, SHIFT_HORIZON_MS))
    .sort((a, b) => a.from.getTime() - b.from.getTime())
    .slice(0, 10);
}

function myTeams(deps: SlackDeps, mapping: Mapping): Pick<HomeState, 'teams' | 'role'> {
  const user = mapping.user;
  if (!user || mapping.status !== 'mapped') return { teams: [], role: null };
  const mine = deps.teams.list().filter((t) => t.members.some((m) => m.userId === user.id));
  return { teams: mine.map((t) => ({ slug: t.slug, name: t.name, services: t.services, members: t.members.length })), role: deps.teams.roleOf(user.id) };
}

export async function publishHome(deps: SlackDeps, teamId: string, slackUserId: string): Promise<void> {
  const workspace = deps.workspaces.getRecent(teamId);
  if (!workspace) return;
  const client = deps.clientFor(workspace);
  const mapping = await deps.mapper.map(client, teamId, { id: slackUserId });
  const incidents = myIncidents(deps, mapping);
  const view = renderHomeTab(
    {
      mapping: { status: mapping.status, userName: mapping.user?.name ?? null, email: mapping.user?.email ?? mapping.profile.email ?? null, reason: mapping.reason },
      incidents: incidents.slice(0, SHOWN_INCIDENTS),
      moreIncidents: Math.max(0, incidents.length - SHOWN_INCIDENTS),
      shifts: myShifts(deps, mapping),
      ...myTeams(deps, mapping),
    },
    { teamId, incidentUrl: deps.incidentUrl },
  );
  // Our Block type is a plain record (render/ stays free of @slack/types); Slack checks the shape.
  await client.views.publish({ user_id: slackUserId, view: view as never });
}
