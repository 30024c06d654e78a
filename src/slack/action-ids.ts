// Stable identifiers of every interactive element and view. Messages already in Slack carry these,
// so they never change; new ones may be added.
export const ACTION = {
  acknowledge: 'opsknight_acknowledge',
  resolve: 'opsknight_resolve',
  view: 'opsknight_view',
  snooze: 'opsknight_snooze',
  /** The per-incident menu on a digest line. */
  digestMenu: 'opsknight_digest_menu',
  /** The card's workflow menu ("Start incident channel"); option values are "<verb>:<incident id>". */
  workflowMenu: 'opsknight_workflow_menu',
  /** The storm card's bulk buttons (value: the storm's id) and its link to the storm page. */
  stormAcknowledgeAll: 'opsknight_storm_acknowledge_all',
  stormResolveAll: 'opsknight_storm_resolve_all',
  stormPage: 'opsknight_storm_page',
} as const;

export const VIEW = {
  resolve: 'opsknight_resolve_modal',
  snoozeCustom: 'opsknight_snooze_modal',
  createIncident: 'opsknight_create_incident',
} as const;

/** The global shortcut's callback id, as the docs page and the manifest name it. */
export const SHORTCUT_CREATE_INCIDENT = 'create_incident';

export const SNOOZE_CHOICES = [
  { value: '15m', label: '15 minutes' },
  { value: '30m', label: '30 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '4h', label: '4 hours' },
  { value: 'custom', label: 'Custom…' },
] as const;
