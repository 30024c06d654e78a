// Every endpoint belongs to one class, and the class alone says how large a body may be and how
// refusals are worded. The one place body limits are defined.

export const MiB = 1024 * 1024;

/** api: the incident API; slack: Slack's signed forms; alertmanager and pagerduty (Events v2):
 *  monitoring intake (Alertmanager has no size cap of its own: a group of a few hundred alerts with
 *  long descriptions is several megabytes, so these two take up to 25 MiB); pagerduty-change:
 *  PagerDuty Change Events (small: a deploy's summary and links). */
export type EndpointClass = 'api' | 'slack' | 'alertmanager' | 'pagerduty' | 'pagerduty-change';

/** How a refusal is worded: our `{error, message}`, or PagerDuty's `{status, message, errors}`. */
export type ErrorShape = 'api' | 'pagerduty';

export interface ClassRules {
  limitBytes: number;
  errors: ErrorShape;
}

export const ENDPOINT_CLASSES: Record<EndpointClass, ClassRules> = {
  api: { limitBytes: 1 * MiB, errors: 'api' },
  slack: { limitBytes: 1 * MiB, errors: 'api' },
  alertmanager: { limitBytes: 25 * MiB, errors: 'api' },
  pagerduty: { limitBytes: 25 * MiB, errors: 'pagerduty' },
  'pagerduty-change': { limitBytes: 1 * MiB, errors: 'pagerduty' },
};

/** "1 MiB", "25 MiB", "512 bytes": for messages. */
export function describeBytes(bytes: number): string {
  return bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}
