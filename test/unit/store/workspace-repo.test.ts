// The short-lived workspace reads the Slack request path uses: changes made by this process show at
// once, changes made by another (the CLI) within the given age.
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/daemon/container.js';
import { tempHome } from '../../helpers/temp.js';
import { describeEachStore } from '../../helpers/postgres.js';

let home: ReturnType<typeof tempHome>;
const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  home?.remove();
});

describeEachStore('workspaces', (store) => {
  describe('WorkspaceRepo.getRecent', () => {
    it('sees its own changes at once and another process’s within maxAgeMs', () => {
      home = tempHome();
    const env = store.env(home.env);
      const daemon = openCore(env);
      const cli = openCore(env); // a second connection, as the CLI has
      cores.push(daemon, cli);
      daemon.workspaces.upsert({ teamId: 'T1', teamName: 'Acme', botToken: 'xoxb-1' });

      const t = 1_000_000;
      expect(daemon.workspaces.getRecent('T1', 5000, t)?.settings.requireMappedUser).toBe(false);
      daemon.workspaces.updateSettings('T1', { requireMappedUser: true });
      expect(daemon.workspaces.getRecent('T1', 5000, t)?.settings.requireMappedUser).toBe(true);

      cli.workspaces.updateSettings('T1', { requireMappedUser: false });
      expect(daemon.workspaces.getRecent('T1', 5000, t + 4999)?.settings.requireMappedUser).toBe(true);
      expect(daemon.workspaces.getRecent('T1', 5000, t + 5000)?.settings.requireMappedUser).toBe(false);

      cli.workspaces.remove('T1');
      expect(daemon.workspaces.getRecent('T1', 5000, t + 10_000)).toBeNull();
    });
  });

  describe('WorkspaceRepo worlds: the sandbox shares the database, never its workspaces', () => {
    it('keeps the sandbox’s fake workspaces and real ones out of each other’s sight', () => {
      home = tempHome();
    const env = store.env(home.env);
      const real = openCore(env);
      const sandbox = openCore({ ...env, OPSKNIGHT_SLACK_WORLD: 'sandbox' });
      cores.push(real, sandbox);
      sandbox.workspaces.upsert({ teamId: 'T0SANDBOX01', teamName: 'Acme Ops (sandbox)', botToken: 'xoxb-sandbox' });
      real.workspaces.upsert({ teamId: 'TREAL', teamName: 'Real Co', botToken: 'xoxb-real' });

      expect(real.workspaces.list().map((w) => w.teamId)).toEqual(['TREAL']);
      expect(real.workspaces.routingInfo().map((w) => w.teamId)).toEqual(['TREAL']);
      expect(real.workspaces.get('T0SANDBOX01')).toBeNull();
      expect(sandbox.workspaces.list().map((w) => w.teamId)).toEqual(['T0SANDBOX01']);
      expect(sandbox.workspaces.get('TREAL')).toBeNull();
      // A sandbox token never lands on a real workspace, nor the other way round.
      expect(() => sandbox.workspaces.upsert({ teamId: 'TREAL', teamName: 'x', botToken: 'xoxb-sandbox' })).toThrow(/real Slack workspace/);
      expect(() => real.workspaces.upsert({ teamId: 'T0SANDBOX01', teamName: 'x', botToken: 'xoxb-real' })).toThrow(/sandbox/);
      expect(real.workspaces.remove('T0SANDBOX01')).toBe(false);
      expect(sandbox.workspaces.get('T0SANDBOX01')?.botToken).toBe('xoxb-sandbox');
    });

    it('an incident is posted only in the world of the process that made it, and the other world’s pending work is left alone', () => {
      home = tempHome();
    const env = store.env(home.env);
      const real = openCore(env);
      const sandbox = openCore({ ...env, OPSKNIGHT_SLACK_WORLD: 'sandbox' });
      cores.push(real, sandbox);
      sandbox.workspaces.upsert({ teamId: 'T0SANDBOX01', teamName: 'Acme Ops (sandbox)', botToken: 'xoxb-sandbox' });
      sandbox.workspaces.setDefaultChannel('T0SANDBOX01', 'C0INCIDENTS');
      real.workspaces.upsert({ teamId: 'TREAL', teamName: 'Real Co', botToken: 'xoxb-real' });
      real.workspaces.setDefaultChannel('TREAL', 'CREAL');
      real.directory.addService({ slug: 'api', name: 'API' });

      sandbox.incidents.trigger({ title: 'Made in the sandbox', serviceSlug: 'api', urgency: 'HIGH' }, { name: 'test' }, 'api');
      expect(sandbox.outbox.pending(10).map((r) => r.teamId)).toEqual(['T0SANDBOX01']);
      real.incidents.trigger({ title: 'Made by the CLI', serviceSlug: 'api', urgency: 'HIGH' }, { name: 'test' }, 'cli');
      expect(real.outbox.pending(10).map((r) => r.teamId)).toEqual(['T0SANDBOX01', 'TREAL']);
      expect(real.workspaces.inOtherWorld('T0SANDBOX01')).toBe(true);
      expect(real.workspaces.inOtherWorld('TGONE')).toBe(false);
    });

    it('until real Slack is set up, the CLI’s incidents go to the sandbox (one world for a newcomer)', () => {
      home = tempHome();
    const env = store.env(home.env);
      const cli = openCore(env);
      const sandbox = openCore({ ...env, OPSKNIGHT_SLACK_WORLD: 'sandbox' });
      cores.push(cli, sandbox);
      sandbox.workspaces.upsert({ teamId: 'T0SANDBOX01', teamName: 'Acme Ops (sandbox)', botToken: 'xoxb-sandbox' });
      sandbox.workspaces.setDefaultChannel('T0SANDBOX01', 'C0INCIDENTS');
      cli.directory.addService({ slug: 'api', name: 'API' });
      cli.incidents.trigger({ title: 'Made by the CLI', serviceSlug: 'api', urgency: 'HIGH' }, { name: 'test' }, 'cli');
      expect(cli.outbox.pending(10).map((r) => [r.teamId, r.channelId])).toEqual([['T0SANDBOX01', 'C0INCIDENTS']]);
      // …which is still not a real workspace for the CLI.
      expect(cli.workspaces.list()).toEqual([]);
    });
  });
});
