/**
 * Makes backend text safe to draw. Every label, annotation, comment and CI title passes through
 * here before it reaches `<Text>` or an OSC payload: a hostile alert label must never reach the
 * terminal as an escape sequence (Ink keeps OSC 8/52 and SGR sequences intact, and does nothing
 * to lone C0 controls such as CR or BEL).
 */

// C0 controls except TAB and LF, DEL, C1 controls, the line and paragraph separators, U+2065
// (unassigned, inside the bidi isolates' block) and every invisible format character (\p{Cf}):
// bidi embeddings/overrides/isolates, zero-width characters, LRM/RLM, ALM, BOM, the soft hyphen,
// the interlinear annotation marks and the TAG block. A list of chosen ones missed some, and any of
// them can hide or reorder text, or make two different names look the same.
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u2065\p{Cf}]/gu;
// Anything sanitize changes, TAB and LF included: most backend text has none, and one test of
// this lets it through untouched (rows of 10,000 alerts pass here on every render).
const CHANGED = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u2065\p{Cf}]/u;

function visible(c: string): string {
  if (c === '\x1b') return '␛';
  const code = c.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  // Outside the BMP (the TAG block) the four-digit form would name half a surrogate pair.
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Replaces control, bidi and invisible format characters with visible escapes (`␛`, `\x07`,
 * `\xad`, `\u202e`, `\u{e0041}`). Tabs become a space; newlines become `↵` unless `multiline` is set.
 */
export function sanitize(text: string, multiline = false): string {
  if (!CHANGED.test(text)) return text;
  const flat = text.replace(/\t/g, ' ');
  const lines = multiline ? flat : flat.replace(/\r?\n/g, '↵');
  return lines.replace(UNSAFE, visible);
}

/** Sanitizes every key and value of a label or annotation map. */
export function sanitizeRecord(record: Record<string, string>, multiline = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) out[sanitize(k)] = sanitize(v, multiline);
  return out;
}

/** True when the URL parses and uses http or https; anything else is never opened or linked. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A URL as a message may show it: without `user:password@`, query string or fragment, where
 * credentials ride (`?access_token=`, `#id_token=` of a login redirect). Works on text that is
 * not a valid URL too, since that is when a config error quotes it.
 */
export function urlForMessage(url: string): string {
  const [, scheme = '', authority = '', path = ''] = /^([^/?#\s]*:\/\/)?([^/?#]*)([^?#]*)/s.exec(url) ?? [];
  const at = authority.lastIndexOf('@');
  return `${scheme}${at < 0 ? authority : `***${authority.slice(at)}`}${path}`;
}
