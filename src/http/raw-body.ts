// Reads a request body as bytes, with a size limit, for endpoints that need the exact bytes (Slack
// signs the raw body) and do not go through Express's body parsers.
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) {
    // Refuse before reading; drain what is sent so the connection can be answered and kept.
    req.resume();
    return Promise.reject(new BodyError(413, `The request body is larger than ${limitBytes} bytes.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyError(413, `The request body is larger than ${limitBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    // 'close' before 'end' means the client went away mid-body (after 'end' the promise is settled).
    req.once('close', () => !req.complete && reject(new BodyError(400, 'The request was aborted before its body arrived.')));
    req.once('error', (err) => reject(new BodyError(400, `The request body could not be read: ${err.message}`)));
  });
}
