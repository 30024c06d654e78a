// Stable identifiers of every interactive element and view. Messages already in Slack carry these,
// so they never change; new ones may be added.
export const ACTION = {
  acknowledge: 'opsknight_acknowledge',
  resolve: 'opsknight_resolve',
  view: 'opsknight_view',
  snooze: 'opsknight_snooze',
  /** The per-incident menu on a digest line. */
  digestMenu: 'opsknight_digest_menu',
  /** The card's overflow menu ("⋯"): more actions, each option valued "<incident id>:<verb>". */
  more: 'opsknight_more',
  /** Cards posted before the ⋯ menu held it: their own "Start incident channel" menu; option values
   *  are "<verb>:<incident id>". New cards carry the item in the ⋯ menu (MORE.startChannel). */
  workflowMenu: 'opsknight_workflow_menu',
  /** The storm card's bulk buttons (value: the storm's id) and its link to the storm page. */
  stormAcknowledgeAll: 'opsknight_storm_acknowledge_all',
  stormResolveAll: 'opsknight_storm_resolve_all',
  stormPage: 'opsknight_storm_page',
} as const;

/** The verbs of the card's overflow menu, as its option values carry them. */
export const MORE = {
  reassign: 'reassign',
  addResponders: 'responders',
  escalate: 'escalate',
  unacknowledge: 'unack',
  reopen: 'reopen',
  urgency: 'urgency',
  note: 'note',
  /** Workflows: open (or point to) the incident's own channel. */
  startChannel: 'channel',
} as const;
export type MoreVerb = (typeof MORE)[keyof typeof MORE];

export const VIEW = {
  resolve: 'opsknight_resolve_modal',
  snoozeCustom: 'opsknight_snooze_modal',
  createIncident: 'opsknight_create_incident',
  reassign: 'opsknight_reassign_modal',
  addResponders: 'opsknight_responders_modal',
  urgency: 'opsknight_urgency_modal',
  note: 'opsknight_note_modal',
  /** "Add to incident timeline" on a message outside any incident's thread: choose the incident. */
  timelineNote: 'opsknight_timeline_modal',
} as const;

/** The global shortcut's callback id, as the docs page and the manifest name it. */
export const SHORTCUT_CREATE_INCIDENT = 'create_incident';
/** The message shortcut "Add to incident timeline", as the manifest names it. */
export const SHORTCUT_ADD_TO_TIMELINE = 'add_to_timeline';

export const SNOOZE_CHOICES = [
  { value: '15m', label: '15 minutes' },
  { value: '30m', label: '30 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '4h', label: '4 hours' },
  { value: 'custom', label: 'Custom…' },
] as const;
