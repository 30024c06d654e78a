// The modals behind the card's "More actions" menu and the "Add to incident timeline" shortcut.
// Pure builders.
import type { Incident } from '../../domain/model.js';
import { URGENCIES } from '../../domain/model.js';
import { VIEW } from '../action-ids.js';
import type { ModalMeta } from './modals.js';
import { safeMrkdwn, truncate } from './text.js';

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const heading = (i: Incident) => ({ type: 'section', text: { type: 'mrkdwn', text: `*${safeMrkdwn(i.title, 200)}*\n\`${i.serviceSlug}\` · ${i.urgency} · ${i.status}` } });

function modal(callbackId: string, title: string, submit: string, meta: ModalMeta, blocks: Record<string, unknown>[]): Record<string, unknown> {
  return { type: 'modal', callback_id: callbackId, private_metadata: JSON.stringify(meta), title: plain(truncate(title, 24)), submit: plain(submit), close: plain('Cancel'), blocks };
}

export function reassignModal(i: Incident, meta: ModalMeta): Record<string, unknown> {
  return modal(VIEW.reassign, `Reassign #${i.id}`, 'Reassign', { ...meta, incident_id: i.id }, [
    heading(i),
    {
      type: 'input',
      block_id: 'assignee',
      label: plain('New assignee'),
      hint: plain('They get a direct message with the incident.'),
      element: { type: 'users_select', action_id: 'value', placeholder: plain('Choose a person') },
    },
  ]);
}

export function addRespondersModal(i: Incident, meta: ModalMeta): Record<string, unknown> {
  return modal(VIEW.addResponders, `Add responders #${i.id}`, 'Add', { ...meta, incident_id: i.id }, [
    heading(i),
    {
      type: 'input',
      block_id: 'responders',
      label: plain('Responders'),
      hint: plain('Each is mentioned in the thread and gets a direct message.'),
      element: { type: 'multi_users_select', action_id: 'value', max_selected_items: 10, placeholder: plain('Choose people') },
    },
  ]);
}

export function urgencyModal(i: Incident, meta: ModalMeta): Record<string, unknown> {
  const label = (u: string) => u[0] + u.slice(1).toLowerCase();
  return modal(VIEW.urgency, `Urgency #${i.id}`, 'Change', { ...meta, incident_id: i.id }, [
    heading(i),
    {
      type: 'input',
      block_id: 'urgency',
      label: plain('Urgency'),
      hint: plain('The card’s colour and the channel routing follow the urgency.'),
      element: {
        type: 'static_select',
        action_id: 'value',
        initial_option: { text: plain(label(i.urgency)), value: i.urgency },
        options: URGENCIES.map((u) => ({ text: plain(label(u)), value: u })),
      },
    },
  ]);
}

export function noteModal(i: Incident, meta: ModalMeta): Record<string, unknown> {
  return modal(VIEW.note, `Note on #${i.id}`, 'Add note', { ...meta, incident_id: i.id }, [
    heading(i),
    {
      type: 'input',
      block_id: 'note',
      label: plain('Note'),
      hint: plain('Kept on the incident’s timeline and posted in its thread.'),
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000, placeholder: plain('What did you find or do?') },
    },
  ]);
}

/** What the shortcut keeps of the message, carried in private_metadata (at most 3000 characters). */
export interface QuotedMessage {
  channel_id: string;
  message_ts: string;
  author_ref: string | null;
  text: string;
}

export function timelineNoteModal(open: Incident[], quoted: QuotedMessage, responseUrl?: string): Record<string, unknown> {
  let text = quoted.text;
  let meta = JSON.stringify({ quoted: { ...quoted, text }, response_url: responseUrl });
  // JSON escaping can grow the text: cut until the whole fits Slack's limit.
  while (meta.length > 3000) {
    text = truncate(text, Math.floor(text.length * 0.8));
    meta = JSON.stringify({ quoted: { ...quoted, text }, response_url: responseUrl });
  }
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `Keep this message on an incident’s timeline:\n>${safeMrkdwn(quoted.text, 300).replace(/\n/g, '\n>')}` } },
  ];
  if (open.length) {
    blocks.push({
      type: 'input',
      block_id: 'incident',
      label: plain('Incident'),
      element: {
        type: 'static_select',
        action_id: 'value',
        placeholder: plain('Choose an incident'),
        options: open.slice(0, 100).map((i) => ({ text: plain(truncate(`#${i.id} ${i.title}`, 75)), value: String(i.id) })),
      },
    });
  } else {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'There is no open incident to add it to.' } });
  }
  return {
    type: 'modal',
    callback_id: VIEW.timelineNote,
    private_metadata: meta,
    title: plain('Add to timeline'),
    ...(open.length ? { submit: plain('Add') } : {}),
    close: plain(open.length ? 'Cancel' : 'Close'),
    blocks,
  };
}
