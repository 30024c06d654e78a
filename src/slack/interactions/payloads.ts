// The parts of Slack's interaction payloads we rely on, validated (test/fixtures/slack holds full
// examples; https://docs.slack.dev/reference/interaction-payloads documents them). Anything else in
// a payload is ignored.
import { z } from 'zod';

const team = z.object({ id: z.string(), domain: z.string().optional() });
const user = z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional(), team_id: z.string().optional() });

export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: team.nullable(),
  user,
  trigger_id: z.string(),
  response_url: z.string().optional(),
  container: z.object({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() }).optional(),
  channel: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        block_id: z.string().optional(),
        type: z.string(),
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).nullable().optional(),
      }),
    )
    .min(1),
});
export type BlockActionsPayload = z.infer<typeof blockActionsSchema>;

export const viewPayloadSchema = z.object({
  id: z.string(),
  team_id: z.string().optional(),
  callback_id: z.string(),
  private_metadata: z.string().optional().default(''),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))) }).optional(),
});

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  team: team.nullable(),
  user,
  trigger_id: z.string().optional(),
  view: viewPayloadSchema,
});
export type ViewSubmissionPayload = z.infer<typeof viewSubmissionSchema>;

export const viewClosedSchema = z.object({ type: z.literal('view_closed'), team: team.nullable(), user, view: viewPayloadSchema });

export const shortcutSchema = z.object({
  type: z.literal('shortcut'),
  team: team.nullable(),
  user,
  callback_id: z.string(),
  trigger_id: z.string(),
});
export type ShortcutPayload = z.infer<typeof shortcutSchema>;

/** A message shortcut ("More actions" on a message): the message, its channel and a response_url. */
export const messageActionSchema = z.object({
  type: z.literal('message_action'),
  team: team.nullable(),
  user,
  callback_id: z.string(),
  trigger_id: z.string(),
  response_url: z.string().optional(),
  channel: z.object({ id: z.string(), name: z.string().optional() }),
  message_ts: z.string(),
  message: z.object({ ts: z.string(), text: z.string().optional().default(''), user: z.string().optional(), bot_id: z.string().optional(), thread_ts: z.string().optional() }),
});
export type MessageActionPayload = z.infer<typeof messageActionSchema>;

export const slashCommandSchema = z.object({
  team_id: z.string(),
  channel_id: z.string(),
  user_id: z.string(),
  user_name: z.string().optional(),
  command: z.string(),
  text: z.string().default(''),
  response_url: z.string().optional(),
  trigger_id: z.string(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

/** Reads one input's value out of view.state.values, whatever the element type. */
export function inputValue(values: Record<string, Record<string, Record<string, unknown>>> | undefined, blockId: string): string | null {
  const entry = values?.[blockId] ? Object.values(values[blockId]!)[0] : undefined;
  if (!entry) return null;
  const v =
    entry.value ??
    (entry.selected_option as { value?: string } | null | undefined)?.value ??
    entry.selected_date ??
    entry.selected_time ??
    entry.selected_user ??
    null;
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** The Slack user ids chosen in a multi_users_select. */
export function selectedUsers(values: Record<string, Record<string, Record<string, unknown>>> | undefined, blockId: string): string[] {
  const entry = values?.[blockId] ? Object.values(values[blockId]!)[0] : undefined;
  const users = entry?.selected_users;
  return Array.isArray(users) ? users.filter((u): u is string => typeof u === 'string') : [];
}
