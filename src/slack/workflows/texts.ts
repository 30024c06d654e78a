// The words workflow messages carry: a stakeholder's one line with the link, a user-group mention,
// and the status channel's resolution summary (title, service, duration, who resolved, the note).
import type { Incident } from '../../domain/model.js';
import { resolutionSummary, stakeholderLine } from '../../domain/workflows.js';
import { escapeMrkdwn } from '../render/text.js';

const link = (url: string) => `<${url}|View incident>`;

export function stakeholderText(incident: Incident, url: string): string {
  return `:rotating_light: ${escapeMrkdwn(stakeholderLine(incident))} · ${link(url)}`;
}

export function groupMentionText(incident: Incident, groups: string[], url: string): string {
  return `${groups.map((g) => `<!subteam^${g}>`).join(' ')} ${stakeholderText(incident, url)}`;
}

export function resolutionText(incident: Incident, url: string): { text: string; blocks: unknown[] } {
  const s = resolutionSummary(incident);
  const lines = [
    `:white_check_mark: *Resolved:* ${escapeMrkdwn(s.title)}`,
    `*Service:* ${escapeMrkdwn(s.service)} · *Duration:* ${s.duration} · *Resolved by:* ${escapeMrkdwn(s.resolvedBy)}`,
    ...(s.note ? [`*Note:* ${escapeMrkdwn(s.note)}`] : []),
    link(url),
  ];
  return {
    text: `Resolved: ${s.title} (${s.service}, ${s.duration}, by ${s.resolvedBy})${s.note ? ` — ${s.note}` : ''}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } }],
  };
}
