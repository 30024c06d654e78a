// The fixtures the emulator is checked against are copies of shared/slack/fixtures: they must not drift.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const local = fileURLToPath(new URL('../../fixtures/slack/', import.meta.url));
const shared = fileURLToPath(new URL('../../../../shared/slack/fixtures/', import.meta.url));

describe('Slack fixtures', () => {
  it.runIf(existsSync(shared))('match ../shared/slack/fixtures byte for byte', () => {
    for (const file of readdirSync(shared)) {
      expect(readFileSync(`${local}${file}`).equals(readFileSync(`${shared}${file}`)), file).toBe(true);
    }
  });

  it('are present in the checkout', () => {
    expect(readdirSync(local).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(20);
  });
});
