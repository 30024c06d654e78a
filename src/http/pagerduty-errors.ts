// PagerDuty's error answers for the Events API endpoints (/v2/enqueue, and /v2/change/enqueue), so
// PagerDuty's own clients (pdpyras, python `pagerduty`, @pagerduty/pdjs) show the reason: they read
// `message` and `errors`. One shape for every refusal, whether the transport (invalid JSON, too
// large) or the handler (a bad field, an unknown routing key) refused the event.

export interface PagerDutyErrorBody {
  [key: string]: unknown;
  status: string;
  message: string;
  errors: string[];
}

export interface PagerDutyErrorAnswer {
  status: number;
  body: PagerDutyErrorBody;
}

/** 400, as PagerDuty answers an event it cannot take: `{status: "invalid event", message, errors}`. */
export function pagerDutyInvalidEvent(message: string, errors: string[]): PagerDutyErrorAnswer {
  return { status: 400, body: { status: 'invalid event', message, errors } };
}

/** Any other refusal in the same shape: a 4xx is still an event PagerDuty would not take; a 5xx
 *  (busy, database locked) tells the client to retry. */
export function pagerDutyError(status: number, message: string, errors: string[] = [message]): PagerDutyErrorAnswer {
  if (status === 400) return pagerDutyInvalidEvent(message, errors);
  return { status, body: { status: status < 500 ? 'invalid event' : 'error', message, errors } };
}
