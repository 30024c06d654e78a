// Reads a request body as bytes, with a size limit, for endpoints that need the exact bytes (Slack
// signs the raw body) and do not go through Express's body parsers.
import type { IncomingMessage } from 'node:http';

/** Shaped like body-parser's errors (status and type), so errorAnswer explains both the same way. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly type: 'entity.too.large' | 'entity.parse.failed' | 'request.aborted',
    message: string,
  ) {
    super(message);
  }
}

const tooLarge = (limitBytes: number) => new BodyError(413, 'entity.too.large', `The request body is larger than ${limitBytes} bytes.`);

export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) {
    // Refuse before reading; drain what is sent so the connection can be answered and kept.
    req.resume();
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    // 'close' before 'end' means the client went away mid-body (after 'end' the promise is settled).
    req.once('close', () => !req.complete && reject(new BodyError(400, 'request.aborted', 'The request was aborted before its body arrived.')));
    req.once('error', (err) => reject(new BodyError(400, 'request.aborted', `The request body could not be read: ${err.message}`)));
  });
}
