// Looks at the certificate a host presents, the way a client that trusts the system's CAs sees it.
import { connect } from 'node:tls';

export interface CertificateView {
  trusted: boolean;
  /** Why it is not trusted (Node's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT), when it is not. */
  problem: string | null;
  validTo: Date | null;
  subject: string | null;
}

export function probeCertificate(host: string, port: number, timeoutMs: number): Promise<CertificateView> {
  return new Promise((resolve, reject) => {
    // rejectUnauthorized off so an untrusted certificate can still be described; `authorized` says whether it would pass.
    const socket = connect({ host, port, servername: /^[\d.]+$|:/.test(host) ? undefined : host, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => {
      const cert = socket.getPeerCertificate();
      const problem = socket.authorized ? null : String(socket.authorizationError ?? 'unknown');
      socket.end();
      resolve({ trusted: socket.authorized, problem, validTo: cert?.valid_to ? new Date(cert.valid_to) : null, subject: cert?.subject?.CN ? String(cert.subject.CN) : null });
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no TLS answer within ${timeoutMs / 1000} s`)));
    socket.once('error', reject);
  });
}

/** Node's certificate error codes in words. */
export function certificateProblemWords(code: string): string {
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') return 'it is self-signed';
  if (code === 'CERT_HAS_EXPIRED') return 'it has expired';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'it is for another host name';
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY') return 'its issuer is unknown (an incomplete chain, or a private CA)';
  return `it is not trusted (${code})`;
}
