// What the setup wizard will store. Steps only fill the plan; nothing is written until every step
// is done, in one transaction, so Ctrl-C (or a failure) leaves the stored state as it was.
import type { Core } from '../../daemon/container.js';
import { APP_TOKEN_SETTING, CLIENT_ID_SETTING, CLIENT_SECRET_SETTING, PUBLIC_URL_SETTING, SIGNING_SECRET_SETTING } from '../../config/setting-keys.js';
import type { Urgency } from '../../domain/model.js';
import type { NotificationSettings } from '../../domain/routing.js';
import type { WorkspaceInstall } from '../../store/workspace-repo.js';

export { CLIENT_ID_SETTING, CLIENT_SECRET_SETTING, PUBLIC_URL_SETTING };

export interface SetupPlan {
  publicUrl?: string;
  socketMode?: boolean;
  manifestPath?: string;
  clientId?: string;
  clientSecret?: string;
  signingSecret?: string;
  botToken?: string;
  /** Socket Mode's app-level token. */
  appToken?: string;
  workspace?: WorkspaceInstall;
  defaultChannel?: { id: string; name: string; isPrivate: boolean };
  channelNames: { id: string; name: string; isPrivate: boolean }[];
  settings?: Partial<NotificationSettings>;
  serviceRoutes: { service: string; channelId: string | null }[];
  urgencyRoutes: { urgency: Urgency; channelId: string | null }[];
}

export function emptyPlan(): SetupPlan {
  return { channelNames: [], serviceRoutes: [], urgencyRoutes: [] };
}

export function applyPlan(core: Core, plan: SetupPlan): void {
  core.db.transaction(() => {
    if (plan.publicUrl) core.settings.set(PUBLIC_URL_SETTING, plan.publicUrl);
    if (plan.clientId) core.settings.set(CLIENT_ID_SETTING, plan.clientId);
    if (plan.clientSecret) core.settings.set(CLIENT_SECRET_SETTING, plan.clientSecret, { secret: true });
    if (plan.signingSecret) core.settings.set(SIGNING_SECRET_SETTING, plan.signingSecret, { secret: true });
    if (plan.appToken) core.settings.set(APP_TOKEN_SETTING, plan.appToken, { secret: true });
    const ws = plan.workspace ? core.workspaces.upsert(plan.workspace) : null;
    if (!ws) return;
    for (const c of plan.channelNames) core.workspaces.rememberChannel(ws.teamId, c.id, c.name, c.isPrivate);
    if (plan.defaultChannel) core.workspaces.setDefaultChannel(ws.teamId, plan.defaultChannel.id);
    if (plan.settings) core.workspaces.updateSettings(ws.teamId, plan.settings);
    for (const r of plan.serviceRoutes) {
      if (r.channelId) core.workspaces.setRoute(ws.teamId, { serviceSlug: r.service, urgency: null, channelId: r.channelId });
      else core.workspaces.removeRoute(ws.teamId, r.service, null);
    }
    for (const r of plan.urgencyRoutes) {
      if (r.channelId) core.workspaces.setRoute(ws.teamId, { serviceSlug: null, urgency: r.urgency, channelId: r.channelId });
      else core.workspaces.removeRoute(ws.teamId, null, r.urgency);
    }
  }).immediate();
}
