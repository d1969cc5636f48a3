/**
 * Which regexes can take exponential time in JavaScript. RE2 (Prometheus' engine) matches in
 * linear time whatever the pattern; JavaScript backtracks, and two shapes make it try
 * exponentially many ways on a long enough value: a repeated group whose own length varies
 * (`(a+)+`, `(.*x)*`, `(aa?)+`), and a repeated choice whose options can match the same text
 * (`(a|aa)+`, `(\w|\d)*`). Both are refused; a regex of other shapes backtracks at most
 * polynomially, which label-sized values afford. A relabel regex of that shape from the Prometheus config once froze
 * the dashboard on a pending alert with thirty `a`s in a label (found by fuzzing).
 */

/** How a parsed group or the whole pattern looks to the check. */
interface Frame {
  /** Something inside has a quantifier of variable length (`?`, `*`, `+`, `{1,3}`). */
  varies: boolean;
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

/**
 * The quantifier at `pattern[i]`, if any: its length, whether it repeats (unbounded, or ten
 * times or more) and whether the length it matches varies (`?`, `*`, `+`, `{1,3}`, not `{2}`).
 */
function quantifier(pattern: string, i: number): {length: number; repeats: boolean; varies: boolean} {
  const m = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(pattern.slice(i));
  if (!m) return {length: 0, repeats: false, varies: false};
  const [text, min, comma, max] = m;
  if (text[0] !== '{') return {length: text.length, repeats: text[0] !== '?', varies: true};
  const upper = comma === undefined ? Number(min) : max === '' ? Infinity : Number(max);
  return {length: text.length, repeats: upper >= 10, varies: upper !== Number(min)};
}

/** True when no option is plain text that is a prefix of another (so only one can match at a time). */
function distinctLiterals(options: Frame['options']): boolean {
  const texts = options.map((o) => o.literal);
  if (texts.some((t) => t === null || t === '')) return false;
  return texts.every((a, i) => texts.every((b, j) => i === j || !b!.startsWith(a!)));
}

/**
 * Why `pattern` (JavaScript syntax, as the relabel translation writes it) risks exponential
 * backtracking, or `null` when it does not.
 */
export function backtrackingRisk(pattern: string): string | null {
  const stack: Frame[] = [{varies: false, options: [{literal: ''}]}];
  const top = () => stack[stack.length - 1]!;
  const option = () => top().options[top().options.length - 1]!;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '(') {
      const prefix = /^\((?:\?(?:<[A-Za-z_]\w*>|[imsu-]*:))?/.exec(pattern.slice(i))![0];
      stack.push({varies: false, options: [{literal: ''}]});
      i += prefix.length;
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
    if (inner && q.repeats && inner.varies) return 'nested repetition (a repeated group whose length varies, like (a+)+)';
    if (inner && q.repeats && inner.options.length > 1 && !distinctLiterals(inner.options)) {
      return 'a repeated choice between overlapping options (like (a|aa)+)';
    }
    // A choice between texts of different lengths, or texts that overlap, varies in length too.
    const choiceVaries = inner !== null && inner.options.length > 1 && (!distinctLiterals(inner.options) || new Set(inner.options.map((o) => o.literal?.length)).size > 1);
    if (q.varies || inner?.varies || choiceVaries) top().varies = true;
    const current = option();
    current.literal = q.length === 0 && literal !== null && current.literal !== null ? current.literal + literal : null;
  }
  return null;
}
