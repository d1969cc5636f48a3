/**
 * Which regexes can take exponential time in JavaScript. RE2 (Prometheus' engine) matches in
 * linear time whatever the pattern; JavaScript backtracks, and some shapes make it try
 * exponentially many ways on a long enough value: a repeated group whose own length varies
 * (`(a+)+`, `(.*x){2}`, `(aa?)+`, `((a?){4}){4}`), and a repeated choice whose options can match
 * the same text (`(a|aa)+`, `(\w|\d)*`); more than four unbounded repetitions in one regex
 * (`.*a.*b.*c.*d.*`) make a polynomial of a degree a long label cannot afford either. These are
 * refused; other regexes backtrack at most like n⁴ on a value of n characters. A relabel regex of that shape from the Prometheus config once froze
 * the dashboard on a pending alert with thirty `a`s in a label (found by fuzzing).
 *
 * A repeated group whose parts are kept apart by fixed characters is linear, and common in
 * label regexes: `(-[a-z]+)*`, `([0-9]+\.){3}`, `([a-z0-9]+\.)+`. Each varying part ends where a
 * character it cannot match stands (`-` is not in `[a-z]`), so a value splits one way only. Such a
 * group is accepted; `(\w+-?)+` or `([a-z0-9-]+\.?)+` are not, their separator being optional.
 */

/** How a parsed group or the whole pattern looks to the check. */
interface Frame {
  /** Its length varies (a quantifier of variable count, or a choice between lengths). */
  varies: boolean;
  /** Something inside repeats without bound (`*`, `+`, `{n,}`). */
  unbounded: boolean;
  /** The product of the counts of repeated varying groups inside: how the tries multiply. */
  weight: number;
  /**
   * Its alternatives; `literal` is the text an alternative matches when it is plain text, else
   * null; `parts` its atoms in order, or null once it holds a group.
   */
  options: Array<{literal: string | null; parts: Part[] | null}>;
}

/** One atom of an alternative, with its quantifier. */
interface Part {
  /** The atom's source text (`[a-z]`, `\.`, `-`). */
  text: string;
  /** The one character it matches when it is unquantified plain text (`-`, `\.`), else null. */
  fixed: string | null;
  /** Its quantifier lets its count vary (`+`, `*`, `?`, `{1,3}`). */
  varies: boolean;
}

/** The atom at `pattern[i]` (escape, class, or one character): its length and literal text, if any. */
function atom(pattern: string, i: number): {length: number; literal: string | null} {
  const c = pattern[i]!;
  if (c === '\\') {
    const braced = /^\\[upP]\{[^}]*\}/.exec(pattern.slice(i));
    if (braced) return {length: braced[0].length, literal: braced[0][1] === 'u' ? String.fromCodePoint(parseInt(braced[0].slice(3, -1), 16)) : null};
    const hex = /^\\x[0-9A-Fa-f]{2}/.exec(pattern.slice(i));
    if (hex) return {length: 4, literal: String.fromCharCode(parseInt(hex[0].slice(2), 16))};
    return {length: 2, literal: null};
  }
  if (c === '[') {
    let j = i + 1;
    while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
    return {length: j + 1 - i, literal: null};
  }
  return {length: 1, literal: c === '.' || c === '^' || c === '$' ? null : c};
}

/** The quantifier at `pattern[i]`, if any: its length, its maximum count, and whether the count varies. */
function quantifier(pattern: string, i: number): {length: number; max: number; varies: boolean} {
  const m = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(pattern.slice(i));
  if (!m) return {length: 0, max: 1, varies: false};
  const [text, min, comma, max] = m;
  if (text[0] !== '{') return {length: text.length, max: text[0] === '?' ? 1 : Infinity, varies: true};
  const upper = comma === undefined ? Number(min) : max === '' ? Infinity : Number(max);
  return {length: text.length, max: upper, varies: upper !== Number(min)};
}

/** True when no option is plain text that is a prefix of another (so only one can match at a time). */
function distinctLiterals(options: Frame['options']): boolean {
  const texts = options.map((o) => o.literal);
  if (texts.some((t) => t === null || t === '')) return false;
  return texts.every((a, i) => texts.every((b, j) => i === j || !b!.startsWith(a!)));
}

const NESTED = 'nested repetition (a repeated group whose length varies, like (a+)+)';
const CHOICE = 'a repeated choice between overlapping options (like (a|aa)+)';
const MANY = 'more than four unbounded repetitions (*, + or {n,})';
// Repetitions of varying groups multiplied together: (a?){9} is 2⁹ tries, ((a?){9}){9} is 2⁸¹.
const MAX_WEIGHT = 10;
const MAX_UNBOUNDED = 4;

const frame = (): Frame => ({varies: false, unbounded: false, weight: 1, options: [{literal: '', parts: []}]});

/** The one character an unquantified atom matches, if it is plain or escaped punctuation (`-`, `\.`). */
function fixedChar(text: string, literal: string | null): string | null {
  if (literal !== null) return literal.length === 1 ? literal : null;
  return /^\\[^A-Za-z0-9]$/.test(text) ? text[1]! : null;
}

/**
 * Whether atom `text` could match `ch`. Tried case-insensitively, with and without the `u` flag,
 * so that a `(?i:…)` around it or either reading of an escape counts; when unsure, it could.
 */
function canMatch(text: string, ch: string): boolean {
  if (text === '.' || /^\\(?:\d|k)/.test(text)) return true;
  let compiled = false;
  for (const flags of ['iu', 'i']) {
    try {
      if (new RegExp(text, flags).test(ch)) return true;
      compiled = true;
    } catch {
      // Not valid with these flags; the other reading decides.
    }
  }
  return !compiled;
}

/**
 * True when a repeated alternative splits a value one way only: every part whose count varies is
 * followed by a fixed character it cannot match, the last one by the first part of the next round.
 */
function separated(parts: Part[] | null): boolean {
  if (parts === null || parts.length === 0) return false;
  return parts.every((part, k) => {
    if (!part.varies) return true;
    const next = k + 1 < parts.length ? parts[k + 1]! : parts[0]!;
    return next.fixed !== null && !next.varies && !canMatch(part.text, next.fixed);
  });
}

/**
 * Why `pattern` (JavaScript syntax, as the relabel translation writes it) risks exponential
 * backtracking, or `null` when it does not.
 */
export function backtrackingRisk(pattern: string): string | null {
  const stack: Frame[] = [frame()];
  const top = () => stack[stack.length - 1]!;
  let unbounded = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '(') {
      i += /^\((?:\?(?:<[A-Za-z_]\w*>|[imsu-]*:))?/.exec(pattern.slice(i))![0].length;
      stack.push(frame());
      continue;
    }
    if (c === '|') {
      top().options.push({literal: '', parts: []});
      i++;
      continue;
    }
    let inner: Frame | null = null;
    let literal: string | null;
    let text = '';
    if (c === ')' && stack.length > 1) {
      inner = stack.pop()!;
      literal = inner.options.length === 1 ? inner.options[0]!.literal : null;
      i++;
    } else {
      const a = atom(pattern, i);
      literal = a.literal;
      text = pattern.slice(i, i + a.length);
      i += a.length;
    }
    const q = quantifier(pattern, i);
    i += q.length;
    if (q.max === Infinity && ++unbounded > MAX_UNBOUNDED) return MANY;
    // A choice between texts of different lengths, or texts that overlap, varies in length too.
    const overlapping = inner !== null && inner.options.length > 1 && !distinctLiterals(inner.options);
    const varies = inner !== null && (inner.varies || overlapping || new Set(inner.options.map((o) => o.literal?.length)).size > 1);
    // Rounds kept apart by fixed characters do not multiply the tries (see the top of the file).
    const apart = inner !== null && inner.options.length === 1 && inner.weight === 1 && separated(inner.options[0]!.parts);
    const weight = inner === null ? 1 : varies && q.max > 1 && !apart ? inner.weight * q.max : inner.weight;
    if (overlapping && q.max >= MAX_WEIGHT) return CHOICE;
    if (inner && q.max > 1 && !apart && (inner.unbounded || (varies && weight >= MAX_WEIGHT))) return NESTED;
    const outer = top();
    outer.varies ||= q.varies || varies;
    outer.unbounded ||= q.max === Infinity || (inner?.unbounded ?? false);
    outer.weight = Math.max(outer.weight, weight);
    const current = outer.options[outer.options.length - 1]!;
    current.literal = q.length === 0 && literal !== null && current.literal !== null ? current.literal + literal : null;
    if (inner !== null) current.parts = null;
    else current.parts?.push({text, fixed: q.length === 0 ? fixedChar(text, literal) : null, varies: q.varies});
  }
  return null;
}
