// A reported change (deploy, config change) as one compact context line in the service's channel.
import type { IncidentLink } from '../../domain/model.js';
import type { Block } from './incident-message.js';
import { dateToken, safeMrkdwn } from './text.js';

export interface ChangeLineInput {
  service: string;
  summary: string;
  source: string | null;
  at: Date;
  links: IncidentLink[];
}

/** `<url|text>` with both parts safe: Slack's escaping, and no "|" or ">" that would end the link early. */
export function mrkdwnLink(l: IncidentLink, maxText = 60): string {
  const href = l.href.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${href}|${safeMrkdwn(l.text, maxText).replace(/\|/g, '¦')}>`;
}

export function linksLine(links: IncidentLink[], max = 2800): string {
  let line = '';
  for (const l of links) {
    const next = `${line ? `${line} · ` : ''}${mrkdwnLink(l)}`;
    if (next.length > max) break;
    line = next;
  }
  return line;
}

export function changeLine(c: ChangeLineInput): string {
  const source = c.source ? ` (${safeMrkdwn(c.source, 100)})` : '';
  const links = c.links.length ? ` · ${linksLine(c.links, 1500)}` : '';
  return `🔄 *Change* on \`${safeMrkdwn(c.service, 64)}\`: ${safeMrkdwn(c.summary, 600)}${source} · ${dateToken(c.at, '{date_short_pretty} {time}')}${links}`;
}

export function renderChangeMessage(c: ChangeLineInput): { text: string; blocks: Block[] } {
  return {
    text: `Change on ${c.service}: ${safeMrkdwn(c.summary, 150)}`,
    blocks: [{ type: 'context', block_id: 'change_line', elements: [{ type: 'mrkdwn', text: changeLine(c) }] }],
  };
}
