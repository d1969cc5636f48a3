/**
 * Makes backend text safe to draw. Every label, annotation, comment and CI title passes through
 * here before it reaches `<Text>` or an OSC payload: a hostile alert label must never reach the
 * terminal as an escape sequence (Ink keeps OSC 8/52 and SGR sequences intact, and does nothing
 * to lone C0 controls such as CR or BEL).
 */

/**
 * Every character that draws nothing or changes how the text around it is drawn, as a regex
 * source (flag `v`): the line and paragraph separators, every invisible format character
 * (\p{Cf}: bidi embeddings/overrides/isolates, zero-width characters, LRM/RLM, ALM, BOM, the
 * soft hyphen, the interlinear annotation marks, the TAG block) and every default-ignorable one
 * outside it (the combining grapheme joiner U+034F, the Hangul fillers, the Khmer inherent
 * vowels, the Mongolian free variation selectors, variation selectors, unassigned ones such as
 * U+2065). A list of chosen ones missed some, and any of them can hide or reorder text, or make
 * two different names look the same (`checkout` and `checkout` + U+034F draw alike).
 *
 * The selectors and the joiner real text needs are left out here: {@link STRAY} escapes them
 * where they act on nothing.
 */
const INVISIBLE = String.raw`[\u2028\u2029[[\p{Cf}\p{Default_Ignorable_Code_Point}]--[\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F\u034F]]]`;

/**
 * The selectors and the joiner INVISIBLE leaves out, each escaped unless it follows (or, for a
 * keycap and the grapheme joiner, also precedes) the character it acts on: there it picks a
 * glyph and is drawn as part of it, the way a terminal measures it too; after anything else
 * nothing in it is drawn, and `checkout-2` + U+FE0F would look like `checkout-2`.
 * - U+FE0E/U+FE0F (text or emoji presentation) after an emoji. `#`, `*` and the digits are
 *   \p{Emoji} too, as keycap bases: after one the selector counts only in a keycap (`1️⃣`,
 *   with U+20E3 next), else `v1.2.3` + U+FE0F would hide it.
 * - U+FE00–U+FE0D (standardized variants) after an ideograph, a math symbol past ASCII (no
 *   `+`, `<`, `=`, `|` has a variant) or a Myanmar character (`∩` + U+FE00 is ∩ with serifs).
 * - U+E0100–U+E01EF (ideographic variation selectors) after an ideograph: Japanese names need
 *   them (`葛` + U+E0100 is the 葛 of 葛飾区, Katsushika).
 * - U+180B–U+180D, U+180F (Mongolian free variation selectors) after a Mongolian letter.
 * - U+034F (combining grapheme joiner) between two combining marks, where it keeps their order
 *   (Hebrew points); between letters or at the end it only hides.
 */
const STRAY = [
  String.raw`(?<!\p{Emoji})[\uFE0E\uFE0F]`,
  String.raw`(?<=[#*0-9])[\uFE0E\uFE0F](?!\u20E3)`,
  String.raw`(?<![\p{Ideographic}[\p{Sm}--\p{ASCII}]\p{Script=Myanmar}])[\uFE00-\uFE0D]`,
  String.raw`(?<!\p{Ideographic})[\u{E0100}-\u{E01EF}]`,
  String.raw`(?<![\p{Script=Mongolian}&&\p{L}])[\u180B-\u180D\u180F]`,
  String.raw`(?<!\p{M})\u034F|\u034F(?!\p{M})`,
].join('|');

/**
 * A regex (flag `v`, plus `flags`) matching `controls` (character-class ranges, such as
 * `\u0000-\u001F`) and every invisible character: the one set that what is drawn (sanitize),
 * JSON output, shell words and typed text escape or drop, so none of them lets through what
 * another would show escaped. A selector counts by its neighbours: match whole text, not pieces.
 */
export function unsafeChars(controls: string, flags = ''): RegExp {
  return new RegExp(`[${controls}]|${INVISIBLE}|${STRAY}`, `v${flags}`);
}

// C0 controls except TAB and LF, DEL, C1 controls, and every invisible character.
const UNSAFE = unsafeChars(String.raw`\u0000-\u0008\u000B-\u001F\u007F-\u009F`, 'g');
// Anything sanitize changes, TAB and LF included: most backend text has none, and one test of
// this lets it through untouched (rows of 10,000 alerts pass here on every render).
const CHANGED = unsafeChars(String.raw`\u0000-\u001F\u007F-\u009F`);

function visible(c: string): string {
  if (c === '\x1b') return '␛';
  const code = c.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  // Outside the BMP (the TAG block) the four-digit form would name half a surrogate pair.
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Replaces control, bidi and invisible characters with visible escapes (`␛`, `\x07`, `\xad`,
 * `\u202e`, `\u034f`, `\u{e0041}`). Tabs become a space; newlines become `↵` unless `multiline` is set.
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
 * The URL as it may be linked, opened or copied: its parsed form (what is not printable ASCII
 * percent-encoded), or null unless it is http(s) and holds nothing sanitize would change. Such
 * a character is never part of a real link, and the text drawn for the URL (sanitized, `\x07`,
 * `␛`) would be another URL than the one linked: the URL is then only shown, as text.
 */
export function webLink(url: string): string | null {
  return isWebUrl(url) && sanitize(url) === url ? new URL(url).href : null;
}

/**
 * A URL as a message may show it: without `user:password@`, query string or fragment, where
 * credentials ride (`?access_token=`, `#id_token=` of a login redirect). Works on text that is
 * not a valid URL too, since that is when a config error quotes it: with its scheme missing or
 * mistyped (`//admin:pw@host`, `https//admin:pw@host`, `https;//…`, `admin:pw@host`) the host
 * part is still what follows the first run of slashes (or the start, when an `@` comes first).
 * All of it after the scheme up to the last `@` of the whole text is masked, the user name too
 * (it may be a token): a password may hold `/`, `?` or `#` (`admin:pa/ss@host`), which would end
 * the host part inside the password, and no parse tells such a password from an `@` in a path
 * (`https://host/users/@me` loses its host in a message, which is only a message).
 */
export function urlForMessage(url: string): string {
  const lastAt = url.lastIndexOf('@');
  // What stands before the first slash is the scheme (however mistyped) only when it holds no
  // `@`: in `admin:pw@host` the `admin:` is the user.
  if (lastAt >= 0) {
    const lead = /^(?:[^/\\@]*(?=[/\\]))?[/\\]*/s.exec(url)?.[0] ?? '';
    const after = /^[^?#]*/s.exec(url.slice(lastAt))?.[0] ?? '';
    return `${lead}***${after}`;
  }
  return /^[^?#]*/s.exec(url)?.[0] ?? '';
}
