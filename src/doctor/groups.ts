// Which checks run where. The CLI runs them all (network included); the daemon, for its status line
// and /healthz?verbose=1, runs those that need no network, on its own facts.
import { attributionCheck } from './attribution.js';
import { channelsCheck } from './channels.js';
import { clockCheck } from './clock.js';
import type { CheckGroup, DoctorContext } from './context.js';
import { credentialsCheck } from './credentials.js';
import { daemonCheck } from './daemon.js';
import { deliveryCheck } from './delivery.js';
import type { Finding, Group } from './finding.js';
import { interactivityCheck } from './interactivity.js';
import { requestsCheck } from './requests.js';

/** In running order: credentials first (it finds the workspaces the others use). */
export const ALL_CHECKS: [Group, CheckGroup][] = [
  ['credentials', credentialsCheck],
  ['channels', channelsCheck],
  ['interactivity', interactivityCheck],
  ['interactivity', requestsCheck],
  ['clock', clockCheck],
  ['attribution', attributionCheck],
  ['delivery', deliveryCheck],
  ['daemon', daemonCheck],
];

export const LOCAL_CHECKS: [Group, (ctx: DoctorContext) => Finding[]][] = [
  ['interactivity', requestsCheck],
  ['delivery', deliveryCheck],
  ['daemon', daemonCheck],
];
