/**
 * `ctx=` in a pane's `/` filter: `ctx=prod-eu`, `ctx!=prod-eu`, `ctx=~"prod-.*"`, `ctx!~"dev.*"`
 * (also `@ctx`, as `@state` is written), in the matcher syntax of the alert filter. These
 * matchers choose contexts, not rows: they are taken out of the text before a context's own filter
 * (label matchers, free words) sees it, and decide which contexts' rows the merged table keeps.
 * The text is read token by token with the alert filter's own readers, so a label such as
 * `context=payments` stays a label matcher and ` ctx=` inside a quoted value stays in that value.
 * Parsing never throws: a bad regex is an error value shown under the box.
 */
import {compileMatcherRegex, isSeparator, readBare, readNameOp, readQuoted, unbraced} from './alert-filter.ts';

/** One parsed context matcher; `regex` is the anchored pattern for `=~` and `!~`. */
export interface ContextMatcher {
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  regex: RegExp | null;
}

/** The filter text split: the context matchers, the rest for the context's own filter, and a parse error. */
export interface ContextFilter {
  matchers: ContextMatcher[];
  rest: string;
  error: string | null;
}

const isContextName = (name: string): boolean => name === 'ctx' || name === '@ctx';

/** Splits `text` into its context matchers and the rest. */
export function splitContextFilter(text: string): ContextFilter {
  const src = unbraced(text);
  const matchers: ContextMatcher[] = [];
  const cuts: Array<[number, number]> = [];
  let error: string | null = null;
  let i = 0;
  while (i < src.length) {
    if (isSeparator(src[i] ?? '')) {
      i++;
      continue;
    }
    const head = readNameOp(src, i);
    const at = head === null ? i : head.end;
    const read = src[at] === '"' ? readQuoted(src, at) : readBare(src, at);
    // An unterminated quote: the rest is left to the alert filter, which says where it is.
    if (read === null) break;
    if (head !== null && isContextName(head.name)) {
      let regex: RegExp | null = null;
      if (head.op === '=~' || head.op === '!~') {
        // Compiled and refused exactly as the alert filter's matchers are.
        const compiled = compileMatcherRegex(read.value);
        if (typeof compiled === 'string') error ??= `invalid regex for ctx: ${compiled}`;
        else regex = compiled;
      }
      matchers.push({op: head.op, value: read.value, regex});
      cuts.push([i, read.end]);
    }
    i = read.end;
  }
  if (matchers.length === 0) return {matchers, rest: text, error: null};
  let rest = '';
  let from = 0;
  for (const [start, end] of cuts) {
    rest += `${text.slice(from, start)} `;
    from = end;
  }
  rest += text.slice(from);
  // `{ctx="prod-eu"}` leaves `{ }`: nothing is left to filter by.
  return {matchers, rest: /^\s*\{[\s,]*\}\s*$/.test(rest) ? '' : rest.replace(/\s+/g, ' ').trim(), error};
}

/** True when context `name` passes every matcher (a matcher with a bad regex passes nothing). */
export function contextMatches(name: string, matchers: readonly ContextMatcher[]): boolean {
  return matchers.every((m) => {
    switch (m.op) {
      case '=':
        return name === m.value;
      case '!=':
        return name !== m.value;
      case '=~':
        return m.regex !== null && m.regex.test(name);
      case '!~':
        return m.regex !== null && !m.regex.test(name);
    }
  });
}
