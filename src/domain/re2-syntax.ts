/**
 * RE2 (Go's `regexp`: Prometheus' and Alertmanager's engine) read as a JavaScript `u` regex, so
 * that `.` and a class match one code point as in RE2. JavaScript's syntax differs in places: the
 * common RE2-only forms (`(?P<name>`, leading `(?i)`-style flags, `\pL`, `\Q…\E`, `\z`,
 * `[[:alpha:]]`, `[[:^digit:]]`, escaped punctuation, a literal `{`) are rewritten, and where a
 * construct means something else in JavaScript (`\s`; `.`, which there also skips `\r`) it is
 * spelled out. What cannot be translated, or is not RE2 at all (lookaround, backreferences), is
 * refused with a reason, never matched otherwise. Used by relabel rules (`alert-relabel-regex.ts`)
 * and by the filter's matchers (`alert-filter.ts`), which anchor the result each as their engine
 * does.
 */

import {ownValue} from './own-value.ts';

/** The JavaScript source (for the `u` flag) of an RE2 pattern, or why there is none. */
export type Re2Translation = {ok: true; source: string} | {ok: false; reason: string};

// RE2's `\s` is ASCII whitespace without \v; JavaScript's adds \v and Unicode spaces.
const SPACE = '\\t\\n\\f\\r ';

type Ranges = ReadonlyArray<readonly [number, number]>;

// The same five as ranges: `\S` inside a class is every code point but these.
const SPACE_RANGES: Ranges = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];

// `[lo, hi]` pairs written as two characters each: `'09AZ'` is 0-9 and A-Z.
const pairs = (text: string): Ranges => (text.match(/[^]{2}/g) ?? []).map((two) => [two.codePointAt(0)!, two.codePointAt(1)!] as const);

// RE2's POSIX classes, ASCII only.
const POSIX: Readonly<Record<string, Ranges>> = {
  alnum: pairs('09AZaz'),
  alpha: pairs('AZaz'),
  ascii: [[0x00, 0x7f]],
  blank: pairs('\t\t  '),
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: pairs('09'),
  graph: pairs('!~'),
  lower: pairs('az'),
  print: pairs(' ~'),
  punct: pairs('!/:@[`{~'),
  space: pairs('\t\r  '),
  upper: pairs('AZ'),
  word: pairs('09AZaz__'),
  xdigit: pairs('09AFaf'),
};

class Unsupported extends Error {}

const point = (cp: number) => `\\u{${cp.toString(16)}}`;
const hex = (char: string) => point(char.codePointAt(0)!);
// RE2 lets any ASCII punctuation be escaped; JavaScript's `u` mode only some, so all become code points.
const literal = (char: string) => (/^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(char) ? hex(char) : char);

/** Translates one escape starting at `pattern[i]` (the backslash); returns its text and length. */
function escape(pattern: string, i: number, inClass: boolean): [string, number] {
  const c = pattern[i + 1];
  if (c === undefined) throw new Unsupported('it ends in a lone backslash');
  if (c === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    const quoted = pattern.slice(i + 2, end === -1 ? undefined : end);
    return [[...quoted].map(literal).join(''), (end === -1 ? pattern.length : end + 2) - i];
  }
  if (c === 'p' || c === 'P') {
    const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(pattern.slice(i + 2));
    const name = braced ? braced[2]! : /^[A-Za-z]/.exec(pattern.slice(i + 2))?.[0];
    if (name === undefined) throw new Unsupported(`\\${c} needs a class name`);
    const negated = (c === 'P') !== (braced?.[1] === '^');
    // One or two letters is a general category (L, Lu); anything else a script (Greek).
    const property = /^[A-Z][a-z]?$/.test(name) || name === 'Any' ? name : `Script=${name}`;
    return [`\\${negated ? 'P' : 'p'}{${property}}`, 2 + (braced ? braced[0].length : 1)];
  }
  if (c === 'x') {
    const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(i + 2));
    if (braced) return [`\\u{${braced[1]}}`, 2 + braced[0].length];
    const two = /^[0-9A-Fa-f]{2}/.exec(pattern.slice(i + 2));
    if (two) return [`\\x${two[0]}`, 4];
    throw new Unsupported('\\x needs two hex digits or {hex}');
  }
  if (/[0-7]/.test(c)) {
    const octal = /^[0-7]{1,3}/.exec(pattern.slice(i + 1))![0];
    if (c !== '0' && octal.length === 1) throw new Unsupported(`backreferences (\\${c}) are not RE2`);
    return [hex(String.fromCodePoint(parseInt(octal, 8))), 1 + octal.length];
  }
  if (c === 's') return [inClass ? SPACE : `[${SPACE}]`, 2];
  if (c === 'S') return [inClass ? rangesText(complement(SPACE_RANGES)) : `[^${SPACE}]`, 2];
  if (!inClass && c === 'A') return ['^', 2];
  if (!inClass && c === 'z') return ['$', 2];
  if (!inClass && (c === 'b' || c === 'B')) return [`\\${c}`, 2];
  if (c === 'a') return ['\\x07', 2];
  if ('dDwWfnrtv'.includes(c)) return [`\\${c}`, 2];
  // JavaScript's own syntax characters stay as written (`\.`), readable in the regex shown.
  if (/^[$()*+./?[\\\]^{|}]$/.test(c) || (inClass && c === '-')) return [`\\${c}`, 2];
  // RE2 takes any other escaped ASCII character but a letter or digit as itself (`\ `, `\:`).
  if (/^[\x00-\x7f]$/.test(c) && !/^[A-Za-z0-9]$/.test(c)) return [hex(c), 2];
  throw new Unsupported(`\\${c} is not supported`);
}

/** `ranges` as the inside of a class, each end a code point escape. */
function rangesText(ranges: Ranges): string {
  return ranges.map(([lo, hi]) => (lo === hi ? point(lo) : `${point(lo)}-${point(hi)}`)).join('');
}

/** The code points outside `ranges` (for `[:^alpha:]` and `\S` inside a class). */
function complement(ranges: Ranges): Ranges {
  const out: Array<readonly [number, number]> = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

/**
 * The last item of a character class, as RE2 reads `-` after it: `open` nothing yet, `class` a
 * class (`\d`, `\pL`, `[:alpha:]`), after which `-` is a character; `lo` a character, after which
 * `-` and another character make a range; `dash` that range's `-`; `done` a range.
 */
type ClassStep = 'open' | 'class' | 'lo' | 'dash' | 'done';

// Escapes that stand for a class, not one character.
const CLASS_ESCAPES = 'dDwWsSpP';

/** The step after one more item (`text`, a class or a character); a class cannot end a range. */
function classStep(step: ClassStep, isClass: boolean, text: string): ClassStep {
  if (step === 'dash') {
    if (isClass) throw new Unsupported(`a range cannot end in a class (-${text})`);
    return 'done';
  }
  return isClass ? 'class' : 'lo';
}

/**
 * RE2 syntax to JavaScript (`u` mode), or throws {@link Unsupported}. `dotAll`: whether the `s`
 * flag is in force around the pattern (a relabel rule's `(?s:…)`), so that `.` is any character.
 */
function translate(pattern: string, dotAll: boolean): string {
  let out = '';
  let i = 0;
  // Without `s`, RE2's `.` is any character but `\n`; JavaScript's also skips `\r`, U+2028 and
  // U+2029, so it is written `[^\n]` there. `dot` is whether `s` is in force at `i`, `outer` its
  // value outside each group open there (a group's flags end with it).
  let dot = dotAll;
  const outer: boolean[] = [];
  // Leading flags apply to the whole regex: a modifier group over all of it.
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  let close = '';
  if (leading) {
    if (leading[1]!.includes('U')) throw new Unsupported('the U (ungreedy) flag has no JavaScript equivalent');
    out = `(?${[...new Set(leading[1])].join('')}:`;
    dot ||= leading[1]!.includes('s');
    close = ')';
    i = leading[0].length;
  }
  let inClass = false;
  // Where a class stands in its item list, as RE2 reads it (`lo` a character that may start a
  // range, `dash` a range's `-`), see {@link ClassStep}.
  let step = 'open' as ClassStep;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const rest = pattern.slice(i);
    if (c === '\\') {
      const [text, length] = escape(pattern, i, inClass);
      if (inClass) step = classStep(step, CLASS_ESCAPES.includes(pattern[i + 1]!), rest.slice(0, length));
      out += text;
      i += length;
    } else if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest);
      if (posix) {
        const range = ownValue(POSIX, posix[2]!);
        if (range === undefined) throw new Unsupported(`${posix[0]} is not supported`);
        step = classStep(step, true, posix[0]);
        out += rangesText(posix[1] === '^' ? complement(range) : range);
        i += posix[0].length;
      } else if (c === '-' && step === 'class' && rest[1] !== ']') {
        // RE2 reads a `-` after a class (`[\w-.]`) as itself: written so, since JavaScript's `u`
        // mode refuses it there and the spelled-out `\s` or `[:blank:]` would make it a range.
        out += '\\-';
        step = 'lo';
        i++;
      } else {
        if (c === ']') inClass = false;
        else step = c === '-' && step === 'lo' && rest[1] !== ']' ? 'dash' : classStep(step, false, c);
        out += c === '[' ? '\\[' : c;
        i++;
      }
    } else if (c === '[') {
      // A `]` first in a class is a literal in RE2.
      const open = /^\[\^?\]?/.exec(rest)![0];
      out += open.endsWith(']') ? `${open.slice(0, -1)}\\]` : open;
      inClass = true;
      step = open.endsWith(']') ? 'lo' : 'open';
      i += open.length;
    } else if (c === '(' && rest.startsWith('(?')) {
      const group = /^\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|([imsU-]*):)/.exec(rest);
      if (!group) throw new Unsupported(`${rest.slice(0, 4)}… is not RE2 or not supported (lookaround, inline flags inside the regex)`);
      if (group[2]?.includes('U')) throw new Unsupported('the U (ungreedy) flag has no JavaScript equivalent');
      out += group[1] !== undefined ? `(?<${group[1]}>` : group[0];
      outer.push(dot);
      const [on = '', off = ''] = (group[2] ?? '').split('-');
      dot = off.includes('s') ? false : on.includes('s') || dot;
      i += group[0].length;
    } else if (c === '{') {
      const repeat = /^\{\d+(,\d*)?\}/.exec(rest);
      out += repeat ? repeat[0] : '\\{';
      i += repeat ? repeat[0].length : 1;
    } else {
      if (c === '(') outer.push(dot);
      if (c === ')') dot = outer.pop() ?? dot;
      out += c === '}' || c === ']' ? `\\${c}` : c === '.' && !dot ? '[^\\n]' : c;
      i++;
    }
  }
  if (inClass) throw new Unsupported('a character class is not closed');
  return out + close;
}

/**
 * `pattern` (RE2) as the source of a JavaScript `u` regex, not anchored; or why it cannot be.
 * `dotAll`: the caller wraps the source in `(?s:…)`, as relabel rules are read.
 */
export function translateRe2(pattern: string, {dotAll = false}: {dotAll?: boolean} = {}): Re2Translation {
  try {
    return {ok: true, source: translate(pattern, dotAll)};
  } catch (error) {
    if (error instanceof Unsupported) return {ok: false, reason: error.message};
    throw error;
  }
}
