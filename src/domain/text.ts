// Text people type (titles, notes, names) is kept as typed, minus the invisible characters used for
// visual spoofing: bidirectional overrides/isolates reorder what a reader sees, zero-width
// characters hide inside words. A zero-width joiner between two emoji is kept (👩‍💻 stays whole).

/** U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200B–U+200D, U+2060, U+FEFF. */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]|\u200D/gu;
/** An emoji, with its optional presentation selector and skin-tone modifier, right before a position. */
const EMOJI_BEFORE = /\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch, offset: number, whole: string) => {
    if (ch !== '\u200D') return '';
    const joinsEmoji = EMOJI_BEFORE.test(whole.slice(Math.max(0, offset - 4), offset)) && EMOJI_AFTER.test(whole.slice(offset + 1, offset + 3));
    return joinsEmoji ? ch : '';
  });
}

/** Stripped of invisible characters, then trimmed. */
export function cleanText(text: string): string {
  return stripInvisible(text).trim();
}
