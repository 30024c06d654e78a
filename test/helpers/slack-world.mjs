// One emulated Slack shared by several daemon processes: the sandbox (from dist/) in a process of its
// own, so no daemon and no test runner carries it. Each daemon gets its own front door to it
// (SLACK_API_URL = a front): every call is the same sandbox's, but the front knows which daemon
// made it and when, and can hold its answers back (Slack executed the call, the daemon has not heard)
// to make "calls in flight at a kill -9" an exact number rather than a guess.
// Started by cluster.mjs: `node slack-world.mjs '<json options>'`; prints one JSON line when ready.
import http from 'node:http';

const options = JSON.parse(process.argv[2] ?? '{}');
const { Sandbox } = await import('../../dist/sandbox/sandbox.js');

const sandbox = new Sandbox({ rateLimits: options.rateLimits ?? true });
await sandbox.start(0, '127.0.0.1');
const world = sandbox.world;
const teamId = sandbox.credentials.teamId;
const bot = world.botFor(teamId).userId;
const channels = [];
for (let i = 0; i < (options.channels ?? 10); i++) {
  const id = `C0HA${String(i).padStart(7, '0')}`;
  world.addChannel({ id, teamId, name: `ha-${i}`, isPrivate: false, isArchived: false, members: ['U0JANE00001', 'U0BOB000001', bot] });
  channels.push(id);
}
const upstream = new URL(sandbox.baseUrl);

/** Per front (daemon): its calls in arrival order, and its answers held back while `holding`. */
const fronts = [];
function startFront(index) {
  const front = { index, url: '', calls: [], open: 0, holding: false, held: [] };
  const server = http.createServer((req, res) => {
    const call = { front: index, method: (req.url ?? '').replace(/^\/api\//, '').split('?')[0], started: Date.now(), answered: null, status: null };
    front.calls.push(call);
    front.open += 1;
    let closed = false;
    res.on('close', () => {
      if (!closed) front.open -= 1;
      closed = true;
    });
    const up = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
      const chunks = [];
      upRes.on('data', (c) => chunks.push(c));
      upRes.on('end', () => {
        call.status = upRes.statusCode;
        const answer = () => {
          call.answered = Date.now();
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          res.end(Buffer.concat(chunks));
        };
        if (front.holding) front.held.push(answer);
        else answer();
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  fronts.push(front);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      front.url = `http://127.0.0.1:${server.address().port}/api/`;
      front.server = server;
      resolve(front);
    }),
  );
}
for (let i = 0; i < (options.fronts ?? 2); i++) await startFront(i);

/** Incident numbers a message links to (`<…|#12>`), and the count a storm card stands for. */
function describeMessage(m) {
  const all = `${m.text ?? ''} ${JSON.stringify(m.blocks ?? '')} ${JSON.stringify(m.attachments ?? '')}`;
  const storm = /Alert storm:\*? ([\d,]+) incidents/.exec(m.text ?? '');
  return {
    ts: m.ts,
    thread_ts: m.threadTs && m.threadTs !== m.ts ? m.threadTs : null,
    text: (m.text ?? '').slice(0, 300),
    incidents: [...new Set([...all.matchAll(/\|#(\d+)>/g)].map((x) => Number(x[1])))],
    storm_total: storm ? Number(storm[1].replaceAll(',', '')) : null,
  };
}

const json = (res, body) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const control = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const args = body ? JSON.parse(body) : {};
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /fronts':
        return json(res, fronts.map((f) => ({ index: f.index, url: f.url, calls: f.calls.length, open: f.open, held: f.held.length, holding: f.holding })));
      case 'GET /calls': {
        const since = Number(url.searchParams.get('since') ?? 0);
        return json(res, fronts.flatMap((f) => f.calls).filter((c) => c.started >= since).sort((a, b) => a.started - b.started));
      }
      case 'POST /hold': {
        const f = fronts[args.front];
        f.holding = true;
        return json(res, { ok: true });
      }
      case 'POST /release': {
        const f = fronts[args.front];
        f.holding = false;
        for (const answer of f.held.splice(0)) answer();
        return json(res, { ok: true });
      }
      case 'GET /messages': {
        // Every message of the channels asked for (replies included), in the order Slack took them.
        const wanted = new Set((url.searchParams.get('channels') ?? channels.join(',')).split(','));
        const out = Object.fromEntries([...wanted].map((c) => [c, []]));
        for (const m of world.messages) if (wanted.has(m.channel) && !m.deleted && !m.ephemeral) out[m.channel].push(describeMessage(m));
        return json(res, out);
      }
      default:
        res.writeHead(404).end();
    }
  });
});
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));

process.stdout.write(
  `${JSON.stringify({
    control_url: `http://127.0.0.1:${control.address().port}`,
    sandbox_url: sandbox.baseUrl,
    api_urls: fronts.map((f) => f.url),
    team_id: teamId,
    bot_token: sandbox.credentials.botToken,
    signing_secret: sandbox.credentials.signingSecret,
    channels,
  })}\n`,
);
const stop = () => {
  for (const f of fronts) f.server.closeAllConnections();
  control.close();
  void sandbox.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
