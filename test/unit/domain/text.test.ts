import { describe, expect, it } from 'vitest';
import { cleanText, stripInvisible } from '../../../src/domain/text.js';

describe('typed text loses the characters used for visual spoofing', () => {
  it('drops bidirectional overrides and isolates, so "txt.exe" cannot show as "exe.txt"', () => {
    expect(stripInvisible('invoice\u202Etxt.exe')).toBe('invoicetxt.exe');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(stripInvisible(`a${c}b`)).toBe('ab');
    }
  });

  it('drops zero-width characters hidden inside words', () => {
    for (const c of ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF']) expect(stripInvisible(`pay${c}ment`)).toBe('payment');
    expect(cleanText('\uFEFF  Disk full \u200B')).toBe('Disk full');
  });

  it('keeps ordinary Unicode and emoji, including joined emoji sequences', () => {
    const text = 'Zahlung fehlgeschlagen — 東京 🔥 👩‍💻 👨🏽‍🚀 🏳️‍🌈 עברית';
    expect(stripInvisible(text)).toBe(text);
    expect(stripInvisible('👩\u200D💻')).toBe('👩\u200D💻');
    expect(stripInvisible('a\u200D💻')).toBe('a💻');
  });
});
