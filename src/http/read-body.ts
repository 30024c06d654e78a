// Reads a request body: the one body reader of every endpoint. Enforces the endpoint class's limit
// (after decompression, so a small gzip bomb is refused too), counts bytes of unauthenticated
// requests against the shared pre-authentication budget, takes gzip/deflate/br bodies, and drops
// what it buffered when the client goes away.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { describeBytes } from './endpoint-classes.js';
import type { BudgetHold } from './preauth-budget.js';

export type BodyErrorType =
  | 'entity.too.large'
  | 'entity.parse.failed'
  | 'entity.verify.failed'
  | 'request.aborted'
  | 'encoding.unsupported'
  | 'charset.unsupported'
  | 'media.unsupported'
  | 'server.busy';

const CODES: Record<BodyErrorType, string> = {
  'entity.too.large': 'payload_too_large',
  'entity.parse.failed': 'invalid_json',
  'entity.verify.failed': 'invalid_body',
  'request.aborted': 'request_aborted',
  'encoding.unsupported': 'unsupported_encoding',
  'charset.unsupported': 'unsupported_charset',
  'media.unsupported': 'unsupported_media_type',
  'server.busy': 'busy',
};

/** A body we will not take, with the status and wording errorAnswer gives it. */
export class BodyError extends Error {
  readonly code: string;
  constructor(
    readonly status: 400 | 413 | 415 | 503,
    readonly type: BodyErrorType,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.code = CODES[type];
  }
}

export const tooLarge = (limitBytes: number) => new BodyError(413, 'entity.too.large', `The request body is larger than ${describeBytes(limitBytes)}.`);
export const busy = () =>
  new BodyError(503, 'server.busy', 'Too many unauthenticated request bodies are in flight; retry in a moment.', { 'retry-after': '1' });

export interface ReadBodyOptions {
  limitBytes: number;
  /** For a request whose sender is not known yet: its bytes count against the shared budget. */
  hold?: BudgetHold;
}

const DECODERS = new Map<string, () => Readable & NodeJS.WritableStream>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/** Refusals decided on the headers alone, before a byte is read. */
function checkHead(req: IncomingMessage, { limitBytes, hold }: ReadBodyOptions): { declared: number | null; encoding: string } {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && !DECODERS.has(encoding)) {
    throw new BodyError(415, 'encoding.unsupported', `Content-Encoding "${encoding}" is not supported: send the body plain, gzip, deflate or br.`);
  }
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > limitBytes) throw tooLarge(limitBytes);
  // A declared plain body is reserved whole, so a request the budget cannot take is refused at once.
  if (hold && declared !== null && encoding === 'identity' && !hold.take(declared)) throw busy();
  return { declared: encoding === 'identity' ? declared : null, encoding };
}

/** The body's bytes (decoded). Rejects with a BodyError; the caller answers it. */
export function readBody(req: IncomingMessage, res: ServerResponse | undefined, options: ReadBodyOptions): Promise<Buffer> {
  let head: ReturnType<typeof checkHead>;
  try {
    head = checkHead(req, options);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  // The client waited for our go-ahead (Expect: 100-continue): the headers passed, so give it.
  if (res && !res.headersSent && /100-continue/i.test(String(req.headers.expect ?? ''))) res.writeContinue();
  const { limitBytes, hold } = options;
  const reserved = head.declared ?? 0;

  return new Promise((resolve, reject) => {
    const decoder = head.encoding === 'identity' ? null : DECODERS.get(head.encoding)!();
    const source: Readable = decoder ? req.pipe(decoder) : req;
    // A declared length is filled in place: one buffer, no list of chunks to join (which would hold
    // the body twice at the end).
    let whole: Buffer | null = head.declared !== null ? Buffer.allocUnsafe(head.declared) : null;
    let chunks: Buffer[] = [];
    let size = 0;
    let wire = 0;
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      source.removeListener('data', onData);
      if (err) {
        chunks = []; // drop what was buffered now, not when the socket is collected
        whole = null;
        if (decoder) {
          req.unpipe(decoder);
          decoder.destroy();
        }
        // Whatever else arrives is dropped as it comes (a large rest is cut short: the answer
        // closes the connection, see sendJson).
        req.resume();
        return reject(err);
      }
      if (whole) resolve(size === whole.length ? whole : whole.subarray(0, size));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) return finish(tooLarge(limitBytes));
      if (hold && size > reserved && !hold.take(Math.min(chunk.length, size - reserved))) return finish(busy());
      if (!whole) chunks.push(chunk);
      else if (size <= whole.length) chunk.copy(whole, size - chunk.length);
      else finish(new BodyError(400, 'request.aborted', 'The request body is longer than its Content-Length.'));
    };
    if (decoder) {
      // The compressed size is bounded too (it is what arrives on the wire).
      req.on('data', (chunk: Buffer) => {
        wire += chunk.length;
        if (wire > limitBytes) finish(tooLarge(limitBytes));
      });
      decoder.once('error', () => finish(new BodyError(400, 'entity.verify.failed', `The request body is not valid ${head.encoding} data.`)));
    }
    source.on('data', onData);
    source.once('end', () => finish(null));
    // 'close' before the body is complete means the client went away mid-body.
    req.once('close', () => !req.complete && finish(new BodyError(400, 'request.aborted', 'The request was aborted before its body arrived.')));
    req.once('error', (err) => finish(new BodyError(400, 'request.aborted', `The request body could not be read: ${err.message}`)));
  });
}
