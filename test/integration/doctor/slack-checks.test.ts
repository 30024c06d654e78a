// doctor against the sandbox: each Slack-side failure made real, and the advice it gives.
import { afterEach, describe, expect, it } from 'vitest';
import { OPSKNIGHT_BOT_SCOPES } from '../../../src/sandbox/seed.js';
import { findingsOf, only, runDoctor } from '../../helpers/doctor.js';
import { startStack, type Stack } from '../../helpers/stack.js';

const REINSTALL = 'Reinstall the app to the workspace (api.slack.com/apps → your app → Install App → Reinstall), then store the new token: `opsknight-slack setup` or SLACK_BOT_TOKEN.';

describe('doctor: credentials, channels, attribution, clock', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a working setup: the token, workspace, bot user and scopes check out', async () => {
    stack = await startStack();
    const f = await runDoctor(stack);
    expect(only(f, 'credentials', 'Bot token')).toMatchObject({ level: 'ok', finding: 'valid for Acme Ops (sandbox) (T0SANDBOX01), bot user U0OPSKNIGHT' });
    expect(only(f, 'credentials', 'Scopes')).toMatchObject({ level: 'ok' });
    expect(only(f, 'credentials', 'Stored secrets').level).toBe('ok');
    expect(only(f, 'channels', '#incidents')).toMatchObject({ level: 'ok', finding: 'public; the bot is a member (default channel)' });
    expect(only(f, 'clock', 'Clock').level).toBe('ok');
  });

  it('a revoked token, and a deactivated workspace, say to reinstall', async () => {
    stack = await startStack();
    stack.sandbox.world.tokens.get(stack.sandbox.credentials.botToken)!.revoked = true;
    let f = await runDoctor(stack);
    expect(only(f, 'credentials', 'Bot token')).toEqual({
      group: 'credentials',
      check: 'Bot token',
      level: 'fail',
      finding: 'The bot token of Acme Ops (sandbox) (T0SANDBOX01) was revoked (token_revoked): the app was removed or reinstalled',
      fix: REINSTALL,
    });
    // Nothing Slack-side can be checked without a token: said once, not as a cascade of errors.
    expect(only(f, 'channels', 'Channels')).toMatchObject({ level: 'warn', finding: 'not checked: no working bot token' });

    const token = stack.sandbox.world.tokens.get(stack.sandbox.credentials.botToken)!;
    token.revoked = false;
    token.inactive = true;
    f = await runDoctor(stack);
    expect(only(f, 'credentials', 'Bot token')).toMatchObject({
      level: 'fail',
      finding: 'The bot token of Acme Ops (sandbox) (T0SANDBOX01) belongs to a deactivated workspace or bot user (account_inactive)',
      fix: REINSTALL,
    });
  });

  it('Slack not answering is a warning to check the network, not a verdict on the token', async () => {
    stack = await startStack();
    stack.sandbox.addFault({ method: 'auth.test', kind: 'server_error', status: 503, calls: 1 });
    expect(only(await runDoctor(stack), 'credentials', 'Bot token')).toEqual({
      group: 'credentials',
      check: 'Bot token',
      level: 'warn',
      finding: 'The bot token of Acme Ops (sandbox) (T0SANDBOX01) could not be checked: Slack did not answer (http_503)',
      fix: 'Check the network (and SLACK_API_URL if you point it elsewhere), then run doctor again.',
    });
  });

  it('a missing scope is named with the feature that needs it', async () => {
    stack = await startStack({ sandbox: { scopes: OPSKNIGHT_BOT_SCOPES.filter((s) => s !== 'users:read.email') } });
    const f = await runDoctor(stack);
    expect(only(f, 'credentials', 'Scopes')).toEqual({
      group: 'credentials',
      check: 'Scopes',
      level: 'fail',
      finding: 'Acme Ops (sandbox) is missing users:read.email (knowing who clicked (users matched by e-mail))',
      fix: 'Add the scopes under OAuth & Permissions → Bot Token Scopes (or update the app from `opsknight-slack manifest`), reinstall the app, and store the new token.',
    });
    expect(only(f, 'attribution', 'E-mails')).toMatchObject({ level: 'warn', finding: 'Acme Ops (sandbox): e-mails cannot be read without users:read and users:read.email' });
  });

  it('an archived channel, a private one the bot is not in, and one that is gone; --post-test posts for real', async () => {
    stack = await startStack();
    const ws = stack.daemon.core.workspaces;
    ws.rememberChannel(stack.teamId, 'C0OLDALERTS', 'old-alerts', false);
    ws.rememberChannel(stack.teamId, 'G0SECRET001', 'secret-ops', true);
    ws.setRoute(stack.teamId, { serviceSlug: 'payment-api', urgency: null, channelId: 'C0OLDALERTS' });
    ws.setRoute(stack.teamId, { serviceSlug: null, urgency: 'HIGH', channelId: 'G0SECRET001' });
    ws.setRoute(stack.teamId, { serviceSlug: 'search', urgency: null, channelId: 'C0DELETED01' });
    const f = await runDoctor(stack, { postTest: '#payments' });
    expect(only(f, 'channels', '#old-alerts')).toEqual({
      group: 'channels',
      check: '#old-alerts',
      level: 'fail',
      finding: 'is archived (route payment-api)',
      fix: "Unarchive #old-alerts in Slack, or: Route elsewhere: `opsknight-slack channels route '#other' --service <slug>` (or remove the route with `channels unroute`).",
    });
    expect(only(f, 'channels', '#secret-ops')).toEqual({
      group: 'channels',
      check: '#secret-ops',
      level: 'fail',
      finding: 'private, and the bot is not invited (route HIGH)',
      fix: 'In Slack, open #secret-ops and type /invite @OpsKnight.',
    });
    expect(only(f, 'channels', 'C0DELETED01')).toMatchObject({ level: 'fail', finding: 'does not exist (deleted?) (route search)' });
    expect(only(f, 'channels', 'Test post in #payments')).toMatchObject({ level: 'ok', finding: 'posted a test message in #payments' });
    await stack.slack.channel('#payments').expectMessage(/Test message from OpsKnight/);

    const archivedPost = await runDoctor(stack, { postTest: '#old-alerts' });
    expect(only(archivedPost, 'channels', 'Test post in #old-alerts').level).toBe('fail');
  });

  it('no default channel and no routes: nothing would be posted', async () => {
    stack = await startStack({ defaultChannel: null });
    const f = await runDoctor(stack);
    expect(only(f, 'channels', 'Default channel')).toEqual({
      group: 'channels',
      check: 'Default channel',
      level: 'fail',
      finding: 'Acme Ops (sandbox) has no default channel and no routes: no incident is posted',
      fix: "Set one: `opsknight-slack channels default '#incidents'`.",
    });
  });

  it('hidden e-mails, OpsKnight users with no Slack match, duplicate e-mails, and INACTIVE users who clicked', async () => {
    stack = await startStack();
    const core = stack.daemon.core;
    core.directory.addUser({ name: 'Nobody', email: 'nobody@example.com' });
    core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    core.directory.addUser({ name: 'Bob Smith', email: 'bob@example.com', status: 'INACTIVE' });
    stack.sandbox.world.addUser({ id: 'U0JANE2TWIN', teamId: stack.teamId, name: 'jane2', realName: 'Jane Twin', email: 'JANE@example.com' });
    const { id } = await stack.trigger();
    const msg = await stack.slack.channel('#incidents').expectMessage(new RegExp(`#${id}`));
    await msg.button('Acknowledge').click({ as: 'bob' });
    await stack.slack.expectEphemeral('bob', /cannot act on incidents/);

    const f = await runDoctor(stack);
    expect(only(f, 'attribution', 'Hidden e-mails')).toEqual({
      group: 'attribution',
      check: 'Hidden e-mails',
      level: 'warn',
      finding: '1 Slack user hides their e-mail from apps in Acme Ops (sandbox): Casper Hidden (U0GHOST0001); their clicks cannot be matched to an OpsKnight user',
      fix: 'Ask a Slack admin to let apps see e-mail addresses (Workspace settings → Display email addresses), or have them act through the CLI.',
    });
    expect(only(f, 'attribution', 'OpsKnight users')).toMatchObject({ level: 'warn', finding: '1 OpsKnight user has no Slack match in Acme Ops (sandbox): nobody@example.com' });
    expect(only(f, 'attribution', 'Duplicate e-mails')).toMatchObject({
      level: 'warn',
      finding: 'jane@example.com (U0JANE00001, U0JANE2TWIN): several Slack users share an e-mail, so they act as one OpsKnight user',
    });
    const inactive = only(f, 'attribution', 'INACTIVE users');
    expect(inactive.level).toBe('warn');
    expect(inactive.finding).toMatch(/^1 INACTIVE OpsKnight user tried to act in Slack and was refused: bob@example\.com \(just now\)$/);
    expect(inactive.fix).toBe('If they respond to incidents, reactivate them: `opsknight-slack user update bob@example.com --activate`.');
  });

  it("the clock against Slack's Date header: a warning past 60 s, a problem past 5 minutes", async () => {
    stack = await startStack({ sandbox: { dateSkewMs: 90_000 } });
    let clock = only(await runDoctor(stack), 'clock', 'Clock');
    expect(clock.level).toBe('warn');
    expect(clock.finding).toMatch(/^this machine is (89|90|91) s behind Slack \(Slack's requests are refused beyond 5 minutes\)$/);
    expect(clock.fix).toBe('Synchronise the clock: `timedatectl set-ntp true` (systemd-timesyncd) or chrony/ntpd.');

    stack.sandbox.dateSkewMs = -600_000;
    clock = only(await runDoctor(stack), 'clock', 'Clock');
    expect(clock.level).toBe('fail');
    expect(clock.finding).toMatch(/^this machine is (599|600|601) s ahead of Slack: Slack's requests are refused beyond 5 minutes$/);
    expect(findingsOf(await runDoctor(stack, { workspace: 'nope' }), 'credentials', 'Workspace')[0]?.finding).toBe(
      'No connected workspace "nope" (connected: Acme Ops (sandbox) (T0SANDBOX01))',
    );
  });
});
