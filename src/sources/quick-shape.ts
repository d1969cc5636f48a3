/**
 * What the quick decoders of large answers share (alert-quick.ts, prometheus-quick.ts): checks of
 * plain JSON values, each accepting only what the zod schema would accept unchanged, so that a
 * value they refuse goes to the schema, which decides and names what is wrong.
 */

/** A JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A label set of strings, as it is (it was parsed for this answer alone; a copy built key by key
 * would only cost time), or null for anything else, and for a `__proto__` key, which only the
 * schema's way of copying may define.
 */
export function quickLabelSet(v: unknown): Record<string, string> | null {
  if (!isObject(v)) return null;
  for (const key of Object.keys(v)) if (typeof v[key] !== 'string' || key === '__proto__') return null;
  return v as Record<string, string>;
}

/** A list of strings (copied), absent or null meaning none; null for anything else. */
export function quickStringList(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return null;
  for (const x of v) if (typeof x !== 'string') return null;
  return v.slice() as string[];
}
