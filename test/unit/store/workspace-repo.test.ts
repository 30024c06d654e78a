// The short-lived workspace reads the Slack request path uses: changes made by this process show at
// once, changes made by another (the CLI) within the given age.
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/daemon/container.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  home?.remove();
});

describe('WorkspaceRepo.getRecent', () => {
  it('sees its own changes at once and another process’s within maxAgeMs', () => {
    home = tempHome();
    const daemon = openCore(home.env);
    const cli = openCore(home.env); // a second connection, as the CLI has
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
