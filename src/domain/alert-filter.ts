/**
 * The alert filter box: label matchers in Alertmanager's syntax (`severity=critical`,
 * `service=~"check.*"`, `team!=db`, a quoted UTF-8 name as Prometheus 3 writes it,
 * `"service.name"=checkout`, optionally wrapped in `{…}` and comma-separated) plus free
 * words matched anywhere. `state` (or karma's `@state`) matches the alert's state words rather
 * than a label: `state=firing`, `state!=acked`, `state=~"silenced|inhibited"` (see
 * alert-states.ts). Parsing never throws: a bad regex or quote is an error value, so the view can
 * show it under the box while the user keeps typing.
 */
import type {Alert} from './alert.ts';
import {alertStateWords, STATE_WORDS} from './alert-states.ts';
import {translateRe2} from './re2-syntax.ts';
import {backtrackingRisk} from './regex-backtracking.ts';

/** A matcher operator, as Alertmanager and PromQL write it. */
export type FilterOp = '=' | '!=' | '=~' | '!~';

/** One parsed label matcher; `regex` is the anchored pattern for `=~`/`!~`. */
export interface FilterMatcher {
  name: string;
  op: FilterOp;
  value: string;
  regex: RegExp | null;
}

/** A parsed filter: every matcher and every word must match. */
export interface AlertFilter {
  matchers: FilterMatcher[];
  /** Lower-cased free-text words (a quoted phrase is one word). */
  words: string[];
}

/** The result of parsing: a filter, or an error with the offset where it was found. */
export type FilterParse = {ok: true; filter: AlertFilter} | {ok: false; error: string; offset: number};

const SEPARATOR = /[\s,]/;
const ESCAPES: Readonly<Record<string, string>> = {'\\': '\\', '"': '"', n: '\n', t: '\t', r: '\r'};

/**
 * Reads a double-quoted string at `start`. Known escapes are decoded; any other backslash pair is
 * kept as written, so a regex like "\d+" needs no doubling in a filter box.
 */
export function readQuoted(text: string, start: number): {value: string; end: number} | null {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '"') return {value, end: i + 1};
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1] ?? '';
      value += ESCAPES[next] ?? `\\${next}`;
      i++;
    } else value += c;
  }
  return null;
}

/** Reads an unquoted value or word at `start`, up to the next separator (whitespace or comma). */
export function readBare(text: string, start: number): {value: string; end: number} {
  let end = start;
  while (end < text.length && !SEPARATOR.test(text[end] ?? '')) end++;
  return {value: text.slice(start, end), end};
}

/**
 * A matcher's regex as Alertmanager reads it: RE2's syntax (`\pL`, POSIX classes, `.` as one code
 * point, a leading `(?i)` for the whole; see re2-syntax.ts) as a JavaScript `u` regex, anchored
 * fully as `^(?:…)$`; or why it cannot be used. What cannot be matched alike is refused rather
 * than matched otherwise. A shape that backtracks exponentially in JavaScript (`(a+)+`) is refused
 * here, where RE2 would take linear time: matched against every alert on every refresh it would
 * freeze the dashboard or the CLI.
 */
export function compileMatcherRegex(pattern: string): RegExp | string {
  const translated = translateRe2(pattern);
  if (!translated.ok) return translated.reason;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${translated.source})$`, 'u');
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const risk = backtrackingRisk(translated.source);
  return risk === null ? regex : `${risk}, which can take exponential time here; write it without repeating a repeated part`;
}

const NAME_OP = /@?[A-Za-z_][A-Za-z0-9_]*(=~|!~|!=|=)/y;
const OP = /=~|!~|!=|=/y;

/**
 * A matcher's name and operator at `start`: a plain name, or a double-quoted one as Prometheus 3
 * writes UTF-8 label names (`"service.name"="checkout"`). Null when the text there is a word.
 */
export function readNameOp(text: string, start: number): {name: string; op: FilterOp; end: number} | null {
  if (text[start] === '"') {
    const quoted = readQuoted(text, start);
    if (quoted === null || quoted.value === '') return null;
    OP.lastIndex = quoted.end;
    const op = OP.exec(text);
    return op === null ? null : {name: quoted.value, op: op[0] as FilterOp, end: OP.lastIndex};
  }
  NAME_OP.lastIndex = start;
  const head = NAME_OP.exec(text);
  if (head === null) return null;
  const op = head[1] as FilterOp;
  return {name: head[0].slice(0, -op.length), op, end: NAME_OP.lastIndex};
}

/**
 * `{a="b", c=~"d"}` as pasted from other tools, its braces blanked (offsets kept); other text as
 * it is.
 */
export function unbraced(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('{') && trimmed.endsWith('}') ? text.replace('{', ' ').replace(/\}(\s*)$/, ' $1') : text;
}

/** Whether `c` separates matchers and words (whitespace or a comma). */
export const isSeparator = (c: string): boolean => SEPARATOR.test(c);

/** Parses filter text into matchers and words. Never throws. */
export function parseAlertFilter(text: string): FilterParse {
  const src = unbraced(text);
  const filter: AlertFilter = {matchers: [], words: []};
  let i = 0;
  while (i < src.length) {
    if (SEPARATOR.test(src[i] ?? '')) {
      i++;
      continue;
    }
    const head = readNameOp(src, i);
    if (head === null) {
      const word = src[i] === '"' ? readQuoted(src, i) : readBare(src, i);
      if (word === null) return {ok: false, error: 'unterminated quote', offset: i};
      if (word.value !== '') filter.words.push(word.value.toLowerCase());
      i = word.end;
      continue;
    }
    const {name, op, end: valueAt} = head;
    const read = src[valueAt] === '"' ? readQuoted(src, valueAt) : readBare(src, valueAt);
    if (read === null) return {ok: false, error: 'unterminated quote', offset: valueAt};
    let regex: RegExp | null = null;
    if (op === '=~' || op === '!~') {
      const compiled = compileMatcherRegex(read.value);
      if (typeof compiled === 'string') return {ok: false, error: `invalid regex for ${name}: ${compiled}`, offset: valueAt};
      regex = compiled;
    }
    if (isStateMatcher(name) && (op === '=' || op === '!=') && !STATE_WORDS.includes(read.value)) {
      return {ok: false, error: `unknown state "${read.value}"; one of ${STATE_WORDS.join(', ')}`, offset: valueAt};
    }
    filter.matchers.push({name, op, value: read.value, regex});
    i = read.end;
  }
  return {ok: true, filter};
}

// An absent label reads as empty, as in Prometheus and Alertmanager: `severity=""` is an alert
// without the label. `alertname` falls back to the alert's name, which is that label or empty.
// `severity` falls back to the alert's own only on rows that are not Alertmanager or Prometheus
// alerts (`source` set, e.g. a PagerDuty incident), which may keep it outside their labels; an
// alert's severity `none` is a placeholder for "no label", never a value to match.
function labelValue(alert: Alert, name: string): string {
  const own = alert.labels[name];
  if (own !== undefined) return own;
  if (name === 'alertname') return alert.name;
  return name === 'severity' && alert.source !== undefined ? alert.severity : '';
}

/** True for the pseudo-label that matches the alert's state words (karma writes it `@state`). */
export function isStateMatcher(name: string): boolean {
  return name === 'state' || name === '@state';
}

// `state=suppressed` holds when any of the alert's state words is `suppressed`; `state!=acked`
// when none is `acked`; the regex forms likewise over the words.
function stateMatches(alert: Alert, m: FilterMatcher): boolean {
  const words = alertStateWords(alert);
  const any = m.op === '=' || m.op === '!=' ? words.includes(m.value) : words.some((w) => m.regex?.test(w) ?? false);
  return m.op === '=' || m.op === '=~' ? any : !any;
}

function matcherMatches(alert: Alert, m: FilterMatcher): boolean {
  if (isStateMatcher(m.name)) return stateMatches(alert, m);
  const v = labelValue(alert, m.name);
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.regex?.test(v) ?? false;
    case '!~':
      return !(m.regex?.test(v) ?? false);
  }
}

/**
 * True when the alert satisfies every matcher and every word appears (case-insensitively) in its
 * name, a label value or an annotation value. An empty filter matches everything.
 */
export function matchesFilter(alert: Alert, filter: AlertFilter): boolean {
  if (!filter.matchers.every((m) => matcherMatches(alert, m))) return false;
  if (filter.words.length === 0) return true;
  const haystack = [alert.name, ...Object.values(alert.labels), ...Object.values(alert.annotations)].map((s) => s.toLowerCase());
  return filter.words.every((w) => haystack.some((h) => h.includes(w)));
}
