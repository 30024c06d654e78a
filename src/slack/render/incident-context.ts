// What came with the alert, on the incident's card: links (Runbook · Source · Silence…), labels
// as key=value chips, details as readable "key: value" lines, and Alertmanager's truncation warning.
// Compact and within Block Kit's limits (3,000 characters per text) whatever was sent.
import type { Incident } from '../../domain/model.js';
import { linksLine } from './change-line.js';
import type { Block } from './incident-message.js';
import { safeMrkdwn } from './text.js';

const TEXT_MAX = 2900;
const LONG_VALUE = 80;

/** Inline code cannot hold a backtick; a look-alike keeps the text readable. */
const code = (text: string) => text.replace(/`/g, 'ˋ');

export function alertCountsLine(i: Incident): string | null {
  const c = i.context.alertCounts;
  return c ? `⚠️ ${c.firing} alerts firing, Alertmanager sent ${c.sent} — raise max_alerts on the receiver` : null;
}

export function labelChips(labels: Record<string, string>, max = 1500): string {
  let line = '';
  for (const k of Object.keys(labels).sort()) {
    const chip = `\`${code(safeMrkdwn(`${k}=${labels[k]}`, 120))}\``;
    if (line.length + chip.length + 1 > max) return `${line} …`;
    line = line ? `${line} ${chip}` : chip;
  }
  return line;
}

export function detailLines(details: Record<string, string>, max = TEXT_MAX): string {
  const keys = Object.keys(details);
  let text = '';
  for (let n = 0; n < keys.length; n++) {
    const k = keys[n]!;
    const v = details[k]!;
    const long = v.length > LONG_VALUE || v.includes('\n');
    // Long or multi-line values go in a code block, so their line breaks show as breaks.
    const line = long ? `*${safeMrkdwn(k, 100)}:*\n\`\`\`${safeMrkdwn(v, 600).replace(/```/g, '`ˋˋ')}\`\`\`` : `*${safeMrkdwn(k, 100)}:* ${safeMrkdwn(v, LONG_VALUE)}`;
    if (text.length + line.length + 60 > max) return `${text}\n…and ${keys.length - n} more on the incident page`;
    text = text ? `${text}\n${line}` : line;
  }
  return text;
}

export function incidentContextBlocks(i: Incident): Block[] {
  const blocks: Block[] = [];
  const counts = alertCountsLine(i);
  if (counts) blocks.push({ type: 'context', block_id: 'incident_alert_counts', elements: [{ type: 'mrkdwn', text: counts }] });
  if (Object.keys(i.context.details).length) {
    blocks.push({ type: 'section', block_id: 'incident_details', text: { type: 'mrkdwn', text: detailLines(i.context.details) } });
  }
  if (Object.keys(i.context.labels).length) {
    blocks.push({ type: 'context', block_id: 'incident_labels', elements: [{ type: 'mrkdwn', text: labelChips(i.context.labels) }] });
  }
  if (i.context.links.length) {
    blocks.push({ type: 'context', block_id: 'incident_links', elements: [{ type: 'mrkdwn', text: `🔗 ${linksLine(i.context.links)}` }] });
  }
  return blocks;
}
