// doctor and what only the daemon knows: signature failures, the last verified request, Socket Mode,
// the outbox, the store; the same findings in /healthz?verbose=1 and /opsknight status.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon } from '../../../src/daemon/lifecycle.js';
import { loadMigrations } from '../../../src/store/db.js';
import { openCore } from '../../../src/daemon/container.js';
import { diagnose } from '../../../src/doctor/diagnose.js';
import { tempHome } from '../../helpers/temp.js';
import { createLogger } from '../../../src/observability/logger.js';
import { findingsOf, only, runDoctor } from '../../helpers/doctor.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { storiesOnPostgres } from '../../helpers/postgres.js';

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('doctor: the daemon, interactivity records, delivery', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('requests signed with the wrong secret: the finding, the fix, /healthz?verbose=1 and /opsknight status', async () => {
    stack = await startStack();
    expect(only(await runDoctor(stack), 'interactivity', 'Requests from Slack')).toMatchObject({
      level: 'warn',
      finding: 'no request from Slack has reached this daemon yet',
    });
    await stack.slack.slashCommand('/opsknight help');
    let f = await runDoctor(stack);
    expect(only(f, 'interactivity', 'Requests from Slack').finding).toMatch(/^last verified request just now \(.+\), on \/api\/slack\/commands$/);
    expect(only(f, 'interactivity', 'Signatures')).toMatchObject({ level: 'ok', finding: 'no request failed verification in the last hour' });

    // A second app's secret (or a stale one) signs what Slack sends.
    const right = stack.sandbox.world.app.signingSecret;
    stack.sandbox.world.app.signingSecret = 'a-secret-this-daemon-does-not-know';
    for (let i = 0; i < 3; i++) expect((await stack.slack.slashCommand('/opsknight status')).status).toBe(401);
    f = await runDoctor(stack);
    expect(only(f, 'interactivity', 'Signatures')).toEqual({
      group: 'interactivity',
      check: 'Signatures',
      level: 'fail',
      finding: "3 requests failed verification in the last hour: the signing secret is probably wrong (or a second app's)",
      fix: 'Copy the Signing Secret from the app in Slack (Basic Information → App Credentials) into SLACK_SIGNING_SECRET (comma-separate a second app’s), or run `opsknight-slack setup`; then restart the daemon.',
    });

    // Monitoring gets the daemon's own findings as JSON, with the API token only.
    const anonymous = await fetch(`${stack.daemon.url}/healthz?verbose=1`);
    expect(anonymous.status).toBe(401);
    const verbose = await stack.api('GET', '/healthz?verbose=1');
    expect(verbose.status).toBe(200);
    expect(verbose.body.ok).toBe(false);
    expect(verbose.body.findings).toContainEqual(expect.objectContaining({ group: 'interactivity', check: 'Signatures', status: 'fail' }));
    // The full integrity scan is left to the CLI: it would hold the daemon's event loop. On
    // PostgreSQL there is no scan: the finding says the server answers and takes writes.
    if (storiesOnPostgres()) expect(verbose.body.findings).toContainEqual(expect.objectContaining({ check: 'Database', status: 'ok', finding: expect.stringMatching(/^PostgreSQL reachable, primary \(postgres:\/\/postgres:\*\*\*@/) }));
    else expect(verbose.body.findings.map((x: { check: string }) => x.check)).not.toContain('Database');
    // Plain /healthz stays open and names this daemon.
    const plain = (await (await fetch(`${stack.daemon.url}/healthz`)).json()) as { status: string; instance: string };
    expect(plain.status).toBe('ok');
    expect(plain.instance).toMatch(/^[0-9a-f-]{36}$/);

    stack.sandbox.world.app.signingSecret = right;
    // Only mapped users see status (an unmapped one is told why, and nothing else).
    stack.daemon.core.directory.addUser({ name: 'Jane Doe', email: 'jane@example.com' });
    const status = await stack.slack.slashCommand('/opsknight status', { as: 'jane' });
    expect(String(status.json?.text)).toMatch(
      /\nHealth: ✓ \d+ ok · ✗ 1 problem — Interactivity: 3 requests failed verification in the last hour: the signing secret is probably wrong \(or a second app's\) \(details: `opsknight-slack doctor`\)$/,
    );
  });

  it('the last verified request survives a restart; the daemon reports its version and instance', async () => {
    stack = await startStack();
    await stack.slack.slashCommand('/opsknight help');
    const facts = (await stack.api('GET', '/api/doctor')).body;
    expect(facts.slack_requests.endpoints).toEqual([{ path: '/api/slack/commands', last_verified_at: expect.any(String) }]);
    expect((await fetch(`${stack.daemon.url}/api/doctor`)).status).toBe(401);

    const f = await runDoctor(stack);
    expect(only(f, 'daemon', 'Running').finding).toMatch(new RegExp(`^version \\d+\\.\\d+\\.\\d+, up \\d+ seconds? \\(pid ${process.pid}, instance ${facts.instance_id.slice(0, 8)}\\)$`));
    expect(only(f, 'daemon', 'Database')).toMatchObject({ level: 'ok' });
    expect(only(f, 'daemon', 'Migrations')).toMatchObject({ level: 'ok', finding: `schema version ${Math.max(...loadMigrations().map((m) => m.version))} (current)` });
    expect(only(f, 'daemon', 'Permissions')).toMatchObject({ level: 'ok' });

    // A week later, after a restart, with no request since.
    await stack.daemon.stop();
    stack.daemon = await startDaemon({ port: 0, host: '127.0.0.1' }, stack.env, { logger: createLogger('silent') });
    expect((await stack.api('GET', '/api/doctor')).body.slack_requests.endpoints).toEqual(facts.slack_requests.endpoints);
    const weekLater = new Date(Date.now() + 8 * 86_400_000);
    expect(only(await runDoctor(stack, { now: () => weekLater }), 'interactivity', 'Requests from Slack')).toMatchObject({
      level: 'warn',
      finding: expect.stringMatching(/^no request from Slack in 7 days: the last came 8 days ago \(.+\) on \/api\/slack\/commands$/),
    });
  });

  it('the daemon not running, or running without the Socket Mode token, is a problem with the command that fixes it', async () => {
    stack = await startStack();
    const port = await closedPort();
    const f = await runDoctor(stack, {}, { PORT: String(port) });
    expect(only(f, 'daemon', 'Running')).toEqual({
      group: 'daemon',
      check: 'Running',
      level: 'fail',
      finding: `no daemon answers at http://127.0.0.1:${port}: connection refused`,
      fix: 'Start it: `opsknight-slack serve` (or `systemctl start opsknight-slack`); set PORT/HOST if it listens elsewhere.',
    });
    // Running, but started before Socket Mode was configured.
    const socket = only(await runDoctor(stack, {}, { SLACK_APP_TOKEN: stack.sandbox.credentials.appToken }), 'interactivity', 'Socket Mode');
    expect(socket).toMatchObject({
      level: 'fail',
      finding: 'the running daemon was started without an app-level token',
      fix: 'Restart the daemon so it picks up SLACK_APP_TOKEN (or the token stored by setup).',
    });
  });

  it('failing outbox rows grouped by error, a backlog on the rate limit, and a workspace needing attention', async () => {
    stack = await startStack({ defaultChannel: 'C0OLDALERTS' });
    await stack.trigger({ title: 'Disk full' });
    await stack.trigger({ title: 'Disk still full' });
    await stack.settle();
    let f = await runDoctor(stack);
    expect(only(f, 'delivery', 'Failures')).toEqual({
      group: 'delivery',
      check: 'Failures',
      level: 'fail',
      finding: '2 messages failed in Acme Ops (sandbox) in the last 24 h: is_archived: C0OLDALERTS is archived. Pick another channel.',
      fix: "Route to channels the bot can post in (see Channels), e.g. `opsknight-slack channels default '#incidents'`; the incidents themselves are safe.",
    });

    stack.daemon.core.workspaces.setDefaultChannel(stack.teamId, 'C0INCIDENTS');
    stack.sandbox.addFault({ method: 'chat.postMessage', kind: 'rate_limited', retryAfter: 600, calls: 1 });
    await stack.trigger({ title: 'Queue backing up' });
    const deadline = Date.now() + 15_000; // generous: a loaded CI machine
    while (!findingsOf(await runDoctor(stack), 'delivery', 'Rate limits').length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    f = await runDoctor(stack);
    expect(only(f, 'delivery', 'Rate limits')).toMatchObject({
      level: 'warn',
      finding: "Slack answered 1 call with HTTP 429 (rate limited) in the last hour; 1 message is waiting on Slack's rate limit (HTTP 429)",
    });
    // Eleven minutes on, the same row means delivery is stuck.
    const later = new Date(Date.now() + 11 * 60_000);
    expect(only(await runDoctor(stack, { now: () => later }), 'delivery', 'Outbox')).toMatchObject({
      level: 'fail',
      finding: '1 message waiting, the oldest for 11 minutes: delivery is stuck',
    });

    stack.sandbox.world.tokens.get(stack.sandbox.credentials.botToken)!.revoked = true;
    stack.daemon.core.workspaces.setStatus(stack.teamId, 'needs_attention', 'token_revoked: The bot token was revoked (the app was removed or reinstalled). Re-install the app and store the new token.');
    f = await runDoctor(stack);
    expect(only(f, 'delivery', 'Workspace')).toMatchObject({
      level: 'fail',
      finding: 'Acme Ops (sandbox) (T0SANDBOX01) needs attention: token_revoked: The bot token was revoked (the app was removed or reinstalled). Re-install the app and store the new token.',
    });
  });

  // SQLite's file lock and integrity scan: not PostgreSQL's (OPSKNIGHT_TEST_STORE=postgres).
  it.skipIf(storiesOnPostgres())('another process holding the database lock is a warning, found without waiting for it', async () => {
    stack = await startStack();
    const other = new Database(stack.daemon.core.paths.database);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(only(await runDoctor(stack), 'daemon', 'Database lock')).toMatchObject({
        level: 'warn',
        finding: 'another process holds the database’s write lock: the daemon keeps answering, but clicks wait and intake answers 503 until it lets go',
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(findingsOf(await runDoctor(stack), 'daemon', 'Database lock')).toEqual([]);
  });

  it.skipIf(storiesOnPostgres())('a damaged database fails the integrity check, with what SQLite found', async () => {
    const home = tempHome();
    try {
      const core = openCore(home.env);
      for (let i = 0; i < 2000; i++) core.directory.addUser({ name: `User ${i}`, email: `user${i}@example.com` });
      const file = core.paths.database;
      core.close();
      // Overwrite part of the e-mail index, as a failing disk would.
      const db = new Database(file);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'users_email_ci'").get() as { rootpage: number }).rootpage;
      db.close();
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(200, 0x41), 0, 200, (root - 1) * pageSize + 40);
      closeSync(fd);
      const damaged = openCore(home.env);
      try {
        const f = await diagnose(damaged, { ...home.env, PORT: String(await closedPort()) }, { timeoutMs: 1000 });
        const integrity = only(f, 'daemon', 'Database');
        expect(integrity.level).toBe('fail');
        expect(integrity.finding).toMatch(/^integrity check failed: .*users_email_ci/);
        expect(integrity.fix).toBe('Stop the daemon and restore the last backup (or try `sqlite3 <db> .recover`).');
      } finally {
        damaged.close();
      }
    } finally {
      home.remove();
    }
  });

  it('a data folder others can read is a warning with the chmod that fixes it; the last backup is shown', async () => {
    stack = await startStack();
    const home = stack.daemon.core.paths.home;
    chmodSync(home, 0o755);
    mkdirSync(join(home, 'backups'));
    writeFileSync(join(home, 'backups', 'opsknight-slack-2026-11-30.db'), '');
    const f = await runDoctor(stack);
    expect(only(f, 'daemon', 'Permissions')).toEqual({ group: 'daemon', check: 'Permissions', level: 'warn', finding: `readable by others: ${home} (755)`, fix: `chmod 700 ${home}` });
    expect(only(f, 'daemon', 'Backup').finding).toMatch(new RegExp(`^last one just now \\(.+\\), in ${home}/backups$`));
  });

  it('stored secrets that the current key cannot open', async () => {
    stack = await startStack();
    const f = await runDoctor(stack, {}, { OPSKNIGHT_SECRET_KEY: 'not the key these were sealed with' });
    const secrets = only(f, 'credentials', 'Stored secrets');
    expect(secrets.level).toBe('fail');
    expect(secrets.finding).toMatch(/^\d+ of \d+ stored secrets cannot be decrypted with the current key: .*bot token of Acme Ops \(sandbox\) \(T0SANDBOX01\)$/);
    expect(secrets.fix).toMatch(/^Restore the key they were saved with \(OPSKNIGHT_SECRET_KEY, or the key file .*secret\.key\), or enter them again with `opsknight-slack setup`\.$/);
  });

  it('Socket Mode: connected, and since when; a lost connection is a problem', async () => {
    stack = await startStack({ socketMode: true });
    const f = await runDoctor(stack);
    expect(only(f, 'interactivity', 'Socket Mode').finding).toMatch(/^connected since just now \(.+\)$/);
    expect(only(f, 'credentials', 'App-level token').level).toBe('ok');

    // The app-level token is revoked and the connection drops: reconnecting cannot succeed.
    stack.sandbox.world.tokens.get(stack.sandbox.credentials.appToken)!.revoked = true;
    stack.sandbox.socketMode.close();
    const deadline = Date.now() + 15_000; // generous: a loaded CI machine
    while ((await stack.api('GET', '/api/doctor')).body.socket_mode.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lost = only(await runDoctor(stack), 'interactivity', 'Socket Mode');
    expect(lost.level).toBe('fail');
    expect(lost.finding).toMatch(/^not connected since just now \(.+\): (the connection closed|reconnecting)$/);
    expect(lost.fix).toBe('Check SLACK_APP_TOKEN (xapp-…, scope connections:write) and that Socket Mode is on in the app settings; the daemon log says more.');
  });
});
