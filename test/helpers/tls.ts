// A local HTTPS listener with a certificate made for the test by the openssl CLI (.ci/run installs it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpsListener {
  url: string;
  /** The certificate file (PEM), e.g. for NODE_EXTRA_CA_CERTS. */
  certFile: string;
  close(): Promise<void>;
}

/** A self-signed certificate for localhost and 127.0.0.1, valid for `days`. */
export function selfSignedCertificate(days: number): { dir: string; certFile: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'opsknight-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', String(days), '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { dir, certFile, keyFile };
}

export async function startHttps(days: number, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpsListener> {
  const { dir, certFile, keyFile } = selfSignedCertificate(days);
  const server: Server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    certFile,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Forwards GET requests to another base URL (a reverse proxy in miniature). */
export function forwardTo(base: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    fetch(base() + (req.url ?? '/'))
      .then(async (r) => {
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
        res.end(Buffer.from(await r.arrayBuffer()));
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  };
}
