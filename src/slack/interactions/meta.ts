import type { ModalMeta } from '../render/modals.js';

/** private_metadata is ours, but arrives from outside: read it defensively. */
export function parseMeta(text: string | undefined): ModalMeta {
  try {
    const v = JSON.parse(text || '{}') as ModalMeta;
    return {
      incident_id: typeof v.incident_id === 'number' ? v.incident_id : undefined,
      channel_id: typeof v.channel_id === 'string' ? v.channel_id : undefined,
      response_url: typeof v.response_url === 'string' ? v.response_url : undefined,
    };
  } catch {
    return {};
  }
}
