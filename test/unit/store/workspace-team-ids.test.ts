// The workflow notifier asks which workspaces there are inside every incident change, through
// teamIds(): it must name exactly the workspaces list() gives, in the same order, world by world
// (real Slack's and the sandbox's never mix).
import { afterEach, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/daemon/container.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  home?.remove();
});

it('names the workspaces list() gives, in its order, in each Slack world', () => {
  home = tempHome();
  const real = openCore(home.env);
  const sandbox = openCore({ ...home.env, OPSKNIGHT_SLACK_WORLD: 'sandbox' });
  cores.push(real, sandbox);
  expect(real.workspaces.teamIds()).toEqual([]);
  real.workspaces.upsert({ teamId: 'T2', teamName: 'Zeta Corp', botToken: 'xoxb-2' });
  real.workspaces.upsert({ teamId: 'T1', teamName: 'Acme', botToken: 'xoxb-1' });
  sandbox.workspaces.upsert({ teamId: 'T0SANDBOX01', teamName: 'Acme Ops (sandbox)', botToken: 'xoxb-sandbox' });

  expect(real.workspaces.teamIds()).toEqual(['T1', 'T2']);
  expect(real.workspaces.teamIds()).toEqual(real.workspaces.list().map((w) => w.teamId));
  expect(sandbox.workspaces.teamIds()).toEqual(['T0SANDBOX01']);
  real.workspaces.remove('T1');
  expect(real.workspaces.teamIds()).toEqual(['T2']);
});
