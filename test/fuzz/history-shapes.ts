/**
 * Valid answers of the Prometheus reads behind the incident history (the timeline, `--at`,
 * `status --at`, the handover): `ALERTS` over a range and at an instant, `ALERTS_FOR_STATE`,
 * `/api/v1/series`, `/api/v1/labels`, alerting rules and the evaluation interval. Shapes follow
 * Prometheus' HTTP API documentation; samples are near misses on purpose (off the grid, out of
 * order, repeated, NaN/±Inf, huge), as a backend that was restarted, backfilled or broken sends.
 */
import fc from 'fast-check';
import {anyText, decoderInput, hostileLabels} from './arbitraries.ts';
import {envelope} from './metrics-shapes.ts';

/** The instant the history ends at, epoch ms. */
export const HISTORY_TO = Date.UTC(2026, 4, 4, 12);
/** The history's step, seconds (a 1m rule evaluation). */
export const HISTORY_STEP = 60;
/** The history's start: an hour before its end. */
export const HISTORY_FROM = HISTORY_TO - 3_600_000;

const gridSeconds = fc.integer({min: 0, max: 60}).map((k) => HISTORY_FROM / 1000 + k * HISTORY_STEP);

/** A sample's timestamp, seconds: mostly on the grid, else between steps, far off or huge. */
export const historyTimestamp: fc.Arbitrary<number> = fc.oneof(
  {arbitrary: gridSeconds, weight: 6},
  {arbitrary: fc.double({min: HISTORY_FROM / 1000 - 600, max: HISTORY_TO / 1000 + 600, noNaN: true}), weight: 2},
  {arbitrary: fc.constantFrom(0, -1, 1e-300, 9e15, 1e300, Number.MAX_VALUE, -Number.MAX_VALUE), weight: 1},
);

/** A sample value as Prometheus writes it, a near miss, or any text. */
export const historyValue: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: fc.constantFrom('1', '1', '1', '0', '1e+00', '2'), weight: 4},
  {arbitrary: fc.constantFrom('NaN', '+Inf', '-Inf', 'Inf', '-1', '1e308', '1e309', '', ' ', '0x1', '1_000'), weight: 2},
  {arbitrary: fc.double().map(String), weight: 1},
  {arbitrary: anyText, weight: 1},
);

/** An `ALERTS` series' labels: its name, a state (mostly one Prometheus writes) and hostile others. */
export const alertSeriesLabels: fc.Arbitrary<Record<string, string>> = fc
  .record({extra: hostileLabels, alertname: fc.oneof(fc.constantFrom('HighErrorRate', 'SlowCheckout'), anyText), state: fc.oneof({arbitrary: fc.constantFrom('firing', 'pending'), weight: 5}, {arbitrary: fc.oneof(fc.constant('inactive'), anyText), weight: 1})})
  .map(({extra, alertname, state}) => ({...extra, __name__: 'ALERTS', alertname, alertstate: state}));

// Series, some of them repeated (the same labels twice: a restart, two replicas behind one URL).
function withRepeats<T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> {
  return fc.tuple(items, fc.array(fc.nat(), {maxLength: 2})).map(([list, again]) => (list.length === 0 ? list : [...list, ...again.map((i) => list[i % list.length]!)]));
}

/** `ALERTS` over a range: a matrix whose samples may be out of order, repeated or off the grid. */
export const alertsRangeAnswer = envelope(
  fc.record({
    resultType: fc.constant('matrix'),
    result: withRepeats(fc.array(fc.record({metric: alertSeriesLabels, values: fc.array(fc.tuple(historyTimestamp, historyValue), {maxLength: 12})}), {maxLength: 5})),
  }),
);

/** When an alert became active, seconds, as `ALERTS_FOR_STATE` holds it; or a near miss (huge, negative, NaN). */
const activeSince: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: fc.integer({min: 0, max: 86_400}).map((ago) => String(HISTORY_TO / 1000 - ago)), weight: 4},
  {arbitrary: fc.constantFrom('1e20', '9e12', '8.64e12', '1.7976931348623157e308', '-1', '0', 'NaN', '+Inf'), weight: 2},
  {arbitrary: historyValue, weight: 1},
);

const instant = (result: unknown[]) => ({resultType: 'vector', result});

/**
 * `ALERTS` at the instant {@link HISTORY_TO} and `ALERTS_FOR_STATE` beside it: the same alerts
 * (its series are ALERTS' labels without `alertstate`, so the two join), the latter's value when
 * each became active. Some alerts have no start recorded, some a start no alert has.
 */
export const alertsAtAnswers: fc.Arbitrary<{alerts: Record<string, unknown>; since: Record<string, unknown>}> = fc
  .tuple(
    withRepeats(fc.array(fc.record({labels: alertSeriesLabels, value: historyValue, since: fc.option(activeSince, {freq: 4})}), {maxLength: 5})),
    envelope(fc.constant(null)),
    envelope(fc.constant(null)),
  )
  .map(([list, a, b]) => ({
    alerts: {...a, data: instant(list.map((x) => ({metric: x.labels, value: [HISTORY_TO / 1000, x.value]})))},
    since: {
      ...b,
      data: instant(list.flatMap(({labels: {alertstate: _, ...rest}, since}) => (since === null ? [] : [{metric: {...rest, __name__: 'ALERTS_FOR_STATE'}, value: [HISTORY_TO / 1000, since]}]))),
    },
  }));

/** {@link alertsAtAnswers}, each mutated apart, or arbitrary JSON (as `decoderInput` gives). */
export const alertsAtInputs: fc.Arbitrary<[unknown, unknown]> = alertsAtAnswers.chain(({alerts, since}) => fc.tuple(decoderInput(fc.constant(alerts)), decoderInput(fc.constant(since))));

/** `/api/v1/series?match[]=ALERTS`: label sets. */
export const seriesAnswer = envelope(withRepeats(fc.array(alertSeriesLabels, {maxLength: 6})));

/** `/api/v1/labels`: label names, hostile ones among them. */
export const labelNamesAnswer = envelope(fc.array(fc.oneof(fc.constantFrom('__name__', 'alertname', 'job', 'instance'), anyText), {maxLength: 8}));

// One rule's fields as Prometheus sends them.
const ruleFields = {
  type: fc.constantFrom('alerting', 'alerting', 'recording'),
  name: anyText,
  query: anyText,
  duration: fc.nat(),
  labels: hostileLabels,
  annotations: hostileLabels,
  alerts: fc.constant([]),
  health: fc.constantFrom('ok', 'ok', 'err', 'unknown'),
  lastError: anyText,
  lastEvaluation: fc.constantFrom('2026-05-04T11:59:30Z', '0001-01-01T00:00:00Z', 'not a time'),
  state: fc.constantFrom('inactive', 'pending', 'firing'),
};

// Groups of rules built by `rule`, as `/api/v1/rules` holds them (a group's `rules` left out now and then).
const ruleGroupsOf = (rule: fc.Arbitrary<Record<string, unknown>>) =>
  envelope(
    fc.record({
      groups: fc.array(fc.record({name: anyText, file: anyText, interval: fc.constantFrom(15, 60), rules: fc.array(rule, {maxLength: 4})}, {requiredKeys: ['name']}), {maxLength: 3}),
    }),
  );

/** `/api/v1/rules?type=alert`: groups of alerting rules of any health (and a recording rule now and then). */
export const alertingRulesAnswer = ruleGroupsOf(fc.record(ruleFields, {requiredKeys: ['type', 'name', 'query', 'duration', 'labels', 'annotations', 'alerts', 'health', 'state']}));

/**
 * The same as a Prometheus-compatible ruler may send it: any field but the name left out (no
 * `type`, no `health`, no labels …), which must read as unknown, never fail the read.
 */
export const sparseAlertingRulesAnswer = ruleGroupsOf(fc.record(ruleFields, {requiredKeys: ['name']}));

/** The evaluation interval as a config may hold it: a duration, a huge one, or not one at all. */
const evaluationInterval = fc.oneof(
  fc.constantFrom('15s', '1m', '30s', '1h', '0s', '1ms'),
  fc.constantFrom(`${'9'.repeat(20)}y`, `${'9'.repeat(400)}y`, `${'1'.repeat(30)}ms`, '1e9s'),
  anyText,
);

/** `/api/v1/status/config` holding an evaluation interval (quoted, or any YAML after the key). */
export const evaluationConfigAnswer = envelope(
  fc.record({interval: evaluationInterval, raw: fc.boolean()}).map(({interval, raw}) => ({yaml: `global:\n  evaluation_interval: ${raw ? interval : JSON.stringify(interval)}\n`})),
);
