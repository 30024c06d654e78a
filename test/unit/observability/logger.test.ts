import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes JSON lines with secrets redacted wherever they sit', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    log.info(
      {
        token: 'xoxb-secret-1',
        workspace: { bot_token: 'xoxb-secret-2', signing_secret: 'abc123secret', name: 'Acme' },
        req: { headers: { authorization: 'Bearer okn_secret3', 'user-agent': 'curl' } },
      },
      'installed',
    );
    const text = lines.join('');
    expect(text).not.toMatch(/secret-1|secret-2|abc123secret|okn_secret3/);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'installed', workspace: { name: 'Acme', bot_token: '[redacted]' } });
    expect(entry.req.headers['user-agent']).toBe('curl');
  });
});
