// The modals: resolve (optional note), custom snooze, and create incident. Pure builders.
import type { KnownBlock, ModalView, PlainTextElement } from '@slack/types';
import type { Incident, Service } from '../../domain/model.js';
import { URGENCIES } from '../../domain/model.js';
import { VIEW } from '../action-ids.js';
import { safeMrkdwn, truncate } from './text.js';

const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text, emoji: true });

export interface ModalMeta {
  incident_id?: number;
  /** Where the click came from, so follow-ups can reply there. */
  channel_id?: string;
  response_url?: string;
}

export function resolveModal(i: Incident, meta: ModalMeta): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.resolve,
    private_metadata: JSON.stringify({ ...meta, incident_id: i.id }),
    title: plain(truncate(`Resolve #${i.id}`, 24)),
    submit: plain('Resolve'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${safeMrkdwn(i.title, 200)}*\n\`${i.serviceSlug}\` · ${i.urgency}` } },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain('Resolution note'),
        hint: plain('What fixed it? Shown in the thread and on the incident.'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000, placeholder: plain('e.g. Restarted the connection pool') },
      },
    ],
  };
}

export function snoozeModal(i: Incident, meta: ModalMeta): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.snoozeCustom,
    private_metadata: JSON.stringify({ ...meta, incident_id: i.id }),
    title: plain(truncate(`Snooze #${i.id}`, 24)),
    submit: plain('Snooze'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: 'Snooze for a while (e.g. `90m`, `2h30m`), *or* until a date and time.' } },
      { type: 'input', block_id: 'duration', optional: true, label: plain('For how long'), element: { type: 'plain_text_input', action_id: 'value', placeholder: plain('90m, 2h30m, 1d') } },
      { type: 'input', block_id: 'date', optional: true, label: plain('Until date'), element: { type: 'datepicker', action_id: 'value' } },
      { type: 'input', block_id: 'time', optional: true, label: plain('Until time (your time zone)'), element: { type: 'timepicker', action_id: 'value' } },
    ],
  };
}

export function createIncidentModal(services: Service[], meta: ModalMeta = {}): ModalView {
  const blocks: KnownBlock[] = [
    { type: 'input', block_id: 'title', label: plain('Title'), element: { type: 'plain_text_input', action_id: 'value', max_length: 500, placeholder: plain('What is wrong?') } },
    services.length
      ? {
          type: 'input',
          block_id: 'service',
          label: plain('Service'),
          element: {
            type: 'static_select',
            action_id: 'value',
            placeholder: plain('Choose a service'),
            options: services.slice(0, 100).map((s) => ({ text: plain(truncate(`${s.name} (${s.slug})`, 75)), value: s.slug })),
          },
        }
      : { type: 'section', text: { type: 'mrkdwn', text: ':warning: No services exist yet. Add one with `opsknight-slack service add <slug>`.' } },
    {
      type: 'input',
      block_id: 'urgency',
      label: plain('Urgency'),
      element: {
        type: 'static_select',
        action_id: 'value',
        initial_option: { text: plain('High'), value: 'HIGH' },
        options: URGENCIES.map((u) => ({ text: plain(u[0] + u.slice(1).toLowerCase()), value: u })),
      },
    },
    { type: 'input', block_id: 'description', optional: true, label: plain('Description'), element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 } },
  ];
  return {
    type: 'modal',
    callback_id: VIEW.createIncident,
    private_metadata: JSON.stringify(meta),
    title: plain('Create Incident'),
    submit: plain('Create'),
    close: plain('Cancel'),
    blocks,
  };
}
