// Turns a body's bytes into what a handler takes, by its Content-Type. What real senders use:
// Alertmanager, PagerDuty's clients and `curl --json` send `application/json` (UTF-8); Slack sends
// `application/x-www-form-urlencoded`. Anything else gets a 415 that says what to send.
import { BodyError } from './read-body.js';

interface MediaType {
  type: string;
  charset: string | null;
}

function mediaTypeOf(header: string | undefined): MediaType {
  const [type = '', ...params] = (header ?? '').split(';');
  let charset: string | null = null;
  for (const p of params) {
    const [k, v] = p.split('=');
    if (k?.trim().toLowerCase() === 'charset' && v) charset = v.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

function requireUtf8(m: MediaType): void {
  if (m.charset !== null && m.charset !== 'utf-8' && m.charset !== 'utf8') {
    throw new BodyError(415, 'charset.unsupported', `The body's charset "${m.charset}" is not supported: send UTF-8.`);
  }
}

const isJsonType = (type: string) => type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));

const UTF8_BOM = '\ufeff';

/** Like express.json (strict): an object or an array, in UTF-8 (a byte-order mark is ignored). An
 *  empty body is `{}`, so the handler names the missing fields. */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return {};
  const media = mediaTypeOf(contentType);
  if (!isJsonType(media.type)) {
    const hint = media.type === 'application/x-www-form-urlencoded' ? ' (curl -d sends that; use curl --json, or add -H "Content-Type: application/json")' : '';
    throw new BodyError(415, 'media.unsupported', `Send the body as JSON with "Content-Type: application/json", not "${media.type || 'none'}"${hint}.`);
  }
  requireUtf8(media);
  let text = raw.toString('utf8');
  if (text.startsWith(UTF8_BOM)) text = text.slice(1);
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text);
    } catch {
      /* answered below */
    }
  }
  throw new BodyError(400, 'entity.parse.failed', 'The request body is not valid JSON.');
}

/** Slack's requests are form fields: refuses any other Content-Type (the fields are parsed by the
 *  caller, which needs them before it knows the type matters: Slack's unsigned ssl_check). */
export function requireForm(contentType: string | undefined): void {
  const media = mediaTypeOf(contentType);
  if (media.type !== 'application/x-www-form-urlencoded') {
    throw new BodyError(415, 'media.unsupported', `Slack sends "application/x-www-form-urlencoded", not "${media.type || 'none'}".`);
  }
  requireUtf8(media);
}
