// views.open, views.update, views.push: trigger_id valid 3 s and single use.
import { problemMessages, validateView } from '../block-kit.js';
import { randomId, type SbView, type SlackWorld } from '../world.js';
import { SlackApiError, jsonArg, stringArg, type MethodContext, type MethodSpec } from './types.js';

export const TRIGGER_TTL_MS = 3000;
const MAX_STACK = 3;

/** A view as Slack shows it, in API answers and in view_submission / view_closed payloads. */
export function viewJson(world: SlackWorld, v: SbView) {
  const bot = world.botFor(v.teamId);
  return {
    id: v.id,
    team_id: v.teamId,
    type: v.view.type ?? 'modal',
    blocks: v.view.blocks ?? [],
    private_metadata: v.view.private_metadata ?? '',
    callback_id: v.view.callback_id ?? '',
    state: { values: {} },
    hash: v.hash,
    title: v.view.title,
    clear_on_close: v.view.clear_on_close ?? false,
    notify_on_close: v.view.notify_on_close ?? false,
    close: v.view.close ?? null,
    submit: v.view.submit ?? null,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: world.app.appId,
    external_id: v.externalId,
    app_installed_team_id: v.teamId,
    bot_id: bot?.botId,
  };
}

function takeTrigger(ctx: MethodContext) {
  const id = stringArg(ctx.args, 'trigger_id');
  if (!/^\d+\.\d+\.[0-9a-f]+$/.test(id)) {
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['invalid `trigger_id`'] } });
  }
  const trigger = ctx.world.triggers.get(id);
  if (!trigger || trigger.teamId !== ctx.team!.id) throw new SlackApiError('invalid_trigger_id');
  if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
  if (ctx.world.now() - trigger.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError('expired_trigger_id');
  trigger.used = true;
  return trigger;
}

function viewArg(ctx: MethodContext): Record<string, unknown> {
  const view = jsonArg(ctx.args, 'view', 'invalid_arguments');
  const problems = validateView(view);
  if (problems.length) {
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages: problemMessages(problems) } });
  }
  if (JSON.stringify(view).length > 250_000) throw new SlackApiError('view_too_large');
  return view as Record<string, unknown>;
}

const newHash = () => `${Math.floor(Date.now() / 1000)}.${randomId('', 8)}`;

function openView(ctx: MethodContext, userId: string, view: Record<string, unknown>, previous: SbView | null): SbView {
  const id = randomId('V', 10);
  const v: SbView = {
    id,
    teamId: ctx.team!.id,
    userId,
    view,
    hash: newHash(),
    rootViewId: previous?.rootViewId ?? id,
    previousViewId: previous?.id ?? null,
    externalId: typeof view.external_id === 'string' ? view.external_id : '',
    closed: false,
  };
  ctx.world.views.set(id, v);
  ctx.onViewsChanged?.();
  return v;
}

/** The stack of open views a user has, root first. */
export function openStack(views: Iterable<SbView>, userId: string): SbView[] {
  return [...views].filter((v) => v.userId === userId && !v.closed);
}

export const open: MethodSpec = {
  auth: 'bot',
  handler(ctx) {
    const view = viewArg(ctx);
    const trigger = takeTrigger(ctx);
    // A new modal replaces whatever the user had open.
    for (const v of openStack(ctx.world.views.values(), trigger.userId)) v.closed = true;
    return { view: viewJson(ctx.world, openView(ctx, trigger.userId, view, null)) };
  },
};

export const push: MethodSpec = {
  auth: 'bot',
  handler(ctx) {
    const view = viewArg(ctx);
    const trigger = takeTrigger(ctx);
    const stack = openStack(ctx.world.views.values(), trigger.userId);
    if (!stack.length) throw new SlackApiError('not_found');
    if (stack.length >= MAX_STACK) throw new SlackApiError('push_limit_reached');
    return { view: viewJson(ctx.world, openView(ctx, trigger.userId, view, stack[stack.length - 1]!)) };
  },
};

export const update: MethodSpec = {
  auth: 'bot',
  handler(ctx) {
    const view = viewArg(ctx);
    const viewId = stringArg(ctx.args, 'view_id', false);
    const externalId = stringArg(ctx.args, 'external_id', false);
    const existing = viewId
      ? ctx.world.views.get(viewId)
      : [...ctx.world.views.values()].find((v) => externalId && v.externalId === externalId);
    if (!existing || existing.teamId !== ctx.team!.id) throw new SlackApiError('not_found');
    const hash = stringArg(ctx.args, 'hash', false);
    if (hash && hash !== existing.hash) throw new SlackApiError('hash_conflict');
    existing.view = view;
    existing.hash = newHash();
    existing.errors = undefined;
    ctx.onViewsChanged?.();
    return { view: viewJson(ctx.world, existing) };
  },
};

/** views.publish: a user's Home tab (type "home"). No trigger_id; `hash` guards against a stale
 *  overwrite (hash_conflict); the user must be in the workspace (user_not_found). */
export const publish: MethodSpec = {
  auth: 'bot',
  handler(ctx) {
    const userId = stringArg(ctx.args, 'user_id');
    const user = ctx.world.users.get(userId);
    if (!user || user.teamId !== ctx.team!.id) throw new SlackApiError('user_not_found');
    const view = viewArg(ctx);
    if (view.type !== 'home') throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be a home view [json-pointer:/view/type]'] } });
    const key = `${ctx.team!.id}:${userId}`;
    const existing = ctx.world.homes.get(key);
    const hash = stringArg(ctx.args, 'hash', false);
    if (hash && existing && hash !== existing.hash) throw new SlackApiError('hash_conflict');
    const home = { view, hash: newHash(), id: existing?.id ?? randomId('V', 10) };
    ctx.world.homes.set(key, home);
    ctx.onViewsChanged?.();
    return { view: { id: home.id, team_id: ctx.team!.id, type: 'home', blocks: view.blocks ?? [], private_metadata: view.private_metadata ?? '', callback_id: view.callback_id ?? '', hash: home.hash, app_id: ctx.world.app.appId } };
  },
};
