// Where an alert goes when the service it names does not exist (or it names none): the receiver's
// ?fallback_service=, else the configured default (`opsknight-slack service fallback <slug>`), else
// a service called "unrouted", created the first time it is needed.
export const FALLBACK_SERVICE_SETTING = 'intake.fallback_service';
export const UNROUTED_SERVICE = { slug: 'unrouted', name: 'Unrouted alerts', description: 'Alerts whose service could not be found; see each incident for why.' };

/** Why an alert landed on the fallback service, in words for the incident and the log. */
export function fallbackReason(wanted: string | null, serviceLabel: string, known: readonly string[]): string {
  if (wanted === null) return `the alert names no service: add ?service=<slug> to the receiver URL or a "${serviceLabel}" label`;
  const list = known.length ? ` (known: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''})` : '';
  return `the alert names the service "${wanted}", which does not exist${list}: add it with \`opsknight-slack service add ${wanted}\` or fix the "${serviceLabel}" label`;
}
