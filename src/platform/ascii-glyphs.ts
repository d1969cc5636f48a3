/**
 * Text for a terminal that cannot show UTF-8 (a bastion's tmux with `LANG=C`): every character
 * becomes printable ASCII of the same display width, so a frame laid out for Unicode keeps its
 * columns. Escape sequences pass through untouched; only the text between them changes.
 *
 * Width is measured as the renderer measures it (string-width, per grapheme cluster):
 * - a known glyph gets a fallback that keeps its meaning (the table below);
 * - a letter with accents, or a character with an ASCII compatibility form, its base (`é` → `e`,
 *   `¹` → `1`, a no-break space → a space);
 * - any other character `?` per cell (`中` → `??`), and one of no width (a combining mark, a
 *   zero-width joiner, a variation selector) nothing.
 */
import stringWidth from 'string-width';

/**
 * The fallbacks of known glyphs, one cell each. Chosen to read in a table cell: status marks keep
 * their shape or sense (`✔` `+`, `✖` `x`, `⚠` `!`, `▲` `^`), the sparkline's eighth blocks rise
 * `_ . - = + * % #` (so a burn's shape survives), arrows point the same way, `…` (cut text)
 * is `~`, `∞` is `*` (never a digit: a number that is not there would be untrue).
 * Box drawing is handled by {@link boxFallback}.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  // Status marks.
  '✔': '+', '✓': '+', '✖': 'x', '✗': 'x', '✘': 'x', '⚠': '!', '⚑': '!', '▲': '^', '▴': '^', '▼': 'v', '▾': 'v',
  '●': '*', '•': '*', '◆': '*', '◇': 'o', '○': 'o', '◐': 'o', '◑': 'o', '◔': 'o', '■': '#', '□': 'o', '✎': '/', '↻': 'o', '‖': '|',
  // Pointers and arrows.
  '▶': '>', '▸': '>', '►': '>', '›': '>', '»': '>', '◀': '<', '◂': '<', '◄': '<', '‹': '<', '«': '<',
  '→': '>', '⇒': '>', '←': '<', '⇐': '<', '↑': '^', '⇡': '^', '↓': 'v', '⇣': 'v', '↔': '-', '↶': '<', '↵': '/', '⏎': '/',
  // Sparkline eighths, rising, and bars.
  '▁': '_', '▂': '.', '▃': '-', '▄': '=', '▅': '+', '▆': '*', '▇': '%', '█': '#', '░': ':', '▒': '%', '▓': '#',
  // Punctuation and mathematics.
  '…': '~', '—': '-', '–': '-', '−': '-', '‐': '-', '‑': '-', '‒': '-', '―': '-', '·': '.', '×': 'x', '÷': '/',
  '≤': '<', '≥': '>', '≈': '~', '≠': '#', '∞': '*', '±': '+', '§': 'S', '°': 'o', '‘': "'", '’': "'", '‚': ',', '“': '"', '”': '"', '„': '"',
  // What sanitize() shows for an escape character in backend text.
  '␛': '^',
};

/** Box drawing (U+2500–U+257F): lines by direction, double horizontals `=`, corners and crossings `+`. */
function boxFallback(code: number): string | null {
  if (code < 0x2500 || code > 0x257f) return null;
  if (code === 0x2550) return '=';
  if (code === 0x2571) return '/';
  if (code === 0x2572) return '\\';
  if (code === 0x2573) return 'X';
  // ─ ━ and the dashed horizontals, the half lines pointing left or right.
  if ([0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254c, 0x254d, 0x2574, 0x2576, 0x2578, 0x257a, 0x257c, 0x257e].includes(code)) return '-';
  // │ ┃ ║ and the dashed verticals, the half lines pointing up or down.
  if ([0x2502, 0x2503, 0x2506, 0x2507, 0x250a, 0x250b, 0x254e, 0x254f, 0x2551, 0x2575, 0x2577, 0x2579, 0x257b, 0x257d, 0x257f].includes(code)) return '|';
  return '+';
}

const PRINTABLE = /^[\x20-\x7e]$/;

/** The one-cell ASCII stand-in of a grapheme cluster, decided by its first character, or null. */
function fallbackOf(cluster: string): string | null {
  const first = String.fromCodePoint(cluster.codePointAt(0)!);
  // A letter with combining marks keeps its letter.
  if (PRINTABLE.test(first)) return first;
  const known = GLYPHS[first] ?? boxFallback(first.codePointAt(0)!);
  if (known !== undefined && known !== null) return known;
  // Compatibility decomposition without marks: é → e, ¹ → 1, ℌ → H, a no-break space → a space.
  const base = first.normalize('NFKD').replace(/\p{M}/gu, '');
  return PRINTABLE.test(base) ? base : null;
}

/** The ASCII form of one grapheme cluster, as wide as string-width measures it. */
function clusterAscii(cluster: string): string {
  // ASCII stays as it is, controls and CR LF included: they belong to the renderer.
  if (/^[\x00-\x7f]*$/.test(cluster)) return cluster;
  const width = stringWidth(cluster);
  if (width <= 0) return '';
  const fallback = fallbackOf(cluster);
  // A wide character with a known fallback (an emoji-style `⚠️`) keeps it, padded.
  return fallback === null ? '?'.repeat(width) : fallback + ' '.repeat(width - 1);
}

/**
 * Replacements already worked out, by cluster: a frame draws the same few glyphs over and over,
 * and measuring one outside ASCII costs string-width tens of microseconds. A memo of a pure
 * function, bounded: past the bound it starts afresh.
 */
const done = new Map<string, string>();
const DONE_MAX = 4096;

function cachedAscii(cluster: string): string {
  let out = done.get(cluster);
  if (out === undefined) {
    out = clusterAscii(cluster);
    if (done.size >= DONE_MAX) done.clear();
    done.set(cluster, out);
  }
  return out;
}

/**
 * Whether every code unit of `text` is a grapheme cluster of its own: ASCII, or a character from
 * the blocks the dashboard draws from that never joins a neighbour (Latin-1 and Latin Extended,
 * general punctuation, arrows, technical symbols, box drawing, blocks, shapes, dingbats,
 * braille; no mark, joiner, selector or surrogate). Such text needs no segmenting.
 */
function loneUnits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0x2ff) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x2190 && c <= 0x23ff) || (c >= 0x2500 && c <= 0x27bf) || (c >= 0x2800 && c <= 0x28ff)) continue;
    return false;
  }
  return true;
}

/** `plain`'s clusters, with their offsets: one per code unit when that is what they are. */
function* clusters(plain: string): Generator<{segment: string; index: number}> {
  if (loneUnits(plain)) {
    for (let i = 0; i < plain.length; i++) yield {segment: plain[i]!, index: i};
  } else yield* (segmenter ??= new Intl.Segmenter()).segment(plain);
}

/**
 * Escape sequences: CSI (`ESC [` … final byte), OSC, DCS, SOS, PM and APC strings (to BEL or
 * `ESC \`, or to the end of the text when unterminated), and two- or three-byte `ESC` sequences.
 */
const ESCAPE = /\x1b(?:\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\|$)|[\x20-\x2f]*[\x30-\x7e])/g;

// Made at first need: a command whose output is all ASCII (or UTF-8) never pays for it.
let segmenter: Intl.Segmenter | undefined;

/**
 * `text` with every character outside ASCII replaced by printable ASCII of the same display
 * width; escape sequences (SGR colours, OSC 8 links) are kept byte for byte. Grapheme clusters
 * are found in the text with its escapes taken out, as string-width finds them, and an escape
 * that fell inside a cluster follows that cluster's replacement.
 */
export function toAscii(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  const escapes: Array<{at: number; seq: string}> = [];
  let plain = '';
  let last = 0;
  for (const m of text.matchAll(ESCAPE)) {
    plain += text.slice(last, m.index);
    escapes.push({at: plain.length, seq: m[0]});
    last = m.index + m[0].length;
  }
  plain += text.slice(last);
  let out = '';
  let next = 0;
  for (const {segment, index} of clusters(plain)) {
    // Escapes before this cluster, then the cluster, then escapes that were inside it.
    while (next < escapes.length && escapes[next]!.at <= index) out += escapes[next++]!.seq;
    out += segment.charCodeAt(0) < 0x80 && segment.length === 1 ? segment : cachedAscii(segment);
    while (next < escapes.length && escapes[next]!.at < index + segment.length) out += escapes[next++]!.seq;
  }
  while (next < escapes.length) out += escapes[next++]!.seq;
  return out;
}
