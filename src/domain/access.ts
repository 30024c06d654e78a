// Who may see and act on which incidents. Pure rules: users belong to teams, services are owned by
// teams, and a role says what a user may do. A service no team owns is everybody's (so a setup
// without teams works as before). The Slack adapter applies these in one place.

export const ROLES = ['admin', 'responder', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const CROSS_TEAM_POLICIES = ['allow', 'refuse'] as const;
/** What happens when someone acts on an incident owned by a team they are not on: allowed and
 *  attributed (the timeline and thread say so), or refused with an explanation. */
export type CrossTeamPolicy = (typeof CROSS_TEAM_POLICIES)[number];

export interface AccessPolicy {
  crossTeamActions: CrossTeamPolicy;
  /** Slack users with no OpsKnight user see incidents in lists (off: they see none). */
  unmappedCanView: boolean;
}

/** The person asking: an OpsKnight user with a role and teams, or an unmapped Slack user. */
export type Principal =
  | { kind: 'user'; name: string; role: Role; teams: readonly string[]; active: boolean }
  | { kind: 'unmapped' };

/** What a principal may see in lists: everything, nothing, or the incidents of these teams'
 *  services plus the services no team owns. */
export type Visibility = { kind: 'all' } | { kind: 'none'; reason: string } | { kind: 'teams'; teams: readonly string[] };

export function visibility(p: Principal, policy: AccessPolicy): Visibility {
  if (p.kind === 'unmapped') {
    return policy.unmappedCanView
      ? { kind: 'all' }
      : { kind: 'none', reason: 'Only OpsKnight users see incidents in this workspace, and your Slack account is not matched to one' };
  }
  if (!p.active) return { kind: 'none', reason: 'Your OpsKnight account is INACTIVE' };
  if (p.role === 'admin') return { kind: 'all' };
  return { kind: 'teams', teams: p.teams };
}

/** Whether an incident whose service is owned by `owner` (null: no team) is visible. */
export function canSee(v: Visibility, owner: string | null): boolean {
  if (v.kind === 'all') return true;
  if (v.kind === 'none') return false;
  return owner === null || v.teams.includes(owner);
}

export type ActDecision = { allowed: true; outsideTeam: string | null } | { allowed: false; reason: string };

/**
 * Whether a principal may change an incident owned by `owner` (null: no team owns its service, or
 * the action creates one). Mapping rules (inactive users, workspaces that require mapped users) are
 * checked before this.
 */
export function mayAct(p: Principal, policy: AccessPolicy, owner: string | null, incidentLabel: string): ActDecision {
  if (p.kind === 'user' && p.role === 'viewer') {
    return { allowed: false, reason: 'you are a viewer in OpsKnight: viewers see incidents but cannot act on them. Ask an OpsKnight admin for the responder role.' };
  }
  if (p.kind === 'user' && p.role === 'admin') return { allowed: true, outsideTeam: null };
  if (owner === null) return { allowed: true, outsideTeam: null };
  const teams = p.kind === 'user' ? p.teams : [];
  if (teams.includes(owner)) return { allowed: true, outsideTeam: null };
  if (policy.crossTeamActions === 'allow') return { allowed: true, outsideTeam: owner };
  return {
    allowed: false,
    reason: `${incidentLabel} belongs to team ${owner}, and this workspace lets only that team's members (and admins) act on its incidents. Ask someone on ${owner}, or an OpsKnight admin.`,
  };
}
