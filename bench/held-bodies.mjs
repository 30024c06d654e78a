// Memory under bodies held before authentication (issue 12): 300 sockets each send a 1 MiB body to
// POST /api/slack/actions and keep their connection open — first without signature headers (refused
// on the headers, the body never read), then with forged ones (fresh timestamp, wrong signature:
// read, within the shared pre-authentication budget, then refused). Daemon RSS at baseline, its peak
// while the sockets are held, and after they close. Goal: growth < 50 MB, back near baseline after.
import { connect } from 'node:net';
import { cli, startDaemon, tempEnv } from './lib.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 300);
const BODY = 1024 * 1024;
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 5000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 30000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const home = tempEnv({ SLACK_SIGNING_SECRET: 'bench-signing-secret', OPSKNIGHT_API_TOKEN: 'bench' });
cli(['service', 'add', 'payment-api'], home.env);
const daemon = await startDaemon(home.env);
const { hostname, port } = new URL(daemon.url);
const chunk = Buffer.alloc(64 * 1024, 'x');

/** Opens the sockets, sends each one's headers and 1 MiB, keeps them open; counts answers by status. */
async function holdBodies(headers) {
  const statuses = {};
  let closedByServer = 0;
  const sockets = await Promise.all(
    Array.from({ length: SOCKETS }, () => new Promise((resolve) => {
      const s = connect(Number(port), hostname, () => {
        s.write(`POST /api/slack/actions HTTP/1.1\r\nhost: bench\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${BODY}\r\n${headers()}\r\n`);
        for (let sent = 0; sent < BODY; sent += chunk.length) s.write(chunk);
        resolve(s);
      });
      let seen = false;
      s.on('data', (d) => {
        if (seen) return;
        seen = true;
        const status = d.toString('latin1').split(' ')[1];
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
      s.on('error', () => undefined);
      s.on('close', () => closedByServer++);
    })),
  );
  let peak = 0;
  for (let t = 0; t < HOLD_MS; t += 100) {
    peak = Math.max(peak, daemon.rssMb());
    await sleep(100);
  }
  const answered = { ...statuses, closed_by_daemon: closedByServer };
  for (const s of sockets) s.destroy();
  return { peak, answered };
}

async function phase(name, headers) {
  const baseline = daemon.rssMb();
  const { peak, answered } = await holdBodies(headers);
  await sleep(SETTLE_MS);
  const after = daemon.rssMb();
  return {
    [name]: {
      rss_mb_baseline: Number(baseline.toFixed(1)),
      rss_mb_peak_while_held: Number(peak.toFixed(1)),
      rss_growth_mb: Number((peak - baseline).toFixed(1)),
      [`rss_mb_${SETTLE_MS / 1000}s_after_close`]: Number(after.toFixed(1)),
      answers: answered,
    },
  };
}

await sleep(3000); // past start-up
const unsigned = await phase('no_signature_headers', () => '');
const forged = await phase('forged_signature_fresh_timestamp', () => `x-slack-request-timestamp: ${Math.floor(Date.now() / 1000)}\r\nx-slack-signature: v0=${'0'.repeat(64)}\r\n`);
await daemon.stop();
home.remove();

console.log(JSON.stringify({
  bench: `${SOCKETS} sockets each holding a 1 MiB body to POST /api/slack/actions`,
  hold_ms: HOLD_MS,
  ...unsigned,
  ...forged,
  goal: 'growth < 50 MB; back near baseline after close',
}, null, 2));
