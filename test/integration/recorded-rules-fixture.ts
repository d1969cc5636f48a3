/**
 * Recording rules written by hand in the shape Sloth and Pyrra generate them (Sloth's
 * `prometheus/v1` output: SLI, meta and alert groups; Pyrra's burn-rate group), for loading
 * into a real Prometheus.
 */

const WORKBOOK_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** A Sloth SLO: `errors(w)` and `total(w)` are its queries over a window. */
export interface SlothFixture {
  service: string;
  slo: string;
  objective: number;
  /** In days, as a Sloth spec's `--default-slo-period` says it: `30d`, `28d` (rules name it `4w`). */
  period: string;
  errors: (window: string) => string;
  total: (window: string) => string;
}

const indent = (text: string, spaces: number) =>
  text
    .split('\n')
    .map((l) => ' '.repeat(spaces) + l)
    .join('\n');

/**
 * A period in days as Sloth writes it into rule names, labels and ranges: Prometheus' own
 * duration format, in weeks when whole (`28d` → `4w`, `7d` → `1w`, `30d` stays `30d`).
 */
export function slothDuration(days: string): string {
  const n = Number.parseInt(days, 10);
  return n % 7 === 0 ? `${n / 7}w` : `${n}d`;
}

/** The three rule groups Sloth writes for one SLO. */
export function slothRules(f: SlothFixture): string {
  const window = slothDuration(f.period);
  const id = `${f.service}-${f.slo}`;
  const ids = `sloth_id="${id}", sloth_service="${f.service}", sloth_slo="${f.slo}"`;
  const labels = (window?: string) =>
    [`sloth_id: ${id}`, `sloth_service: ${f.service}`, `sloth_slo: ${f.slo}`, ...(window ? [`sloth_window: ${window}`] : [])].map((l) => `      ${l}`).join('\n');
  const budget = 1 - f.objective / 100;
  const sli = WORKBOOK_WINDOWS.map((w) =>
    [`  - record: slo:sli_error:ratio_rate${w}`, '    expr: |', indent(`(${f.errors(w)})\n/\n(${f.total(w)})`, 6), '    labels:', labels(w)].join('\n'),
  );
  const period = [
    `  - record: slo:sli_error:ratio_rate${window}`,
    '    expr: |',
    indent(`sum_over_time(slo:sli_error:ratio_rate5m{${ids}}[${window}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m{${ids}}[${window}])`, 6),
    '    labels:',
    `      sloth_window: ${window}`,
  ].join('\n');
  const meta = [
    ['slo:objective:ratio', `vector(${f.objective / 100})`],
    ['slo:error_budget:ratio', `vector(1-${f.objective / 100})`],
    ['slo:time_period:days', `vector(${Number.parseInt(f.period, 10)})`],
    ['slo:current_burn_rate:ratio', `slo:sli_error:ratio_rate5m{${ids}} / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio{${ids}}`],
  ].map(([record, expr]) => [`  - record: ${record}`, `    expr: ${expr}`, '    labels:', labels()].join('\n'));
  const pair = (short: string, long: string, factor: number) =>
    `(slo:sli_error:ratio_rate${short}{${ids}} > (${factor} * ${budget}) and ignoring (sloth_window) slo:sli_error:ratio_rate${long}{${ids}} > (${factor} * ${budget}))`;
  // Sloth's getBurnRateFactor: the percent of the budget a pair spends × period ÷ long window,
  // so 14.4/6/3/1 for 30 days and 13.44/5.6/2.8/0.933… for 28.
  const hours = Number.parseInt(f.period, 10) * 24;
  const factor = (percent: number, longHours: number) => (percent * hours) / (100 * longHours);
  const alerts = [
    ['page', `${pair('5m', '1h', factor(2, 1))} or ignoring (sloth_window) ${pair('30m', '6h', factor(5, 6))}`],
    ['ticket', `${pair('2h', '1d', factor(10, 24))} or ignoring (sloth_window) ${pair('6h', '3d', factor(10, 72))}`],
  ].map(([severity, expr]) => [`  - alert: ${f.service}SLO`, `    expr: ${expr}`, '    labels:', `      sloth_severity: ${severity}`].join('\n'));
  return [
    `- name: sloth-slo-sli-recordings-${id}`,
    '  rules:',
    ...sli,
    period,
    `- name: sloth-slo-meta-recordings-${id}`,
    '  rules:',
    ...meta,
    `- name: sloth-slo-alerts-${id}`,
    '  rules:',
    ...alerts,
  ].join('\n');
}

/** A Pyrra ratio SLO over `metric` (a counter) with 28-day windows. */
export interface PyrraFixture {
  name: string;
  metric: string;
  /** Equality matchers of the total, e.g. `service="api"`; Pyrra copies them as rule labels. */
  matchers: Record<string, string>;
  errorMatcher: string;
  target: number;
}

/**
 * Pyrra's burn-rate group for a 28-day SLO: `<metric>:burnrate<w>` per window, labelled `slo`
 * and the total's equality matchers, plus its alerts. Pyrra evaluates the group every 30 s; the
 * fixture uses 1 s so a freshly started Prometheus has recorded series at once.
 */
export function pyrraRules(f: PyrraFixture): string {
  const base = f.metric.replace(/_total$/, '');
  const matchers = Object.entries(f.matchers).map(([k, v]) => `${k}="${v}"`).join(',');
  const labels = [...Object.entries(f.matchers).map(([k, v]) => `      ${k}: ${v}`), `      slo: ${f.name}`].join('\n');
  const records = ['5m', '30m', '1h', '2h', '6h', '1d', '4d'].map((w) =>
    [
      `  - record: ${base}:burnrate${w}`,
      `    expr: sum(rate(${f.metric}{${f.errorMatcher},${matchers}}[${w}])) / sum(rate(${f.metric}{${matchers}}[${w}]))`,
      '    labels:',
      labels,
    ].join('\n'),
  );
  const alert = [
    '  - alert: ErrorBudgetBurn',
    `    expr: ${base}:burnrate5m{slo="${f.name}"} > (14 * (1-${f.target / 100})) and ${base}:burnrate1h{slo="${f.name}"} > (14 * (1-${f.target / 100}))`,
    '    for: 2m',
    '    labels:',
    '      severity: critical',
    `      slo: ${f.name}`,
  ].join('\n');
  const increase = [
    `- name: ${f.name}-increase`,
    '  interval: 1s',
    '  rules:',
    `  - record: ${base}:increase4w`,
    `    expr: sum by (code) (increase(${f.metric}{${matchers}}[4w]))`,
    '    labels:',
    labels,
  ];
  return [`- name: ${f.name}`, '  interval: 1s', '  rules:', ...records, alert, ...increase].join('\n');
}
