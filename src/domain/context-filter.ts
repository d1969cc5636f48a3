/**
 * `ctx=` in a pane's `/` filter: `ctx=prod-eu`, `ctx!=prod-eu`, `ctx=~"prod-.*"`, `ctx!~"dev.*"`
 * (also `@ctx` and `context`), in the matcher syntax of the alert filter. These matchers choose
 * contexts, not rows: they are taken out of the text before a context's own filter (label
 * matchers, free words) sees it, and decide which contexts' rows the merged table keeps.
 * Parsing never throws: a bad regex is an error value shown under the box.
 */
import {compileMatcherRegex, readQuoted} from './alert-filter.ts';

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

// `ctx=…` at the start, after a separator or after `{`: a bare value or a double-quoted one.
const MATCHER = /(^|[\s,{])(?:@?ctx|context)(=~|!~|!=|=)("(?:[^"\\]|\\.)*"|[^\s,}]*)/g;

// A quoted value is read as the alert filter reads one (its escapes decoded), a bare one as written.
const unquote = (raw: string): string => (raw.startsWith('"') ? (readQuoted(raw, 0)?.value ?? raw) : raw);

/** Splits `text` into its context matchers and the rest. */
export function splitContextFilter(text: string): ContextFilter {
  const matchers: ContextMatcher[] = [];
  let error: string | null = null;
  const rest = text.replace(MATCHER, (_all, lead: string, op: ContextMatcher['op'], raw: string) => {
    const value = unquote(raw);
    let regex: RegExp | null = null;
    if (op === '=~' || op === '!~') {
      // Compiled and refused exactly as the alert filter's matchers are.
      const compiled = compileMatcherRegex(value);
      if (typeof compiled === 'string') error ??= `invalid regex for ctx: ${compiled}`;
      else regex = compiled;
    }
    matchers.push({op, value, regex});
    return lead === '{' ? '{' : ' ';
  });
  if (matchers.length === 0) return {matchers, rest: text, error: null};
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
