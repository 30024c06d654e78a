// The app's Home tab for one person: their open incidents (with the card's buttons), their next
// on-call shifts, their teams (and what their role lets them do), and whether their Slack account is
// mapped to an OpsKnight user (and why not). Pure: state in, Block Kit out.
import type { Role } from '../../domain/access.js';
import type { Incident } from '../../domain/model.js';
import type { UpcomingShift } from '../../domain/shifts.js';
import { incidentActions, URGENCY_STYLE, type Block, type RenderContext } from './incident-message.js';
import { dateToken, safeMrkdwn } from './text.js';

export interface HomeState {
  mapping: { status: 'mapped' | 'unmapped' | 'inactive'; userName: string | null; email: string | null; reason?: string };
  incidents: Incident[];
  /** How many more open incidents there are beyond those shown. */
  moreIncidents: number;
  shifts: UpcomingShift[];
  /** The person's teams (src/domain/access.ts decides what they see and act on), and their role. */
  teams: { slug: string; name: string; services: string[]; members: number }[];
  role: Role | null;
}

const ROLE_WORDS: Record<Role, string> = {
  admin: 'you see and act on every incident',
  responder: 'you see and act on the incidents of your teams’ services and of services no team owns',
  viewer: 'you see the incidents of your teams’ services and of services no team owns, but cannot act on them',
};

const section = (text: string, blockId?: string): Block => ({ type: 'section', ...(blockId ? { block_id: blockId } : {}), text: { type: 'mrkdwn', text } });
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });
const when = (at: Date) => dateToken(at, '{date_short_pretty} {time}');

export function renderHomeTab(state: HomeState, ctx: Pick<RenderContext, 'teamId' | 'incidentUrl'>): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [header('Your account')];
  const m = state.mapping;
  if (m.status === 'mapped') blocks.push(section(`:white_check_mark: Your Slack account is mapped to *${safeMrkdwn(m.userName ?? '', 100)}* (${safeMrkdwn(m.email ?? '', 200)}) in OpsKnight.`, 'home_mapping'));
  else
    blocks.push(
      section(
        `:warning: Your Slack account is *not mapped* to an OpsKnight user: ${safeMrkdwn(m.reason ?? 'unknown reason', 300)}. ` +
          'Ask an admin to add you with `opsknight-slack user add` using the e-mail of your Slack profile; until then your clicks are refused.',
        'home_mapping',
      ),
    );

  blocks.push({ type: 'divider' }, header('Your open incidents'));
  if (m.status !== 'mapped') blocks.push(section('_Your incidents show here once your account is mapped._', 'home_incidents_none'));
  else if (state.incidents.length === 0) blocks.push(section('Nothing open is assigned to you or acknowledged by you. :tada:', 'home_incidents_none'));
  for (const i of state.incidents) {
    const style = URGENCY_STYLE[i.urgency];
    blocks.push(section(`${style.emoji} *#${i.id} ${safeMrkdwn(i.title, 150)}* · \`${i.serviceSlug}\` · ${i.status} · opened ${when(i.createdAt)}`, `home_incident_${i.id}`));
    blocks.push(incidentActions(i, { ...ctx, service: null }));
  }
  if (state.moreIncidents > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${state.moreIncidents} more: \`/opsknight incidents\` lists them.` }] });

  blocks.push({ type: 'divider' }, header('Your next on-call shifts'));
  if (m.status !== 'mapped') blocks.push(section('_Your shifts show here once your account is mapped._', 'home_shifts_none'));
  else if (state.shifts.length === 0) blocks.push(section('You have no on-call shift in the next 14 days.', 'home_shifts_none'));
  else
    blocks.push(
      section(
        state.shifts.map((s) => `• *${safeMrkdwn(s.schedule, 100)}*: ${when(s.from)} → ${when(s.until)}${s.viaOverride ? ' (override)' : ''}`).join('\n'),
        'home_shifts',
      ),
    );

  blocks.push({ type: 'divider' }, header('Your teams'));
  if (m.status !== 'mapped') blocks.push(section('_Your teams show here once your account is mapped._', 'home_teams_none'));
  else {
    const list = state.teams.map((t) => {
      const services = t.services.length ? t.services.map((x) => `\`${safeMrkdwn(x, 60)}\``).join(', ') : 'no services yet';
      return `• *${safeMrkdwn(t.name, 100)}* (\`${t.slug}\`): ${services} · ${t.members} member${t.members === 1 ? '' : 's'}`;
    });
    blocks.push(section(list.length ? list.join('\n') : 'You are on no team. Incidents of services no team owns are everybody’s; an admin adds you with `opsknight-slack team add-member &lt;team&gt; &lt;your e-mail&gt;`.', 'home_teams'));
    if (state.role) blocks.push({ type: 'context', block_id: 'home_role', elements: [{ type: 'mrkdwn', text: `Your role is *${state.role}*: ${ROLE_WORDS[state.role]}.` }] });
  }
  return { type: 'home', blocks };
}
