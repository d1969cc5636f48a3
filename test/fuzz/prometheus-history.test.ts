/**
 * Fuzzing the Prometheus reads behind the incident history: `ALERTS` over a range (the
 * timeline, the handover), `ALERTS` and `ALERTS_FOR_STATE` at an instant (`--at`, `status
 * --at`), the series, label-names and alerting-rules lookups that tell an empty history from a
 * calm one, and the evaluation interval the history's step comes from. Each read alone (its
 * envelope unwrapped, no HTTP) and behind the source's real HTTP client; what a read gives is
 * carried on to the timeline's rows, its Markdown and JSON, the handover and `status --at`.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {alertEvents, alertsActiveAtEnd, type AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {buildTimeline, historyGrid, historyStepSeconds} from '../../src/domain/timeline.ts';
import {alertsFromSeries} from '../../src/queries/status-at-queries.ts';
import type {HistoryReader} from '../../src/sources/capabilities.ts';
import type {Params} from '../../src/sources/http/http-client.ts';
import {createRefusedSlos} from '../../src/sources/prometheus/prometheus-refused.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {createHistoryReads} from '../../src/sources/prometheus/prometheus-timeline.ts';
import {unwrapEnvelope} from '../../src/sources/prometheus/prometheus-wire.ts';
import {decoderInput} from './arbitraries.ts';
import {drawnAlerts, drawnProblems, drawnTimeline, expectDrawnSafe} from './drawn.ts';
import {anyAnswer, fakeBackend, json, type Answer} from './fake-backend.ts';
import {expectDecoded, fuzzAsync, RUNS, settleAsync} from './fuzz-run.ts';
import {
  alertingRulesAnswer,
  alertsAtAnswers,
  alertsAtInputs,
  alertsRangeAnswer,
  evaluationConfigAnswer,
  HISTORY_FROM,
  HISTORY_STEP,
  HISTORY_TO,
  labelNamesAnswer,
  seriesAnswer,
  sparseAlertingRulesAnswer,
} from './history-shapes.ts';

const RANGE = 'prom /api/v1/query_range';
const INSTANT = 'prom /api/v1/query';

/** The history reads over answers given per path and form, the envelope unwrapped as the source does, no HTTP. */
function readsOf(answer: (path: string, form: Params) => unknown): HistoryReader {
  const unwrap = async (path: string, form: Params = {}) => unwrapEnvelope(answer(path, form), `prom ${path}`);
  return createHistoryReads({name: 'prom', query: unwrap, get: unwrap, withRecorded: async (slos) => ({slos, warnings: []}), refused: createRefusedSlos()});
}

/**
 * The timeline an `ALERTS` history makes, checked: events on the grid, oldest first, each alert's
 * states changing at every event; then drawn everywhere a timeline is drawn.
 */
function expectTimelineOf(series: AlertSeries[], where: string): void {
  const grid = historyGrid(HISTORY_FROM, HISTORY_TO, HISTORY_STEP);
  const events = alertEvents(series, grid, {context: 'fuzz', source: 'prom'});
  const onGrid = new Set(grid);
  const last = new Map<string, string>();
  for (const e of events) {
    expect(onGrid.has(e.at), `${where}: event at ${e.at} off the grid`).toBe(true);
    const key = JSON.stringify(e.subject);
    // An alert's events alternate: never twice the same state in a row, never resolved before it was active.
    expect(e.kind).not.toBe(last.get(key) ?? 'alert-resolved');
    last.set(key, e.kind);
  }
  const timeline = buildTimeline({from: HISTORY_FROM, to: HISTORY_TO, stepSeconds: HISTORY_STEP, sloStepSeconds: HISTORY_STEP, parts: [{events}]});
  for (let i = 1; i < timeline.events.length; i++) expect(timeline.events[i]!.at).toBeGreaterThanOrEqual(timeline.events[i - 1]!.at);
  const atEnd = alertsActiveAtEnd(series, grid);
  for (const a of atEnd) expect(['pending', 'firing']).toContain(a.state);
  expectDrawnSafe(drawnTimeline(timeline, atEnd), where);
}

/** `status --at`'s alerts from the `ALERTS` read at an instant: each start unknown or a time that can be written; drawn safe. */
function expectAlertsAtDrawn(series: AlertSeries[]): void {
  const alerts = alertsFromSeries(series, 'prom');
  for (const a of alerts) {
    expect(['pending', 'firing']).toContain(a.state);
    if (a.startsAt !== null) expect(Number.isNaN(new Date(a.startsAt).getTime()), `start ${a.startsAt} is no time`).toBe(false);
  }
  expectDrawnSafe(drawnAlerts(alerts), 'status --at alerts');
}

const expectCount = (n: number | undefined) => n === undefined || expect(Number.isSafeInteger(n) && n >= 0, `count ${n}`).toBe(true);

/** Rules as Prometheus sends them, or with any field but the name left out. */
const anyRulesAnswer = fc.oneof(alertingRulesAnswer, sparseAlertingRulesAnswer);

// The rules a valid answer holds, as the wire has them.
const wireRules = (answer: Record<string, unknown>) => ((answer['data'] as {groups: Array<{rules?: Array<Record<string, unknown>>}>}).groups).flatMap((g) => g.rules ?? []);

/**
 * A valid rules answer, however sparse, is read: the rules of it lend runbooks, and the count is
 * a count, or (only when no rule says it ran cleanly) the failure that says their health is unknown.
 */
async function expectRulesRead(reads: Pick<HistoryReader, 'countAlertingRules' | 'readAlertingRules'>, answer: Record<string, unknown>): Promise<void> {
  const lent = await settleAsync(() => reads.readAlertingRules!());
  expect(lent.ok, lent.ok ? '' : String(lent.error)).toBe(true);
  if (lent.ok) {
    for (const r of lent.value.value) expect(typeof r.name === 'string' && Object.values({...r.labels, ...r.annotations}).every((v) => typeof v === 'string')).toBe(true);
    expectDrawnSafe(drawnProblems(null, lent.value.warnings), 'rules warnings');
  }
  const count = await settleAsync(() => reads.countAlertingRules());
  if (count.ok) {
    expectCount(count.value.value);
    return;
  }
  expect(String(count.error)).toMatch(/alerting rules? without health or last evaluation, so whether (it runs|they run) is unknown/);
  expect(wireRules(answer).some((r) => r['health'] === 'ok' && r['type'] === 'alerting'), 'an alerting rule said ok, yet the count failed').toBe(false);
}

describe('the history decoders on arbitrary and mutated answers', () => {
  it('readAlertHistory gives series whose timeline is ordered and drawn sanitized, or a bad-response', async () => {
    await fuzzAsync(RUNS.decoder, [decoderInput(alertsRangeAnswer)], async (body) => {
      const read = expectDecoded(await settleAsync(() => readsOf(() => body).readAlertHistory(HISTORY_FROM, HISTORY_TO, HISTORY_STEP)), RANGE);
      if (read === null) return;
      for (const s of read.value) for (const p of s.points) expect(typeof p.at === 'number' && typeof p.value === 'number').toBe(true);
      expectTimelineOf(read.value, 'timeline');
      expectDrawnSafe(drawnProblems(null, read.warnings), 'warnings');
    });
  });

  it('readAlertsAt gives alerts with a start that is a time (or unknown), drawn sanitized, or a bad-response', async () => {
    await fuzzAsync(RUNS.decoder, [alertsAtInputs], async ([alerts, since]) => {
      // The scrape lookup after an empty instant is the series lookup fuzzed below: answered empty here.
      const reads = readsOf((path, form) => (path.endsWith('/series') ? {status: 'success', data: []} : form['query'] === 'ALERTS_FOR_STATE' ? since : alerts));
      const read = expectDecoded(await settleAsync(() => reads.readAlertsAt(HISTORY_TO)), INSTANT);
      if (read === null) return;
      for (const s of read.value) expect(s.activeAt === undefined || (Number.isFinite(s.activeAt) && s.activeAt <= HISTORY_TO)).toBe(true);
      expectAlertsAtDrawn(read.value);
    });
  });

  it('the series, label-names and alerting-rules lookups give a count, or a bad-response naming the endpoint', async () => {
    await fuzzAsync(RUNS.decoder, [decoderInput(seriesAnswer), decoderInput(labelNamesAnswer), decoderInput(anyRulesAnswer)], async (series, labels, rules) => {
      const reads = readsOf((path) => (path.endsWith('/series') ? series : path.endsWith('/labels') ? labels : rules));
      expectCount(expectDecoded(await settleAsync(() => reads.countAlertSeries(HISTORY_FROM, HISTORY_TO)), 'prom /api/v1/series')?.value);
      expectCount(expectDecoded(await settleAsync(() => reads.countLabelNames(HISTORY_FROM, HISTORY_TO)), 'prom /api/v1/labels')?.value);
      expectCount(expectDecoded(await settleAsync(() => reads.countAlertingRules()), 'prom /api/v1/rules')?.value);
      const lent = expectDecoded(await settleAsync(() => reads.readAlertingRules!()), 'prom /api/v1/rules');
      if (lent !== null) for (const r of lent.value) expect(typeof r.name).toBe('string');
    });
  });

  it('the rules lookups read every valid rules answer, however sparse (fields a Prometheus-compatible ruler leaves out)', async () => {
    await fuzzAsync(RUNS.valid, [anyRulesAnswer], async (rules) => {
      await expectRulesRead(readsOf(() => rules), rules);
    });
  });

  it('evaluationSeconds gives whole seconds a history grid can step by, or a bad-response', async () => {
    await fuzzAsync(RUNS.decoder, [decoderInput(evaluationConfigAnswer)], async (body) => {
      const seconds = expectDecoded(await settleAsync(() => readsOf(() => body).evaluationSeconds()), 'prom /api/v1/status/config');
      if (seconds === null) return;
      expect(Number.isSafeInteger(seconds) && seconds >= 1, `evaluation ${seconds}s`).toBe(true);
      // The step it gives reads the range on a grid that covers it.
      const grid = historyGrid(HISTORY_FROM, HISTORY_TO, historyStepSeconds(HISTORY_FROM, HISTORY_TO, seconds));
      expect(grid.length).toBeGreaterThan(0);
    });
  });
});

describe('createPrometheusSource history reads on any answer', () => {
  const backend = fakeBackend('http://prom.fuzz:9090');
  afterAll(() => backend.close());
  const source = createPrometheusSource({name: 'prom', baseUrl: backend.origin, dispatcher: backend.dispatcher, timeoutMs: 2_000, recordedRules: 'off'});
  const failure = (path: string) => new RegExp(`^(prom /api/v1/${path}|(GET|POST) http://prom\\.fuzz:9090/api/v1/${path})`);

  it('readAlertHistory: a timeline drawn sanitized, or a SourceFailure', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(alertsRangeAnswer)], async (answer) => {
      backend.answer(answer);
      const read = expectDecoded(await settleAsync(() => source.readAlertHistory(HISTORY_FROM, HISTORY_TO, HISTORY_STEP)), failure('query_range'));
      if (read === null) return;
      expectTimelineOf(read.value, 'timeline');
      expectDrawnSafe(drawnProblems(null, read.warnings), 'warnings');
    });
  });

  it('readAlertsAt: status --at alerts, their starts times or unknown, drawn sanitized, or a SourceFailure', async () => {
    const answers = alertsAtAnswers.chain(({alerts, since}) => fc.tuple(anyAnswer(fc.constant(alerts)), anyAnswer(fc.constant(since))));
    await fuzzAsync(RUNS.source, [answers], async ([alerts, since]) => {
      backend.answer((_, body) => (new URLSearchParams(body).get('query') === 'ALERTS_FOR_STATE' ? since : alerts));
      const read = expectDecoded(await settleAsync(() => source.readAlertsAt(HISTORY_TO)), failure('query'));
      if (read === null) return;
      expectAlertsAtDrawn(read.value);
      expectDrawnSafe(drawnProblems(null, read.warnings), 'warnings');
    });
  });

  it('the coverage lookups and the evaluation interval: a count (whole seconds), or a SourceFailure', async () => {
    const answers: fc.Arbitrary<Record<string, Answer>> = fc.record({series: anyAnswer(seriesAnswer), labels: anyAnswer(labelNamesAnswer), rules: anyAnswer(anyRulesAnswer), config: anyAnswer(evaluationConfigAnswer)});
    await fuzzAsync(RUNS.source, [answers], async (by) => {
      backend.answer((path) => by[path.split('/').at(-1)!] ?? json(null, 404));
      expectCount(expectDecoded(await settleAsync(() => source.countAlertSeries(HISTORY_FROM, HISTORY_TO)), failure('series'))?.value);
      expectCount(expectDecoded(await settleAsync(() => source.countLabelNames(HISTORY_FROM, HISTORY_TO)), failure('labels'))?.value);
      expectCount(expectDecoded(await settleAsync(() => source.countAlertingRules()), failure('rules'))?.value);
      expectDecoded(await settleAsync(() => source.readAlertingRules!()), failure('rules'));
      const seconds = expectDecoded(await settleAsync(() => source.evaluationSeconds()), failure('status/config'));
      if (seconds !== null) expect(Number.isSafeInteger(seconds) && seconds >= 1, `evaluation ${seconds}s`).toBe(true);
    });
  });

  it('decodes every valid history answer, however hostile its labels', async () => {
    await fuzzAsync(RUNS.valid, [alertsRangeAnswer, alertsAtAnswers, seriesAnswer, labelNamesAnswer, anyRulesAnswer], async (range, {alerts: vector, since}, series, labels, rules) => {
      backend.answer((path, body) => {
        if (path.endsWith('/query')) return json(new URLSearchParams(body).get('query') === 'ALERTS_FOR_STATE' ? since : vector);
        return json(path.endsWith('/query_range') ? range : path.endsWith('/series') ? series : path.endsWith('/labels') ? labels : rules);
      });
      const history = await settleAsync(() => source.readAlertHistory(HISTORY_FROM, HISTORY_TO, HISTORY_STEP));
      expect(history.ok, history.ok ? '' : String(history.error)).toBe(true);
      if (history.ok) expect(history.value.value).toHaveLength((range['data'] as {result: unknown[]}).result.length);
      const at = await settleAsync(() => source.readAlertsAt(HISTORY_TO));
      expect(at.ok, at.ok ? '' : String(at.error)).toBe(true);
      if (at.ok) expectAlertsAtDrawn(at.value.value);
      for (const count of [() => source.countAlertSeries(HISTORY_FROM, HISTORY_TO), () => source.countLabelNames(HISTORY_FROM, HISTORY_TO)]) {
        const read = await settleAsync(count);
        expect(read.ok, read.ok ? '' : String(read.error)).toBe(true);
      }
      await expectRulesRead(source, rules);
    });
  });
});
