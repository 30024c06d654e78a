// Everything a person would read in a message, as one string: text, block texts, fields, buttons.
import type { SbMessage } from './world.js';

function collect(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, out);
    return;
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') collect(v, out);
  }
}

export function readableText(m: Pick<SbMessage, 'text' | 'blocks' | 'attachments'>): string {
  const out: string[] = [];
  collect(m.blocks ?? [], out);
  collect(m.attachments ?? [], out);
  if (!out.length || !(m.blocks?.length || m.attachments?.length)) out.unshift(m.text);
  return out.join('\n');
}
