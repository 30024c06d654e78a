import { describe, expect, it } from 'vitest';
import { canSee, mayAct, visibility, type AccessPolicy, type Principal } from '../../../src/domain/access.js';

const allow: AccessPolicy = { crossTeamActions: 'allow', unmappedCanView: false };
const refuse: AccessPolicy = { crossTeamActions: 'refuse', unmappedCanView: false };
const user = (role: 'admin' | 'responder' | 'viewer', teams: string[] = ['payments'], active = true): Principal => ({ kind: 'user', name: 'Jane', role, teams, active });

describe('visibility', () => {
  it("responders and viewers see their teams' incidents and the unowned ones; admins all", () => {
    const v = visibility(user('responder'), allow);
    expect([canSee(v, 'payments'), canSee(v, 'platform'), canSee(v, null)]).toEqual([true, false, true]);
    expect(canSee(visibility(user('viewer'), allow), 'platform')).toBe(false);
    expect(canSee(visibility(user('admin', []), allow), 'platform')).toBe(true);
  });

  it('unmapped users see nothing unless the workspace allows it; inactive users nothing', () => {
    expect(visibility({ kind: 'unmapped' }, allow)).toMatchObject({ kind: 'none', reason: expect.stringMatching(/Only OpsKnight users/) });
    expect(canSee(visibility({ kind: 'unmapped' }, { ...allow, unmappedCanView: true }), 'payments')).toBe(true);
    expect(canSee(visibility(user('admin', [], false), allow), null)).toBe(false);
  });
});

describe('mayAct', () => {
  it('own team and unowned: allowed; another team: by the policy, attributed or refused with the reason', () => {
    expect(mayAct(user('responder'), refuse, 'payments', '#1')).toEqual({ allowed: true, outsideTeam: null });
    expect(mayAct(user('responder'), refuse, null, '#1')).toEqual({ allowed: true, outsideTeam: null });
    expect(mayAct(user('responder'), allow, 'platform', '#1')).toEqual({ allowed: true, outsideTeam: 'platform' });
    expect(mayAct(user('responder'), refuse, 'platform', 'Incident #1')).toEqual({ allowed: false, reason: expect.stringMatching(/Incident #1 belongs to team platform/) });
    expect(mayAct({ kind: 'unmapped' }, refuse, 'platform', '#1').allowed).toBe(false);
    expect(mayAct({ kind: 'unmapped' }, refuse, null, '#1').allowed).toBe(true);
  });

  it('viewers never act; admins act on everything', () => {
    expect(mayAct(user('viewer'), allow, 'payments', '#1')).toEqual({ allowed: false, reason: expect.stringMatching(/viewer/) });
    expect(mayAct(user('viewer'), allow, null, '#1').allowed).toBe(false);
    expect(mayAct(user('admin', []), refuse, 'platform', '#1')).toEqual({ allowed: true, outsideTeam: null });
  });
});
