// Channel routing and notification filters, per workspace. Pure rules: where an incident goes and why.
import type { CrossTeamPolicy } from './access.js';
import type { TimelineEventType, Urgency } from './model.js';

export interface Route {
  serviceSlug: string | null;
  urgency: Urgency | null;
  channelId: string;
}

/** A channel that takes every incident matching its own filter, beside the routed channel. */
export interface Subscription {
  channelId: string;
  /** Service slugs; null: any service. */
  services: readonly string[] | null;
  /** Urgencies; null: any urgency. */
  urgencies: readonly Urgency[] | null;
}

export interface RoutingTable {
  defaultChannel: string | null;
  routes: readonly Route[];
  subscriptions?: readonly Subscription[];
}

export type RouteReason = 'service+urgency route' | 'service channel' | 'urgency route' | 'default channel';

export interface RouteDecision {
  channelId: string;
  reason: RouteReason;
  route: Route | null;
}

/** Precedence: service + urgency route, then service channel, then urgency route, then default. */
export function routeIncident(table: RoutingTable, serviceSlug: string, urgency: Urgency): RouteDecision | null {
  const find = (pred: (r: Route) => boolean) => table.routes.find(pred) ?? null;
  const both = find((r) => r.serviceSlug === serviceSlug && r.urgency === urgency);
  if (both) return { channelId: both.channelId, reason: 'service+urgency route', route: both };
  const service = find((r) => r.serviceSlug === serviceSlug && r.urgency === null);
  if (service) return { channelId: service.channelId, reason: 'service channel', route: service };
  const byUrgency = find((r) => r.serviceSlug === null && r.urgency === urgency);
  if (byUrgency) return { channelId: byUrgency.channelId, reason: 'urgency route', route: byUrgency };
  if (table.defaultChannel) return { channelId: table.defaultChannel, reason: 'default channel', route: null };
  return null;
}

export function subscriptionMatches(s: Subscription, serviceSlug: string, urgency: Urgency): boolean {
  return (s.services === null || s.services.includes(serviceSlug)) && (s.urgencies === null || s.urgencies.includes(urgency));
}

export function describeSubscription(s: Subscription): string {
  const services = s.services ? `service ${s.services.join(', ')}` : 'any service';
  const urgencies = s.urgencies ? `urgency ${s.urgencies.join(', ')}` : 'any urgency';
  return `${services} at ${urgencies}`;
}

/** One card per channel: the channel and every reason it gets the incident. */
export interface ChannelTarget {
  channelId: string;
  reasons: string[];
}

/**
 * Every channel of a workspace an incident is posted in: the routed channel (routes' precedence,
 * then the default channel, exactly as without subscriptions), then each subscribed channel whose
 * filter matches. A channel reached several ways gets one card.
 */
export function channelsForIncident(table: RoutingTable, serviceSlug: string, urgency: Urgency): ChannelTarget[] {
  const out: ChannelTarget[] = [];
  const add = (channelId: string, reason: string) => {
    const found = out.find((t) => t.channelId === channelId);
    if (found) found.reasons.push(reason);
    else out.push({ channelId, reasons: [reason] });
  };
  const routed = routeIncident(table, serviceSlug, urgency);
  if (routed) add(routed.channelId, routed.reason);
  for (const s of table.subscriptions ?? []) {
    if (subscriptionMatches(s, serviceSlug, urgency)) add(s.channelId, `subscription (${describeSubscription(s)})`);
  }
  return out;
}

/** Where a reported change goes: the service's channel (any route naming the service), else the default. */
export function routeChange(table: RoutingTable, serviceSlug: string): string | null {
  const route = table.routes.find((r) => r.serviceSlug === serviceSlug && r.urgency === null) ?? table.routes.find((r) => r.serviceSlug === serviceSlug);
  return route?.channelId ?? table.defaultChannel;
}

export const URGENCY_FILTERS = ['all', 'high', 'high_medium'] as const;
export type UrgencyFilter = (typeof URGENCY_FILTERS)[number];

export function passesUrgencyFilter(filter: UrgencyFilter, urgency: Urgency): boolean {
  if (filter === 'high') return urgency === 'HIGH';
  if (filter === 'high_medium') return urgency !== 'LOW';
  return true;
}

/** Event types a workspace can switch off (a switched-off event still updates the message in place). */
export const TOGGLEABLE_EVENTS = [
  'triggered',
  'acknowledged',
  'resolved',
  'escalated',
  'sla_breached',
  'note_added',
  'snoozed',
  'woken',
  // The card's ⋯ menu (issue 15): their thread replies, like the others (direct messages still go).
  'reassigned',
  'responders_added',
  'unacknowledged',
  'reopened',
  'urgency_changed',
] as const satisfies readonly TimelineEventType[];
export type ToggleableEvent = (typeof TOGGLEABLE_EVENTS)[number];

export interface NotificationSettings {
  events: Record<ToggleableEvent, boolean>;
  urgencyFilter: UrgencyFilter;
  /** Only mapped, ACTIVE OpsKnight users may act from Slack. */
  requireMappedUser: boolean;
  /** Fold a channel's backlog of new-incident posts into one digest once it is this long. */
  digestThreshold: number;
  /** Acting on another team's incident: allowed and attributed, or refused (domain/access.ts). */
  crossTeamActions: CrossTeamPolicy;
  /** Unmapped Slack users see incidents in /opsknight incidents and status. */
  unmappedCanView: boolean;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  events: Object.fromEntries(TOGGLEABLE_EVENTS.map((e) => [e, true])) as Record<ToggleableEvent, boolean>,
  urgencyFilter: 'all',
  requireMappedUser: false,
  digestThreshold: 8,
  crossTeamActions: 'allow',
  unmappedCanView: false,
};

export function eventEnabled(settings: NotificationSettings, type: TimelineEventType): boolean {
  return (settings.events as Record<string, boolean | undefined>)[type] ?? true;
}
