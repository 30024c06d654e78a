// The app's Home tab for one person: their open incidents (with the card's buttons), their next
// on-call shifts, and whether their Slack account is mapped to an OpsKnight user (and why not).
// Pure: state in, Block Kit out. (No teams block: there is no teams model yet.)
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
}

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
  return { type: 'home', blocks };
}
