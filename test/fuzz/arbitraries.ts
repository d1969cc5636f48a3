/**
 * Shared generators of the fuzz tests: hostile text (what a compromised or broken backend could
 * put in a label, a CI title, an SLO name), arbitrary JSON and bytes, and mutations of a valid
 * answer (one node replaced, removed or retyped), which reach far deeper into a decoder than
 * random JSON, most of which fails at the first field.
 */
import fc from 'fast-check';

const chr = (code: number) => String.fromCharCode(code);

/** Escape sequences a terminal acts on, ready-made: screen clear, SGR, alternate screen, title, OSC 52, OSC 8. */
export const ESCAPES = [
  '\x1b[2J',
  '\x1b[31;1m',
  '\x1b[?1049h',
  '\x1b]0;pwned\x07',
  '\x1b]52;c;ZWNobyBoaQ==\x07',
  '\x1b]52;c;cm0gLXJmIH4=\x1b\\',
  '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\',
  '\x9b2J',
  '\x9d52;c;ZWNobyBoaQ==\x9c',
] as const;

/**
 * Bidi embeddings, overrides and isolates, and invisible format characters sanitize() escapes,
 * beyond the bidi ones too (\p{Cf}: the soft hyphen, the Mongolian vowel separator, ZWJ, the
 * TAG block, a musical formatting mark, outside the BMP as two code units).
 */
export const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c', '\u200b', '\u200e', '\u200f', '\u2028', '\u2029', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u200d', '\u2065', '\u{e0041}', '\u{e007f}', '\u{1d173}'] as const;

/** One hostile piece: a C0 or C1 control, DEL, an escape sequence, or a bidi/invisible character. */
export const hostilePiece: fc.Arbitrary<string> = fc.oneof(
  fc.integer({min: 0, max: 0x1f}).map(chr),
  fc.constant('\x7f'),
  fc.integer({min: 0x80, max: 0x9f}).map(chr),
  fc.constantFrom(...ESCAPES),
  fc.constantFrom(...BIDI),
);

/** One character or piece of text of any kind, hostile ones well represented. */
export const textUnit: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 8}), weight: 4},
  {arbitrary: hostilePiece, weight: 3},
  {arbitrary: fc.string({unit: 'binary', minLength: 1, maxLength: 3}), weight: 1},
);

/** Text with at least one hostile piece in it, between ordinary text. */
export const hostileText: fc.Arbitrary<string> = fc
  .tuple(fc.string({maxLength: 12}), hostilePiece, fc.array(textUnit, {maxLength: 5}))
  .map(([head, piece, rest]) => `${head}${piece}${rest.join('')}`);

/**
 * Names of what every plain object inherits: a backend string used as a key into a lookup table
 * (`services[name]`, `STATUS[word]`) must not find these.
 */
export const INHERITED = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString'] as const;

/** Any text: empty, ordinary, Unicode, hostile, or the name of an inherited property. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: fc.string({maxLength: 20}), weight: 3},
  {arbitrary: hostileText, weight: 3},
  {arbitrary: fc.string({unit: 'binary', maxLength: 12}), weight: 1},
  {arbitrary: fc.constantFrom(...INHERITED), weight: 1},
);

/** Any JSON value (bounded depth), its strings drawn from {@link textUnit}. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({maxDepth: 4, stringUnit: textUnit});

/** Any bytes at all, as a body would arrive on the wire. */
export const anyBytes: fc.Arbitrary<Uint8Array> = fc.uint8Array({maxLength: 400});

/**
 * JSON text that went wrong on the way: the text of a value, cut short at some point and maybe
 * with one byte overwritten (a truncated answer, a proxy that garbled a byte).
 */
export function brokenJson(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.tuple(value, fc.nat(), fc.option(fc.tuple(fc.nat(), fc.integer({min: 0, max: 0xff})))).map(([v, cut, flip]) => {
    const text = JSON.stringify(v) ?? 'null';
    const cutText = text.slice(0, text.length === 0 ? 0 : cut % (text.length + 1));
    if (flip === null || cutText.length === 0) return cutText;
    const at = flip[0] % cutText.length;
    return `${cutText.slice(0, at)}${chr(flip[1])}${cutText.slice(at + 1)}`;
  });
}

type Step = {pick: number; op: 'replace' | 'delete' | 'wrap' | 'null'; by: unknown};

function childKeys(node: unknown): Array<string | number> {
  if (Array.isArray(node)) return node.map((_, i) => i);
  if (node !== null && typeof node === 'object') return Object.keys(node);
  return [];
}

/** Applies one mutation at a node chosen by `path` (indexes taken modulo the children). */
function mutate(root: unknown, path: number[], step: Step): unknown {
  const copy = structuredClone(root);
  let parent: Record<string | number, unknown> | null = null;
  let key: string | number | null = null;
  let node: unknown = copy;
  for (const n of path) {
    const keys = childKeys(node);
    if (keys.length === 0) break;
    parent = node as Record<string | number, unknown>;
    key = keys[n % keys.length]!;
    node = parent[key];
  }
  const next = step.op === 'replace' ? step.by : step.op === 'wrap' ? [node] : null;
  if (parent === null || key === null) return step.op === 'delete' ? undefined : next;
  if (step.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    parent[key] = next;
  }
  return copy;
}

/** A valid answer with one to three nodes replaced by arbitrary JSON, removed, wrapped in a list or nulled. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const step = fc.record({pick: fc.nat(), op: fc.constantFrom('replace', 'delete', 'wrap', 'null'), by: anyJson}) as fc.Arbitrary<Step>;
  const change = fc.tuple(fc.array(fc.nat(), {minLength: 1, maxLength: 6}), step);
  return fc.tuple(valid, fc.array(change, {minLength: 1, maxLength: 3})).map(([value, changes]) => changes.reduce((v, [path, s]) => mutate(v, path, s), value));
}

/** What a decoder may be handed: a mutated valid answer, arbitrary JSON, or a valid answer as is. */
export function decoderInput(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({arbitrary: mutated(valid), weight: 5}, {arbitrary: anyJson, weight: 2}, {arbitrary: valid, weight: 2});
}

/** An ISO timestamp between 2020 and 2030, as backends send them. */
export const isoTime: fc.Arbitrary<string> = fc.integer({min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1)}).map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z'));

/** A label or annotation map whose names and values may be hostile. */
export const hostileLabels: fc.Arbitrary<Record<string, string>> = fc.dictionary(fc.oneof(fc.constantFrom('alertname', 'service', 'severity', 'instance', 'runbook_url', 'summary'), anyText), anyText, {maxKeys: 6});
