// A plain TCP client for what fetch cannot do: send headers and hold the body back, trickle it, or
// watch the server answer (or hang up) before the body has been sent.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  socket: Socket;
  write(data: string | Buffer): void;
  /** The first answer on the connection (rejects if the connection closes first). */
  answer: Promise<RawAnswer>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  destroy(): void;
}

export function openRaw(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let buffer = Buffer.alloc(0);
    let settle: { ok: (a: RawAnswer) => void; fail: (e: Error) => void };
    const answer = new Promise<RawAnswer>((ok, fail) => (settle = { ok, fail }));
    answer.catch(() => undefined);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined); // a reset after the server answered is expected
    const tryParse = () => {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(lines[0]!.split(' ')[1]);
      if (status === 100) {
        buffer = buffer.subarray(end + 4);
        return tryParse();
      }
      const headers = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < end + 4 + length) return;
      settle.ok({ status, headers, body: buffer.subarray(end + 4, end + 4 + length).toString('utf8') });
    };
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      tryParse();
    });
    socket.once('close', () => settle.fail(new Error(`connection closed before an answer: ${buffer.toString('latin1').slice(0, 200)}`)));
    socket.once('connect', () =>
      resolve({
        socket,
        write: (data) => void (socket.destroyed || socket.write(data)),
        answer,
        closed,
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}

/** Request line and headers, ready to write. */
export function requestHead(method: string, path: string, headers: Record<string, string | number>): string {
  return `${method} ${path} HTTP/1.1\r\nhost: localhost\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}
