// The daemon under hostile or unlucky clients: Slack requests refused on their headers before a
// byte of the body is read, a shared cap on unauthenticated bytes in flight (released when a client
// goes away), slow clients cut off, a connection cap, metric series that no path can add, and
// incident ids that are digits only.
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../../src/daemon/lifecycle.js';
import { createLogger } from '../../src/observability/logger.js';
import { signRequest } from '../../src/sandbox/interactions.js';
import { openRaw, requestHead, type RawConnection } from '../helpers/raw-http.js';
import { tempHome } from '../helpers/temp.js';

const SECRET = 'hostile-test-signing-secret';
let daemon: RunningDaemon;
let cleanup: () => void = () => undefined;
const open: RawConnection[] = [];

async function start(env: Record<string, string> = {}) {
  const home = tempHome();
  daemon = await startDaemon({ port: 0, host: '127.0.0.1' }, { ...home.env, SLACK_SIGNING_SECRET: SECRET, OPSKNIGHT_API_TOKEN: 'test-token', ...env }, { logger: createLogger('silent') });
  daemon.core.directory.addService({ slug: 'payment-api' });
  cleanup = () => home.remove();
}
afterEach(async () => {
  for (const c of open.splice(0)) c.destroy();
  await daemon?.stop();
  cleanup();
});

async function raw(): Promise<RawConnection> {
  const c = await openRaw(daemon.url);
  open.push(c);
  return c;
}

const now = () => Math.floor(Date.now() / 1000);
const formHeaders = (length: number, extra: Record<string, string | number> = {}) => ({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': length, ...extra });
/** Headers that pass the pre-body check (fresh timestamp, a v0 signature) but are forged. */
const forged = (): Record<string, string> => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': `v0=${'0'.repeat(64)}` });
const metrics = async () => (await fetch(`${daemon.url}/metrics`)).text();

describe('Slack requests before authentication', () => {
  it('refuses a request without signature headers, or with a stale timestamp, before reading its body', async () => {
    await start();
    const cases: Record<string, string | number>[] = [{}, { 'x-slack-request-timestamp': now() - 301, 'x-slack-signature': 'v0=abc' }];
    for (const headers of cases) {
      const c = await raw();
      // 1 MiB announced, not a byte of it sent: the answer comes anyway, and the connection is closed.
      c.write(requestHead('POST', '/api/slack/actions', formHeaders(1024 * 1024, headers)));
      const answer = await c.answer;
      expect(answer.status).toBe(401);
      expect(answer.headers.connection).toBe('close');
      await c.closed;
    }
    const text = await metrics();
    expect(text).toMatch(/requests_rejected_total\{reason="missing_headers"\} 1/);
    expect(text).toMatch(/requests_rejected_total\{reason="stale_timestamp"\} 1/);
  });

  it('a client that waits for 100 Continue is refused without it; a well-signed one gets it and its answer', async () => {
    await start();
    const c = await raw();
    c.write(requestHead('POST', '/api/slack/commands', formHeaders(200_000, { expect: '100-continue' })));
    const refused = await c.answer;
    expect(refused.status).toBe(401);

    const body = 'command=%2Fopsknight&text=help&team_id=T1&user_id=U1&channel_id=C1&trigger_id=1.2.3';
    const signed = await raw();
    let continued = false;
    signed.socket.on('data', (d: Buffer) => (continued ||= d.toString('latin1').startsWith('HTTP/1.1 100')));
    signed.write(requestHead('POST', '/api/slack/commands', formHeaders(body.length, { expect: '100-continue', ...signRequest(SECRET, body) })));
    await new Promise<void>((resolve) => signed.socket.once('data', () => resolve()));
    expect(continued).toBe(true);
    signed.write(body);
    expect((await signed.answer).status).toBe(200);
  });

  it('Slack\'s unsigned ssl_check still gets its bare 200; a signed body that is not a form gets a 415', async () => {
    await start();
    const res = await fetch(`${daemon.url}/api/slack/actions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=abc' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const body = JSON.stringify({ command: '/opsknight', text: 'help' });
    const json = await fetch(`${daemon.url}/api/slack/commands`, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(SECRET, body) }, body });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { message: string }).message).toMatch(/x-www-form-urlencoded/);
  });

  it('caps unauthenticated bytes in flight across connections: beyond the budget a 503 at once, and an abort gives its share back', async () => {
    await start({ OPSKNIGHT_HTTP_PREAUTH_MB: '0.1' }); // 104,857 bytes
    const holder = await raw();
    holder.write(requestHead('POST', '/api/slack/actions', formHeaders(80_000, forged())));
    holder.write('payload=' + 'x'.repeat(1000)); // and then nothing: it holds its 80,000 bytes

    const second = await raw();
    second.write(requestHead('POST', '/api/slack/actions', formHeaders(80_000, forged())));
    const busy = await second.answer;
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');

    // PagerDuty events are read before their routing key is known: the same budget, PagerDuty's words.
    const event = await fetch(`${daemon.url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ routing_key: 'x', pad: 'p'.repeat(80_000) }) });
    expect(event.status).toBe(503);
    expect(await event.json()).toMatchObject({ status: 'error', message: expect.stringMatching(/retry/) });

    // The bearer-token intake is authenticated before its body: not counted.
    const api = await fetch(`${daemon.url}/api/incidents`, { method: 'POST', headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Disk full', service: 'payment-api', urgency: 'LOW', description: 'd'.repeat(19_000), components: Array.from({ length: 40 }, (_, i) => `${i}`.padEnd(190, 'c')) }) });
    expect(api.status).toBe(201);

    holder.destroy();
    await holder.closed;
    // Once the holder is gone its bytes are free: the same request is read, and refused for its signature.
    let status = 0;
    // Polled with a generous deadline: on a loaded machine the server may see the close late.
    for (const deadline = Date.now() + 15_000; status !== 401 && Date.now() < deadline; ) {
      const body = 'payload=' + 'x'.repeat(79_992);
      status = (await fetch(`${daemon.url}/api/slack/actions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...forged() }, body })).status;
      if (status === 503) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(await metrics()).toMatch(/requests_rejected_total\{reason="signature_mismatch"\} 1/);
  });
});

describe('slow clients and many connections', () => {
  it('cuts a body trickled slower than the request timeout, and headers that never end', async () => {
    await start({ OPSKNIGHT_HTTP_HEADERS_TIMEOUT: '0.5', OPSKNIGHT_HTTP_REQUEST_TIMEOUT: '1' });
    const trickle = await raw();
    trickle.write(requestHead('POST', '/api/incidents', { authorization: 'Bearer test-token', 'content-type': 'application/json', 'content-length': 1000 }));
    const drip = setInterval(() => trickle.write(' '), 100);
    try {
      expect((await trickle.answer).status).toBe(408);
      await trickle.closed;
    } finally {
      clearInterval(drip);
    }
    const stalled = await raw();
    stalled.write('GET /healthz HTTP/1.1\r\nhost: localhost\r\n');
    expect((await stalled.answer).status).toBe(408);
  });

  it('refuses the connection beyond the cap, and takes new ones once others close', async () => {
    await start({ OPSKNIGHT_HTTP_MAX_CONNECTIONS: '2' });
    const a = await raw();
    const b = await raw();
    a.write(requestHead('GET', '/healthz', {}));
    b.write(requestHead('GET', '/healthz', {}));
    expect((await a.answer).status).toBe(200);
    expect((await b.answer).status).toBe(200);
    const c = await raw();
    await c.closed; // dropped without an answer
    a.destroy();
    await a.closed;
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      const d = await raw();
      d.write(requestHead('GET', '/healthz', { connection: 'close' }));
      status = await d.answer.then((r) => r.status, () => 0);
    }
    expect(status).toBe(200);
  });
});

describe('metrics and paths', () => {
  it('20,000 distinct bad paths leave the /metrics series count unchanged', async () => {
    await start();
    const series = async () => (await metrics()).split('\n').filter((l) => l && !l.startsWith('#') && l.includes('http_request'));
    const shapes = [(n: number) => `/incidents/%ZZ${n}`, (n: number) => `/api/incidents/%ZZ${n}`, (n: number) => `/nothing/here/${n}`, (n: number) => `/API/Incidents/${n.toString(2).replace(/0/g, 'x')}`];
    const hit = (path: string) => fetch(`${daemon.url}${path}`, { headers: { authorization: 'Bearer test-token' } }).then((r) => r.arrayBuffer());
    for (const shape of shapes) for (let n = 0; n < 4; n++) await hit(shape(n)); // each kind of bad path: its series exist
    await series(); // the scrape's own series
    const before = await series();
    const total = 20_000;
    let next = 4;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next <= total) {
          const n = next++;
          await hit(shapes[n % shapes.length]!(n));
        }
      }),
    );
    const after = await series();
    expect(after.length).toBe(before.length);
    expect(await metrics()).toMatch(/route="unmatched",status="400"/);
  }, 300_000); // 20,000 requests: ~50 s on a busy 2-core machine; the limit only stops a hang

  it('incident ids in paths are digits only, and a bad one names the id field', async () => {
    await start();
    const headers = { authorization: 'Bearer test-token', 'content-type': 'application/json' };
    const created = await fetch(`${daemon.url}/api/incidents`, { method: 'POST', headers, body: JSON.stringify({ title: 'Disk full', service: 'payment-api', urgency: 'LOW' }) });
    expect(created.status).toBe(201);
    for (let i = 0; i < 20; i++) await fetch(`${daemon.url}/api/incidents`, { method: 'POST', headers, body: JSON.stringify({ title: `t${i}`, service: 'payment-api', urgency: 'LOW' }) });
    expect((await fetch(`${daemon.url}/api/incidents/1`, { headers })).status).toBe(200);
    for (const id of ['1%0a', '%201', '0x10', '1e3', '1.0', '+1', '0']) {
      const shown = await fetch(`${daemon.url}/api/incidents/${id}`, { headers });
      expect(shown.status, id).toBe(400);
      const body = (await shown.json()) as { message: string; fields: { field: string }[] };
      expect(body.fields.map((f) => f.field)).toEqual(['id']);
      expect(body.message).toMatch(/^id: /);
      const ack = await fetch(`${daemon.url}/api/incidents/${id}/acknowledge`, { method: 'POST', headers });
      expect(ack.status, id).toBe(400);
      // The incident page: not found, even with the API token.
      expect((await fetch(`${daemon.url}/incidents/${id}`, { headers })).status, id).toBe(404);
    }
    const list = (await (await fetch(`${daemon.url}/api/incidents?limit=100`, { headers })).json()) as { incidents: { status: string }[] };
    expect(list.incidents.every((i) => i.status === 'OPEN')).toBe(true);
    expect((await fetch(`${daemon.url}/incidents/16`, { headers })).status).toBe(200);
  });
});
