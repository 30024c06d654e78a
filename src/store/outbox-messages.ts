// The outbox's rows, typed: one variant per kind of Slack message, validated when read back from the
// store (a row written by an older or newer version, or edited by hand, is parked with the reason
// rather than sent half-formed).
import { z } from 'zod';

const id = z.number().int().positive();

const mention = z.object({ name: z.string(), email: z.string().nullable(), via: z.string().optional() });
export type Mention = z.infer<typeof mention>;
const person = z.object({ name: z.string(), email: z.string().nullable() });

const changePayload = z.object({
  change_id: z.number().int().optional(),
  service: z.string(),
  summary: z.string(),
  source: z.string().nullable(),
  at: z.number(),
  links: z.array(z.object({ text: z.string(), href: z.string() })),
});

/** What a row asks Slack for, by kind. Field names are the store's columns (incidentId, digestId, payload). */
export const outboxMessageSchema = z.discriminatedUnion('kind', [
  /** The incident's first message in the channel (or a fold into the channel's storm digest). */
  z.object({ kind: z.literal('post'), incidentId: id }),
  /** Re-render the incident's message with its latest state. */
  z.object({ kind: z.literal('update'), incidentId: id }),
  /** Post the incident's card again where it was lost (deleted, or no longer editable), with a note. */
  z.object({ kind: z.literal('repost'), incidentId: id, payload: z.object({ reason: z.string() }) }),
  /** A thread reply under the incident's message ("{{targets}}" becomes mentions). */
  z.object({
    kind: z.literal('reply'),
    incidentId: id,
    payload: z.object({ text: z.string(), broadcast: z.boolean().optional(), event_at: z.number().optional(), mentions: z.array(mention).optional() }),
  }),
  /** Re-render a storm digest with the latest state of its incidents. */
  z.object({ kind: z.literal('digest_update'), digestId: id }),
  /** One thread reply under a storm card (a bulk action's count). */
  z.object({ kind: z.literal('digest_reply'), digestId: id, payload: z.object({ text: z.string() }) }),
  /** A reported change, posted once as a context line. */
  z.object({ kind: z.literal('change'), payload: changePayload }),
  /** A direct message to one person (their Slack id, else found by e-mail at delivery); with an
   *  incidentId the incident's card, rendered fresh, follows the text. channelId names the person. */
  z.object({
    kind: z.literal('dm'),
    incidentId: id.optional(),
    payload: z.object({ user: z.string().optional(), email: z.string().optional(), text: z.string(), blocks: z.array(z.record(z.string(), z.unknown())).optional() }),
  }),
  /** A schedule's shift handoff, announced in its chosen channel (mentions looked up at delivery). */
  z.object({
    kind: z.literal('handoff'),
    payload: z.object({
      schedule: z.string(),
      time_zone: z.string(),
      person: person.nullable(),
      via_override: z.boolean(),
      at: z.number(),
      until: z.number(),
      next: person.nullable(),
    }),
  }),
  /** Set a schedule's user group to whoever is on call (Slack users found by e-mail at delivery). */
  z.object({ kind: z.literal('usergroup_sync'), payload: z.object({ usergroup: z.string(), handle: z.string(), schedule: z.string(), people: z.array(person) }) }),
  /** `test-channel`'s message. */
  z.object({ kind: z.literal('test'), payload: z.object({ text: z.string() }) }),
  // Workflow actions (src/slack/workflows/deliverers):
  /** Open the incident's channel: create, invite (these e-mails' users and whoever asked), post and pin the card, link it. */
  z.object({ kind: z.literal('incident_channel'), incidentId: id, payload: z.object({ rule_id: id.optional(), invite_emails: z.array(z.string()) }) }),
  /** Re-render the incident channel's pinned card. */
  z.object({ kind: z.literal('incident_channel_update'), incidentId: id }),
  /** Archive the incident's channel (its incident was resolved N hours ago). */
  z.object({ kind: z.literal('incident_channel_archive'), incidentId: id }),
  /** A stakeholder's direct message: one line and the link. */
  z.object({ kind: z.literal('workflow_dm'), incidentId: id, payload: z.object({ rule_id: id, user: z.string() }) }),
  /** A workflow post in a channel: a user-group mention, or a resolution summary. */
  z.object({
    kind: z.literal('workflow_post'),
    incidentId: id,
    payload: z.object({ rule_id: id, text_kind: z.enum(['stakeholders', 'resolution']), groups: z.array(z.string()).optional() }),
  }),
  /** An incident's fields, as flat text variables, to a Workflow Builder webhook trigger. */
  z.object({ kind: z.literal('workflow_webhook'), incidentId: id, payload: z.object({ rule_id: id, variables: z.record(z.string(), z.string()) }) }),
]);

export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
export type OutboxKind = OutboxMessage['kind'];
export const WORKFLOW_OUTBOX_KINDS = ['incident_channel', 'incident_channel_update', 'incident_channel_archive', 'workflow_dm', 'workflow_post', 'workflow_webhook'] as const;
export type WorkflowOutboxKind = (typeof WORKFLOW_OUTBOX_KINDS)[number];
export type OutboxMessageOf<K extends OutboxKind> = Extract<OutboxMessage, { kind: K }>;

/** Where and when a row goes, whatever its kind. */
export interface OutboxMeta {
  id: number;
  teamId: string;
  channelId: string;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
}

/** A row read back: a valid message, or the reason it is not one (the dispatcher parks it). */
export type OutboxRow = OutboxMeta & (OutboxMessage | { kind: 'invalid'; storedKind: string; error: string });
export type ValidOutboxRow = Extract<OutboxRow, OutboxMessage>;
export type OutboxRowOf<K extends OutboxKind> = OutboxMeta & OutboxMessageOf<K>;

/** Parses a stored row's kind, ids and payload into its typed message. */
export function parseOutboxMessage(stored: { kind: string; incidentId: number | null; digestId: number | null; payload: string }): OutboxMessage | { error: string } {
  let payload: unknown;
  try {
    payload = JSON.parse(stored.payload);
  } catch {
    return { error: `the stored payload is not JSON` };
  }
  const candidate = {
    kind: stored.kind,
    ...(stored.incidentId !== null ? { incidentId: stored.incidentId } : {}),
    ...(stored.digestId !== null ? { digestId: stored.digestId } : {}),
    payload,
  };
  const parsed = outboxMessageSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  return { error: `invalid outbox row (${stored.kind}): ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}` };
}

/** A new row: where it goes, and what it says. */
export type NewOutboxRow = { teamId: string; channelId: string } & OutboxMessage;
