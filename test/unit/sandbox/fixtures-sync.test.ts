// The Slack fixtures the emulator and the parsers are checked against must not drift: each is pinned
// by its SHA-256 in test/fixtures/slack/SHA256SUMS (checked in, so this runs from any checkout).
// Where the project's shared fixture folder sits beside the checkout, they must also match it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const local = fileURLToPath(new URL('../../fixtures/slack/', import.meta.url));
const shared = fileURLToPath(new URL('../../../../shared/slack/fixtures/', import.meta.url));
const NOT_FIXTURES = new Set(['README.md', 'SHA256SUMS']);

/** `sha256sum` format: "<64 hex>  <file>" per line. */
function pinned(): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(`${local}SHA256SUMS`, 'utf8').split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`SHA256SUMS: unreadable line "${line}"`);
    sums.set(m[2]!, m[1]!);
  }
  return sums;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('Slack fixtures', () => {
  it('match their pinned SHA-256, every one of them', () => {
    const sums = pinned();
    expect(sums.size).toBeGreaterThan(20);
    expect(readdirSync(local).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(20);
    const present = readdirSync(local).filter((f) => !NOT_FIXTURES.has(f));
    expect(present.filter((f) => !sums.has(f)), 'fixtures without an entry in SHA256SUMS').toEqual([]);
    for (const [file, sum] of sums) {
      expect(existsSync(`${local}${file}`), `${file} is missing`).toBe(true);
      expect(sha256(`${local}${file}`), `${file} changed`).toBe(sum);
    }
  });

  it.runIf(existsSync(shared))('match ../shared/slack/fixtures byte for byte (where that folder exists)', () => {
    for (const file of readdirSync(shared)) {
      expect(readFileSync(`${local}${file}`).equals(readFileSync(`${shared}${file}`)), file).toBe(true);
    }
  });
});
