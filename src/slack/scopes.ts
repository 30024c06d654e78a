// The bot scopes the integration asks for: the core set (the docs page's table, plus commands for
// /opsknight) and the scopes each workflow feature needs, so a missing scope is explained by the
// feature it stops, and that feature is refused up front rather than failing when an incident fires.
export const CORE_BOT_SCOPES = ['chat:write', 'chat:write.public', 'channels:read', 'groups:read', 'users:read', 'users:read.email', 'commands'];

export type ScopedFeature = 'incident_channel' | 'private_incident_channel' | 'stakeholder_dm' | 'responder_dm' | 'stakeholder_group' | 'oncall_dm' | 'oncall_group';

export const FEATURE_SCOPES: Record<ScopedFeature, { label: string; scopes: string[] }> = {
  incident_channel: { label: 'major-incident channels (create, invite, pin, archive)', scopes: ['channels:manage', 'pins:write'] },
  private_incident_channel: { label: 'private major-incident channels', scopes: ['groups:write', 'pins:write'] },
  stakeholder_dm: { label: 'stakeholder direct messages', scopes: ['im:write'] },
  responder_dm: { label: 'direct messages to a new assignee or responder', scopes: ['im:write'] },
  stakeholder_group: { label: 'stakeholder user-group mentions (looking up @handles)', scopes: ['usergroups:read'] },
  oncall_dm: { label: 'direct messages to paged and incoming on-call people', scopes: ['im:write'] },
  oncall_group: { label: 'on-call user groups (members follow the schedule)', scopes: ['usergroups:read', 'usergroups:write'] },
};

/** Everything the manifest asks for. */
export const REQUIRED_BOT_SCOPES = [...new Set([...CORE_BOT_SCOPES, ...Object.values(FEATURE_SCOPES).flatMap((f) => f.scopes)])];

/** Which features a scope serves (core scopes: the notifications themselves). */
export function featuresNeeding(scope: string): string[] {
  const features = Object.values(FEATURE_SCOPES)
    .filter((f) => f.scopes.includes(scope))
    .map((f) => f.label);
  return CORE_BOT_SCOPES.includes(scope) ? ['incident notifications', ...features] : features;
}

/** "channels:manage (needed for major-incident channels …)", one per missing scope. */
export function explainMissingScopes(missing: string[]): string[] {
  return missing.map((s) => `${s} (needed for ${featuresNeeding(s).join('; ')})`);
}

/** The scopes a feature lacks with these granted ones. */
export function missingFor(feature: ScopedFeature, granted: readonly string[]): string[] {
  return FEATURE_SCOPES[feature].scopes.filter((s) => !granted.includes(s));
}

/** Why a feature is refused, in words that say what to do. */
export function refusalFor(feature: ScopedFeature, missing: string[]): string {
  return `${FEATURE_SCOPES[feature].label} need the bot scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which this workspace has not granted: add ${missing.length > 1 ? 'them' : 'it'} to the app (the manifest from \`opsknight-slack manifest\` has them all) and re-install it, then run \`opsknight-slack test-connection\`.`;
}
