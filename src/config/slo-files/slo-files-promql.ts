/**
 * The little PromQL the SLO file formats need: reading a metric selector (Pyrra writes selectors,
 * not queries), building the windowed rate query from one, and turning a query with a fixed
 * range (`[5m]`, as OpenSLO files are written) into the `{{.window}}` template every oncall SLI
 * uses, so each burn-rate window can be measured.
 */
import {enclose, promqlString} from '../../domain/promql.ts';

/** One label matcher of a selector. */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A vector selector: `metric{label="value",…}`; `metric` is `null` for `{__name__=…}` forms. */
export interface MetricSelector {
  metric: string | null;
  matchers: LabelMatcher[];
}

/** The template placeholder oncall and Sloth use for the measurement window. */
export const WINDOW = '{{.window}}';

const METRIC = /^[A-Za-z_:][\w:]*/;
const LABEL = /^[A-Za-z_]\w*/;
const OP = /^(=~|!~|!=|=)/;
const ESCAPES: Readonly<Record<string, string>> = {n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '`': '`'};

/** Reads a quoted PromQL string at the start of `text`: its value and the rest of the text. */
function readString(text: string): {value: string; rest: string} | null {
  const quoteChar = text[0];
  if (quoteChar !== '"' && quoteChar !== "'" && quoteChar !== '`') return null;
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === quoteChar) return {value, rest: text.slice(i + 1)};
    if (ch === '\\' && quoteChar !== '`') {
      const next = text[i + 1] ?? '';
      // Regex escapes such as `\.` stay as written; only string escapes are decoded.
      value += ESCAPES[next] ?? `\\${next}`;
      i++;
    } else value += ch;
  }
  return null;
}

/**
 * Parses a metric selector such as `http_requests_total{job="api",code=~"5.."}`.
 * @returns the selector, or a message saying what is wrong with it
 */
export function parseSelector(text: string): MetricSelector | string {
  let rest = text.trim();
  const metric = METRIC.exec(rest)?.[0] ?? null;
  rest = rest.slice(metric?.length ?? 0).trimStart();
  const matchers: LabelMatcher[] = [];
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith('}')) {
      const name = LABEL.exec(rest)?.[0];
      if (name === undefined) return 'expected a label name in the selector';
      rest = rest.slice(name.length).trimStart();
      const op = OP.exec(rest)?.[0] as LabelMatcher['op'] | undefined;
      if (op === undefined) return `expected =, !=, =~ or !~ after label ${name}`;
      const str = readString(rest.slice(op.length).trimStart());
      if (str === null) return `expected a quoted value for label ${name}`;
      matchers.push({name, op, value: str.value});
      rest = str.rest.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith('}')) return 'expected , or } in the selector';
    }
    rest = rest.slice(1).trimStart();
  }
  if (rest !== '') return 'must be a metric selector such as http_requests_total{job="api"}, not a query';
  if (metric === null && matchers.length === 0) return 'must be a metric selector such as http_requests_total{job="api"}';
  return {metric, matchers};
}

/** Writes a selector back as Prometheus prints it: matchers in order, double-quoted, no spaces. */
export function formatSelector(selector: MetricSelector): string {
  const inner = selector.matchers.map((m) => `${m.name}${m.op}${promqlString(m.value)}`).join(',');
  if (selector.metric === null) return `{${inner}}`;
  return inner === '' ? selector.metric : `${selector.metric}{${inner}}`;
}

/** `sum(rate(<selector>[{{.window}}]))`: a selector's per-second rate over the window, summed. */
export function rateQuery(selector: MetricSelector): string {
  return `sum(rate(${formatSelector(selector)}[${WINDOW}]))`;
}

const TEMPLATE = /\{\{\s*\.window\s*\}\}/g;
// String literals are skipped so a regex such as `path=~"/v[12]/.*"` is never rewritten.
const STRINGS = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/;
const RANGE = /\[\s*(?:\d+(?:ms|[smhdwy]))+\s*\]/g;
const SUBQUERY = /\[[^\]]*:[^\]]*\]/;

/**
 * Writes `{{ .window }}` (any spacing) as `{{.window}}` and folds line breaks with their
 * indentation into one space (outside string literals), so a query written over several YAML
 * lines shows on one line and equal queries compare equal.
 */
export function normalizeWindow(query: string): string {
  const parts = query.replace(TEMPLATE, WINDOW).split(STRINGS);
  // A `#` comment runs to the end of its line: folding lines would comment out the rest.
  if (parts.some((p, i) => i % 2 === 0 && p.includes('#'))) return parts.join('').trim();
  return parts
    .map((p, i) => (i % 2 === 1 ? p : p.replace(/[ \t]*\r?\n\s*/g, ' ')))
    .join('')
    .trim();
}

/** True when a query already measures over the `{{.window}}` placeholder. */
export function hasWindow(query: string): boolean {
  return normalizeWindow(query).includes(WINDOW);
}

/**
 * Makes a query measurable over any window. A query with `{{.window}}` is kept; fixed ranges
 * (`rate(x[5m])`) become `[{{.window}}]`; a bare selector of a counter becomes its summed rate.
 * @returns the template, or the reason it cannot be made one
 */
export function windowedQuery(query: string, counter: boolean): {query: string} | {error: string} {
  const text = normalizeWindow(query);
  if (text.includes(WINDOW)) return {query: text};
  const parts = text.split(STRINGS);
  if (parts.some((p, i) => i % 2 === 0 && SUBQUERY.test(p))) {
    return {error: `subqueries with a fixed range are not supported; write ${WINDOW} where the window belongs`};
  }
  let replaced = 0;
  const out = parts
    .map((p, i) => (i % 2 === 1 ? p : p.replace(RANGE, () => (replaced++, `[${WINDOW}]`))))
    .join('');
  if (replaced > 0) return {query: out};
  const selector = parseSelector(text);
  if (counter && typeof selector !== 'string') return {query: rateQuery(selector)};
  return {error: `query has no range to measure over; write it with [${WINDOW}], e.g. sum(rate(x[${WINDOW}]))`};
}

/**
 * The SLI of a query that is already a ratio (Sloth's `raw.error_ratio_query`, OpenSLO's
 * `ratioMetric.raw`), which may answer one series per group (`sum by (region) (…) / sum by
 * (region) (…)`). Groups without traffic are 0/0 = NaN: they are dropped (`>= 0`), else one
 * quiet group would make the mean NaN and the whole SLO "no data" while another group burns.
 * Every window reads its worst group with traffic (`max`), as the recorded series are read. Sloth's
 * own alerts match the windows group by group, which one ratio per window cannot: a pair may trip
 * on two different groups' windows (1h from one, 5m from another), a page Sloth's per-group alert
 * would not send. Cautious on purpose: the mean of the groups hid one group burning among calm
 * ones (one of two at 20× read 10×), a missed page, which is worse than that extra one.
 * The total is 1 while any group has a ratio, 0 while the answer has groups and all are NaN
 * (idle: answered, no traffic) and absent when it has none (no series), so it stays "no data"
 * either way (a constant such as `vector(1)` would turn it into "no errors").
 * @param success the query is a success ratio (OpenSLO `rawType: success`): errors are 1 − it
 */
export function rawRatioSli(raw: string, success = false): {kind: 'ratio'; errorQuery: string; totalQuery: string} {
  // `enclose`: a query ending in a `# comment` must not swallow the wrapper's `)`.
  const finite = `${enclose(raw)} >= 0`;
  return {kind: 'ratio', errorQuery: success ? `max(1 - (${finite}))` : `max(${finite})`, totalQuery: `clamp_max(count(${finite}), 1) or 0 * ${enclose(raw, 'count')}`};
}
