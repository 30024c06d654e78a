// The Events API, as Slack sends it: JSON event_callback envelopes, signed like every request, to
// the app's Event Subscriptions URL (or over Socket Mode when the app is connected). Slack retries
// an event the app did not acknowledge within 3 s (X-Slack-Retry-Num / X-Slack-Retry-Reason), and
// checks a new URL with a url_verification challenge.
import { ACK_DEADLINE_MS, signRequest, type DeliveryResult } from './interactions.js';
import type { SocketModeHub } from './socket-mode.js';
import { randomId, type SlackWorld } from './world.js';

export interface EventOptions {
  /** Resend an earlier event (its event_id) as Slack's retry number n. */
  retry?: { eventId: string; num: number; reason?: string };
}

export class EventsSender {
  /** Every event sent, newest last. */
  readonly sent: { eventId: string; type: string; retryNum: number; result: DeliveryResult }[] = [];

  constructor(
    private readonly world: SlackWorld,
    private readonly socket: SocketModeHub | null,
    private readonly onChange: () => void,
  ) {}

  /** Slack's check of a new request URL: the app must echo the challenge. */
  async verifyUrl(): Promise<{ ok: boolean; result: DeliveryResult }> {
    const challenge = randomId('', 24);
    const result = await this.postJson({ token: this.world.app.verificationToken, challenge, type: 'url_verification' }, 0);
    return { ok: result.status === 200 && result.json?.challenge === challenge, result };
  }

  /** Sends one event of a workspace (e.g. { type: 'app_home_opened', user, tab: 'home' }). */
  async send(teamId: string, event: Record<string, unknown>, options: EventOptions = {}): Promise<DeliveryResult & { eventId: string }> {
    const eventId = options.retry?.eventId ?? randomId('Ev', 10);
    const retryNum = options.retry?.num ?? 0;
    const bot = this.world.botFor(teamId);
    const now = Math.floor(this.world.now() / 1000);
    const payload = {
      token: this.world.app.verificationToken,
      team_id: teamId,
      api_app_id: this.world.app.appId,
      event: { ...event, event_ts: `${now}.000100` },
      type: 'event_callback',
      event_id: eventId,
      event_time: now,
      authorizations: [{ enterprise_id: null, team_id: teamId, user_id: bot?.userId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
    let result: DeliveryResult;
    if (this.socket?.connected) {
      const started = Date.now();
      const ack = await this.socket.send('events_api', payload, ACK_DEADLINE_MS, { retry_attempt: retryNum, retry_reason: options.retry?.reason ?? '' });
      result = ack ? { status: 200, body: '', json: null, ms: Date.now() - started } : { status: 0, body: '', json: null, ms: Date.now() - started, error: 'operation_timeout' };
    } else {
      result = await this.postJson(payload, retryNum, options.retry?.reason);
    }
    this.sent.push({ eventId, type: String(event.type), retryNum, result });
    this.onChange();
    return { ...result, eventId };
  }

  private async postJson(payload: unknown, retryNum: number, retryReason = 'http_timeout'): Promise<DeliveryResult> {
    const url = this.world.app.eventsUrl;
    if (!url) return { status: 0, body: '', json: null, ms: 0, error: 'no_request_url' };
    const body = JSON.stringify(payload);
    const retry: Record<string, string> = retryNum > 0 ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': retryReason } : {};
    const started = Date.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...signRequest(this.world.app.signingSecret, body), ...retry },
        body,
        signal: AbortSignal.timeout(ACK_DEADLINE_MS),
      });
      const text = await res.text();
      let json: Record<string, unknown> | null = null;
      try {
        json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      } catch {
        json = null;
      }
      const result: DeliveryResult = { status: res.status, body: text, json: json as DeliveryResult['json'], ms: Date.now() - started };
      if (res.status !== 200) result.error = `http_${res.status}`;
      return result;
    } catch (err) {
      return { status: 0, body: '', json: null, ms: Date.now() - started, error: (err as Error).name === 'TimeoutError' ? 'operation_timeout' : 'dispatch_failed' };
    }
  }
}
