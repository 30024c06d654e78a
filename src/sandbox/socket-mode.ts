// Socket Mode in the sandbox: apps.connections.open hands out a ws:// URL with a single-use ticket;
// the app connects, gets `hello`, and receives interactions as envelopes it acknowledges with the
// same envelope_id (https://docs.slack.dev/apis/events-api/using-socket-mode). Like Slack, the hub
// spreads envelopes over the app's open connections (up to 10 at once; a connection past that is
// told `too_many_websockets` and closed), so several app processes each get a share.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Slack allows an app at most 10 open Socket Mode connections at once. */
export const MAX_CONNECTIONS = 10;

export type EnvelopeType = 'interactive' | 'slash_commands' | 'events_api';

interface Pending {
  resolve: (payload: Record<string, unknown> | null) => void;
  timer: NodeJS.Timeout;
}

/** One envelope sent: to which connection (numbered from 1 in the order they were opened). */
export interface SocketDelivery {
  connection: number;
  type: EnvelopeType;
  acked: boolean;
}

export class SocketModeHub {
  /** Every envelope sent, in order (tests see how they were spread over the connections). */
  readonly deliveries: SocketDelivery[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly numbers = new WeakMap<WebSocket, number>();
  private opened = 0;
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private nextSocket = 0;

  constructor(private readonly appId: string) {
    this.wss.on('connection', (ws) => this.accept(ws));
  }

  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  get connected(): boolean {
    return this.openSockets().length > 0;
  }

  /** How many connections are open now (what `hello` reports as num_connections). */
  get connectionCount(): number {
    return this.openSockets().length;
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (!url.pathname.startsWith('/link') || !this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
  }

  /** Sends an envelope to a connected app and waits for its ack (null if none within the deadline). */
  send(type: EnvelopeType, payload: unknown, deadlineMs: number, envelope: Record<string, unknown> = {}): Promise<Record<string, unknown> | null> {
    const open = this.openSockets();
    if (open.length === 0) return Promise.resolve(null);
    // Round-robin over the open connections, as Slack spreads an app's envelopes over them.
    const socket = open[this.nextSocket++ % open.length]!;
    const envelope_id = randomUUID();
    const delivery: SocketDelivery = { connection: this.numbers.get(socket) ?? 0, type, acked: false };
    this.deliveries.push(delivery);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope_id);
        resolve(null);
      }, deadlineMs);
      this.pending.set(envelope_id, {
        resolve: (ack) => {
          delivery.acked = ack !== null;
          resolve(ack);
        },
        timer,
      });
      socket.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', ...envelope }));
    });
  }

  close(): void {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
  }

  private openSockets(): WebSocket[] {
    return [...this.sockets].filter((s) => s.readyState === s.OPEN);
  }

  private accept(ws: WebSocket): void {
    if (this.openSockets().length >= MAX_CONNECTIONS) {
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'too_many_websockets', debug_info: { host: 'opsknight-sandbox' } }));
      ws.close();
      return;
    }
    this.sockets.add(ws);
    this.numbers.set(ws, ++this.opened);
    // Slack pings its Socket Mode clients; the SDK reconnects when the pings stop.
    const ping = setInterval(() => ws.ping(), 10_000);
    ping.unref();
    ws.on('close', () => {
      clearInterval(ping);
      this.sockets.delete(ws);
    });
    ws.on('message', (data) => {
      let msg: { envelope_id?: string; payload?: Record<string, unknown> };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return;
      }
      const p = msg.envelope_id ? this.pending.get(msg.envelope_id) : undefined;
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(msg.envelope_id!);
      p.resolve(msg.payload ?? {});
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.openSockets().length, debug_info: { host: 'opsknight-sandbox' }, connection_info: { app_id: this.appId } }));
  }
}
