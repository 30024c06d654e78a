// PagerDuty's answer to an invalid event, so PagerDuty's own clients show the reason.
export function pagerDutyInvalidEvent(message: string, errors: string[]): { status: 400; body: { status: 'invalid event'; message: string; errors: string[] } } {
  return { status: 400, body: { status: 'invalid event', message, errors } };
}
