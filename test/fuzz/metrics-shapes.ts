/**
 * Valid Prometheus and Alertmanager answers whose strings may be hostile. Prometheus has no
 * machine-readable contract in the shared folder, so its shapes follow its HTTP API
 * documentation; Alertmanager answers are checked against its OpenAPI description by the tests.
 */
import fc from 'fast-check';
import {PART_LABEL, SLO_LABEL} from '../../src/domain/promql.ts';
import {WINDOW_LABEL} from '../../src/domain/promql-batch.ts';
import {anyText, hostileLabels, isoTime} from './arbitraries.ts';

/** The SLO names the fuzzed SLO queries ask about. */
export const FUZZ_SLOS = ['checkout-availability', 'search-latency'] as const;

/** A sample value as Prometheus writes it (numbers, NaN, ±Inf), or any text. */
const sampleValue = fc.oneof(
  fc.double({noNaN: true, noDefaultInfinity: true}).map(String),
  fc.constantFrom('NaN', '+Inf', '-Inf', '0', '1', '0.001'),
  anyText,
);
const timestamp = fc.double({min: 1.5e9, max: 1.9e9, noNaN: true});

/** Labels of an SLO series (which SLO, part and window it is), maybe with hostile extra labels. */
const sloLabels = fc
  .record({slo: fc.oneof(fc.constantFrom(...FUZZ_SLOS), anyText), part: fc.constantFrom('errors', 'total', 'good', 'ratio'), window: fc.constantFrom('5m', '1h', 'period', '30d'), extra: hostileLabels})
  .map(({slo, part, window, extra}) => ({...extra, [SLO_LABEL]: slo, [PART_LABEL]: part, [WINDOW_LABEL]: window}));

/** The `/api/v1/*` envelope around `data`, with warnings and infos that may be hostile. */
export function envelope(data: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {status: fc.constant('success'), data, warnings: fc.array(anyText, {maxLength: 3}), infos: fc.array(anyText, {maxLength: 2})},
    {requiredKeys: ['status', 'data']},
  );
}

/** An instant vector answer. */
export const vectorAnswer = envelope(fc.record({resultType: fc.constant('vector'), result: fc.array(fc.record({metric: sloLabels, value: fc.tuple(timestamp, sampleValue)}), {maxLength: 8})}));

/** A range matrix answer. */
export const matrixAnswer = envelope(
  fc.record({resultType: fc.constant('matrix'), result: fc.array(fc.record({metric: sloLabels, values: fc.array(fc.tuple(timestamp, sampleValue), {maxLength: 6})}), {maxLength: 4})}),
);

/** `/api/v1/alerts`: pending and firing alerts with hostile labels and annotations. */
export const promAlertsAnswer = envelope(
  fc.record({
    alerts: fc.array(
      fc.record({labels: hostileLabels, annotations: hostileLabels, state: fc.constantFrom('pending', 'firing', 'inactive'), activeAt: isoTime, value: fc.constant('1e+00')}),
      {maxLength: 5},
    ),
  }),
);

/** `/api/v1/rules?type=record` holding Sloth and Pyrra recording rules (and others). */
export const rulesAnswer = envelope(
  fc.record({
    groups: fc.array(
      fc.record({
        name: anyText,
        file: anyText,
        rules: fc.array(
          fc.record({
            type: fc.constantFrom('recording', 'alerting'),
            name: fc.oneof(fc.constantFrom('slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate30d', 'http:burnrate1h', 'http:burnrate4d'), anyText),
            query: fc.oneof(anyText, anyText.map((id) => `avg_over_time(x{sloth_id="${id}"}[30d])`)),
            labels: fc.record({sloth_id: anyText, slo: anyText, sloth_window: fc.constantFrom('5m', '30d')}, {requiredKeys: []}),
            health: fc.constantFrom('ok', 'err', 'unknown'),
          }),
          {maxLength: 5},
        ),
      }),
      {maxLength: 3},
    ),
  }),
);

/** `/api/v1/status/config`: the loaded config as YAML text, with hostile external labels. */
export const statusConfigAnswer = envelope(
  fc
    .record({labels: hostileLabels, target: anyText, regex: fc.oneof(fc.constantFrom('replica', '(.+)', 'a|b', '(?i)X'), anyText)})
    .map(({labels, target, regex}) => ({
      yaml: `global:\n  external_labels:\n${Object.entries(labels)
        .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join('\n') || '    {}'}\nalerting:\n  alert_relabel_configs:\n    - action: labeldrop\n      regex: ${JSON.stringify(regex)}\n    - source_labels: [instance]\n      target_label: ${JSON.stringify(target)}\n`,
    })),
);

const stringList = fc.array(anyText, {maxLength: 2});

/** One `gettableAlert` with hostile labels, annotations and ids. */
export const amAlert = fc.record({
  labels: hostileLabels,
  annotations: hostileLabels,
  receivers: fc.array(fc.record({name: anyText}), {maxLength: 2}),
  fingerprint: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), anyText),
  startsAt: isoTime,
  updatedAt: isoTime,
  endsAt: isoTime,
  generatorURL: fc.constantFrom('http://prometheus.example/graph?g0.expr=up', 'https://prom.example/\u202egnp.exe'),
  status: fc.record({state: fc.constantFrom('unprocessed', 'active', 'suppressed'), silencedBy: stringList, inhibitedBy: stringList, mutedBy: stringList}),
});

/** One `gettableSilence`, an ack among them, with a hostile author and comment. */
export const amSilence = fc.record({
  id: anyText,
  status: fc.record({state: fc.constantFrom('active', 'pending', 'expired')}),
  updatedAt: isoTime,
  annotations: hostileLabels,
  matchers: fc.array(fc.record({name: anyText, value: anyText, isRegex: fc.boolean(), isEqual: fc.boolean()}), {minLength: 1, maxLength: 3}),
  startsAt: isoTime,
  endsAt: isoTime,
  createdBy: anyText,
  comment: fc.oneof(anyText, anyText.map((t) => `ACK! ${t}`)),
});
