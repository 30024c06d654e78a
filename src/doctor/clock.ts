// Clock: this machine's time against Slack's (the Date header of its answers). Slack refuses
// requests signed more than 5 minutes off, and so do we.
import type { DoctorContext } from './context.js';
import { fail, ok, warn, type Finding } from './finding.js';

const G = 'clock';
export const SKEW_WARN_S = 60;
export const SKEW_FAIL_S = 300;
const FIX = 'Synchronise the clock: `timedatectl set-ntp true` (systemd-timesyncd) or chrony/ntpd.';

export async function clockCheck(ctx: DoctorContext): Promise<Finding[]> {
  const url = `${ctx.core.slackApiUrl.replace(/\/+$/, '')}/api.test`;
  let date: string | null;
  const sentAt = ctx.now().getTime();
  try {
    const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(ctx.timeoutMs) });
    await res.arrayBuffer();
    date = res.headers.get('date');
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return [warn(G, 'Clock', `Slack could not be asked for its time: ${cause ?? (err as Error).message}`, 'Check the network and SLACK_API_URL.')];
  }
  if (!date || Number.isNaN(Date.parse(date))) return [warn(G, 'Clock', 'Slack answered without a usable Date header', 'Run doctor again later.')];
  // Compare with the local time the request was sent and answered (the Date header has 1 s resolution).
  const local = (sentAt + ctx.now().getTime()) / 2;
  const skew = Math.round((local - Date.parse(date)) / 1000);
  const words = `this machine is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} Slack`;
  if (Math.abs(skew) > SKEW_FAIL_S) return [fail(G, 'Clock', `${words}: Slack's requests are refused beyond 5 minutes`, FIX)];
  if (Math.abs(skew) > SKEW_WARN_S) return [warn(G, 'Clock', `${words} (Slack's requests are refused beyond 5 minutes)`, FIX)];
  return [ok(G, 'Clock', `within ${Math.max(1, Math.abs(skew))} s of Slack's`)];
}
