/**
 * Which regexes can take exponential time in JavaScript. RE2 (Prometheus' engine) matches in
 * linear time whatever the pattern; JavaScript backtracks, and some shapes make it try
 * exponentially many ways on a long enough value: a repeated group whose own length varies
 * (`(a+)+`, `(.*x){2}`, `(aa?)+`, `((a?){4}){4}`), and a repeated choice whose options can match
 * the same text (`(a|aa)+`, `(\w|\d)*`); more than four unbounded repetitions in one regex
 * (`.*a.*b.*c.*d.*`) make a polynomial of a degree a long label cannot afford either. These are
 * refused; other regexes backtrack at most like n⁴ on a value of n characters. A relabel regex of that shape from the Prometheus config once froze
 * the dashboard on a pending alert with thirty `a`s in a label (found by fuzzing).
 */

/** How a parsed group or the whole pattern looks to the check. */
interface Frame {
  /** Its length varies (a quantifier of variable count, or a choice between lengths). */
  varies: boolean;
  /** Something inside repeats without bound (`*`, `+`, `{n,}`). */
  unbounded: boolean;
  /** The product of the counts of repeated varying groups inside: how the tries multiply. */
  weight: number;
  /** Its alternatives; `literal` is the text an alternative matches when it is plain text, else null. */
  options: Array<{literal: string | null}>;
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

const frame = (): Frame => ({varies: false, unbounded: false, weight: 1, options: [{literal: ''}]});

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
      top().options.push({literal: ''});
      i++;
      continue;
    }
    let inner: Frame | null = null;
    let literal: string | null;
    if (c === ')' && stack.length > 1) {
      inner = stack.pop()!;
      literal = inner.options.length === 1 ? inner.options[0]!.literal : null;
      i++;
    } else {
      const a = atom(pattern, i);
      literal = a.literal;
      i += a.length;
    }
    const q = quantifier(pattern, i);
    i += q.length;
    if (q.max === Infinity && ++unbounded > MAX_UNBOUNDED) return MANY;
    // A choice between texts of different lengths, or texts that overlap, varies in length too.
    const overlapping = inner !== null && inner.options.length > 1 && !distinctLiterals(inner.options);
    const varies = inner !== null && (inner.varies || overlapping || new Set(inner.options.map((o) => o.literal?.length)).size > 1);
    const weight = inner === null ? 1 : varies && q.max > 1 ? inner.weight * q.max : inner.weight;
    if (overlapping && q.max >= MAX_WEIGHT) return CHOICE;
    if (inner && q.max > 1 && (inner.unbounded || (varies && weight >= MAX_WEIGHT))) return NESTED;
    const outer = top();
    outer.varies ||= q.varies || varies;
    outer.unbounded ||= q.max === Infinity || (inner?.unbounded ?? false);
    outer.weight = Math.max(outer.weight, weight);
    const current = outer.options[outer.options.length - 1]!;
    current.literal = q.length === 0 && literal !== null && current.literal !== null ? current.literal + literal : null;
  }
  return null;
}
