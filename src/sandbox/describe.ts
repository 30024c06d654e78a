// What the sandbox prints at start, for people and (as JSON) for scripts.
import type { Sandbox } from './sandbox.js';

export function describeSandbox(sandbox: Sandbox) {
  const w = sandbox.world;
  return {
    ui_url: `${sandbox.baseUrl}/`,
    api_url: sandbox.apiUrl,
    bot_token: sandbox.credentials.botToken,
    signing_secret: sandbox.credentials.signingSecret,
    client_id: sandbox.credentials.clientId,
    client_secret: sandbox.credentials.clientSecret,
    app_token: sandbox.credentials.appToken,
    interactivity_url: w.app.interactivityUrl,
    workspaces: [...w.teams.values()].map((t) => ({
      team_id: t.id,
      name: t.name,
      channels: [...w.channels.values()]
        .filter((c) => c.teamId === t.id)
        .map((c) => ({ id: c.id, name: c.name, private: c.isPrivate, archived: c.isArchived, bot_member: c.members.has(w.botFor(t.id)?.userId ?? '') })),
      users: [...w.users.values()].filter((u) => u.teamId === t.id && !u.isBot).map((u) => ({ id: u.id, name: u.name, email: u.email })),
    })),
  };
}

export function sandboxBanner(sandbox: Sandbox): string[] {
  const d = describeSandbox(sandbox);
  const main = d.workspaces[0]!;
  return [
    `Slack sandbox UI:   ${d.ui_url}`,
    `Web API URL:        ${d.api_url}   (SLACK_API_URL)`,
    `Bot token:          ${d.bot_token}   (sandbox only, not a real secret)`,
    `Signing secret:     ${d.signing_secret}`,
    `App-level token:    ${d.app_token}   (Socket Mode; setup --socket-mode)`,
    `Channels (${main.name}): ${main.channels.map((c) => `${c.private ? '🔒' : '#'}${c.name}${c.archived ? ' (archived)' : ''}${c.bot_member ? '' : ' (bot not in)'}`).join(', ')}`,
    `Users: ${main.users.map((u) => `${u.name} <${u.email ?? 'e-mail hidden'}>`).join(', ')}`,
  ];
}
