// The sandbox's Socket Mode hub behaves like Slack with several connections: envelopes are spread
// over the open connections, `hello` counts them, and an 11th connection is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_CONNECTIONS, SocketModeHub } from '../../../src/sandbox/socket-mode.js';

interface Client {
  ws: WebSocket;
  messages: Record<string, unknown>[];
}

let hub: SocketModeHub;
let server: Server;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  hub.close();
  await new Promise((r) => server.close(r));
});

async function startHub(): Promise<void> {
  hub = new SocketModeHub('A0SANDBOX');
  server = createServer();
  hub.attach(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
}

/** Connects like the SDK does, answering every envelope with an ack naming the connection. */
async function connect(name: string): Promise<Client> {
  const { port } = server.address() as AddressInfo;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/link/?ticket=${hub.issueTicket()}`);
  const client: Client = { ws, messages: [] };
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      client.messages.push(msg);
      if (msg.type === 'hello' || msg.type === 'disconnect') resolve();
      if (typeof msg.envelope_id === 'string') ws.send(JSON.stringify({ envelope_id: msg.envelope_id, payload: { by: name } }));
    });
    ws.on('error', reject);
  });
  return client;
}

const envelopesOf = (c: Client) => c.messages.filter((m) => typeof m.envelope_id === 'string').length;

it('spreads envelopes over every open connection, and the survivors take them all when one closes', async () => {
  await startHub();
  const a = await connect('a');
  const b = await connect('b');
  const c = await connect('c');
  expect([a, b, c].map((x) => x.messages[0]!.num_connections)).toEqual([1, 2, 3]);

  const acks = [];
  for (let i = 0; i < 9; i++) acks.push(await hub.send('interactive', { n: i }, 1000));
  expect(acks.every((ack) => ack !== null)).toBe(true);
  expect([a, b, c].map(envelopesOf)).toEqual([3, 3, 3]);

  b.ws.close();
  await new Promise((r) => b.ws.once('close', r));
  await new Promise((r) => setTimeout(r, 20)); // the hub sees the close frame
  expect(hub.connectionCount).toBe(2);
  const later = [];
  for (let i = 0; i < 6; i++) later.push(await hub.send('slash_commands', { n: i }, 1000));
  expect(later.map((ack) => ack?.by).sort()).toEqual(['a', 'a', 'a', 'c', 'c', 'c']);
  expect(envelopesOf(b)).toBe(3);
});

it(`refuses a connection past ${MAX_CONNECTIONS} with too_many_websockets, and sends it nothing`, async () => {
  await startHub();
  const open: Client[] = [];
  for (let i = 0; i < MAX_CONNECTIONS; i++) open.push(await connect(`c${i}`));
  expect(open.at(-1)!.messages[0]!.num_connections).toBe(MAX_CONNECTIONS);

  const extra = await connect('extra');
  expect(extra.messages[0]).toMatchObject({ type: 'disconnect', reason: 'too_many_websockets' });
  await new Promise((r) => (extra.ws.readyState === WebSocket.CLOSED ? r(null) : extra.ws.once('close', r)));
  expect(hub.connectionCount).toBe(MAX_CONNECTIONS);

  for (let i = 0; i < MAX_CONNECTIONS; i++) expect(await hub.send('interactive', { n: i }, 1000)).not.toBeNull();
  expect(open.map(envelopesOf)).toEqual(Array(MAX_CONNECTIONS).fill(1));
  expect(envelopesOf(extra)).toBe(0);
});
