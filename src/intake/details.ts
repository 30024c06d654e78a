// Free-form details (Events v2 custom_details, Alertmanager annotations) as readable key → text
// pairs, bounded: however deep or large the input, the walk stops early (a 5,000-level object is
// never recursed into, so it cannot overflow the stack), and what is kept has a size limit.

export const MAX_DETAIL_DEPTH = 6;
export const MAX_DETAIL_ENTRIES = 50;
export const MAX_DETAIL_VALUE = 2000;
const MAX_KEY = 100;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return Object.prototype.toString.call(v);
}

/** JSON text of a value, cut at `depth` levels (deeper parts become "…") and about `max` characters. */
export function boundedJson(value: unknown, depth: number, max: number): string {
  let out = '';
  const write = (v: unknown, left: number): void => {
    if (out.length > max) return;
    if (v === null || typeof v !== 'object') {
      out += typeof v === 'string' ? JSON.stringify(v) : scalar(v);
      return;
    }
    if (left <= 0) {
      out += Array.isArray(v) ? '[…]' : '{…}';
      return;
    }
    const isArray = Array.isArray(v);
    out += isArray ? '[' : '{';
    let first = true;
    for (const [k, x] of isArray ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)) {
      if (out.length > max) break;
      if (!first) out += ', ';
      first = false;
      if (!isArray) out += `${JSON.stringify(k)}: `;
      write(x, left - 1);
    }
    out += isArray ? ']' : '}';
  };
  write(value, depth);
  return clip(out, max);
}

/** Flattens details into "a.b.c" → text. Scalars as they are, lists of scalars joined with ", ". */
export function flattenDetails(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  const put = (key: string, text: string) => {
    if (count >= MAX_DETAIL_ENTRIES) return;
    out[clip(key || 'details', MAX_KEY)] = clip(text, MAX_DETAIL_VALUE);
    count++;
  };
  const walk = (v: unknown, path: string, depth: number): void => {
    if (v === null || typeof v !== 'object') return put(path, scalar(v));
    if (depth >= MAX_DETAIL_DEPTH) return put(path, boundedJson(v, 2, MAX_DETAIL_VALUE));
    if (Array.isArray(v)) {
      if (!v.length) return put(path, '[]');
      if (v.every((x) => x === null || typeof x !== 'object')) return put(path, v.map(scalar).join(', '));
      for (let i = 0; i < v.length && count < MAX_DETAIL_ENTRIES; i++) walk(v[i], path ? `${path}.${i}` : String(i), depth + 1);
      return;
    }
    const keys = Object.keys(v);
    if (!keys.length) return put(path, '{}');
    for (const k of keys) {
      if (count >= MAX_DETAIL_ENTRIES) break;
      walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, depth + 1);
    }
  };
  if (value !== undefined) walk(value, '', 0);
  return out;
}
