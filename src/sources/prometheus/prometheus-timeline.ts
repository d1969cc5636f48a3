/**
 * The history a timeline is read from, on a Prometheus-compatible API: the rule evaluation
 * interval, the `ALERTS` series over a range with a heartbeat beside them (one range query each) and at an instant, whether it
 * holds any `ALERTS` series at all around an instant (one series lookup), any data at all over a
 * range (one label-names lookup), how many alerting rules it evaluates and their names, labels
 * and annotations now (one rules lookup each), every SLO's
 * ratios over a range (one range query per burn window for all SLOs, the period riding with the
 * 3d one, as a refresh reads them at one instant; one that fails loses only its windows, each
 * SLO's measurements saying which are unread), and every SLO's ratio over one span (one
 * instant query; one SLO whose query is refused is set aside, as in a refresh, and loses only its
 * own), for the budget spent between two events.
 */
import {parse} from 'yaml';
import {z} from 'zod';
import {parseDuration} from '../../domain/duration.ts';
import {batchRatioQuery, planRatioRequests, ratiosFromRequests, totalsFromRequests} from '../../domain/promql-batch.ts';
import {combinedRatioQuery, measurementsFromRatios, ratiosFromVector, readingRatio, type RatioReading, type VectorSample} from '../../domain/promql.ts';
import type {RatioWindow, SloDefinition} from '../../domain/slo.ts';
import {readsWindow} from '../../domain/slo-windows.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {AlertingRule} from '../../domain/rule-runbook.ts';
import type {AlertSeries} from '../../domain/timeline-alerts.ts';
import type {SloStep} from '../../domain/timeline-slo.ts';
import {historyGrid} from '../../domain/timeline.ts';
import {ALERT_HISTORY_SPAN_MS} from '../../domain/timeline-coverage.ts';
import {SourceFailure, type HistoryReader, type Sourced} from '../capabilities.ts';
import {decodeWire} from '../http/decode.ts';
import {HttpFailure} from '../http/http-errors.ts';
import type {Params} from '../http/http-client.ts';
import type {RefusedSlos} from './prometheus-refused.ts';
import {refusedWindows, requestScope, unreadWindows, whyUnread} from './prometheus-unread.ts';
import {decodeAlertingRules} from './prometheus-rules-wire.ts';
import {decodeMatrix, decodeVector} from './prometheus-wire.ts';

/** What the history reads need from the adapter that holds the connection. */
export interface HistoryDeps {
  name: string;
  /**
   * POSTs a form to an API path and unwraps the envelope; `partial`: the warnings that say the
   * answer was read in part (see `Sourced.partial`), absent or empty when none.
   */
  query(path: string, form: Params): Promise<{data: unknown; warnings: string[]; partial?: string[]}>;
  /** GETs an API path (with `query` parameters) and unwraps the envelope. */
  get(path: string, query?: Params): Promise<{data: unknown; warnings: string[]; partial?: string[]}>;
  withRecorded(slos: SloDefinition[]): Promise<{slos: SloDefinition[]; warnings: string[]}>;
  refused: RefusedSlos;
}

const matrixSeries = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])).nullish()})),
});
const configSchema = z.object({yaml: z.string()});
const seriesList = z.array(z.record(z.string(), z.string()));
const labelNames = z.array(z.string());
const DEFAULT_EVALUATION = '1m';
// The label that marks the heartbeat series in the instant read's answer: no ALERTS series has it.
const HEARTBEAT_LABEL = 'oncall_heartbeat';
// Prometheus' default lookback: an instant selector still answers with a sample this old.
const LOOKBACK_SECONDS = 300;

/**
 * The heartbeat at each step (or at an instant, `step` 0): how many `up` series had a scrape
 * within the window before it. The window is at least the 5-minute lookback, whatever the step:
 * a window of the step alone holds no scrape at most steps when the step is shorter than the
 * scrape interval (15 s steps, 60 s scrapes), and a healthy Prometheus would read as down three
 * steps in four. So a hole is a stretch with no scrape at all for over 5 minutes, the same rule
 * at an instant and over a range, and a coarser step covers its whole width.
 */
export function heartbeatQuery(step: number): string {
  return `count(last_over_time(up[${Math.max(step, LOOKBACK_SECONDS)}s]))`;
}

// The scope the span's refusals are remembered under: its query is neither a refresh's nor a
// range's, refused on its own (the span's length changes at every read, not its query).
const SPAN_SCOPE = 'span';

/**
 * A failure of the span's request said by the source and path (`prometheus /api/v1/query`), as
 * the other missing parts are, rather than by the backend's full address.
 */
function namedBySource(error: unknown, where: string): unknown {
  if (!(error instanceof HttpFailure)) return error;
  const said = error.message.replace(/^(GET|POST) \S+/, where);
  return said === error.message ? error : error.changed({message: said});
}

/** Creates the history reads of one Prometheus. */
// An alert's labels without the series name and its state: what ALERTS and ALERTS_FOR_STATE share.
function alertIdentity(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).filter(([k]) => k !== '__name__' && k !== 'alertstate').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// The answers' partial-response warnings, once each, as `Sourced.partial` (absent when none): a
// history read in part leaves out what the stores or tenants that did not answer hold.
function partialOf(...answers: ReadonlyArray<{partial?: readonly string[]}>): {partial?: string[]} {
  const partial = [...new Set(answers.flatMap((a) => a.partial ?? []))];
  return partial.length > 0 ? {partial} : {};
}

export function createHistoryReads(deps: HistoryDeps): HistoryReader {
  const {name} = deps;
  const rangePath = '/api/v1/query_range';

  async function ratioRange(asked: SloDefinition[], windows: RatioWindow[], from: number, to: number, step: number): Promise<Sourced<SloStep[]>> {
    const grid = historyGrid(from, to, step);
    const start = grid[0] ?? from;
    const {slos, warnings: notes} = await deps.withRecorded(asked);
    const groups = planRatioRequests(windows);
    const apart = windows.includes('period');
    // Each request stands alone, as in a refresh: one that fails (a load limit, a timeout on the
    // 3d and period read) loses the windows it carries, said per SLO, never every SLO's lines.
    const settled = await Promise.allSettled(
      groups.map(async (group) => {
        const answers = await deps.refused.run(slos, async (batch) => {
          const promql = batchRatioQuery(batch, group, apart);
          if (promql === null) return {byTime: new Map<number, VectorSample[]>(), warnings: [], partial: []};
          const answer = await deps.query(rangePath, {query: promql, start: start / 1000, end: (grid.at(-1) ?? to) / 1000, step});
          return {byTime: decodeMatrix(answer.data, `${name} ${rangePath}`), warnings: answer.warnings, partial: answer.partial ?? []};
        }, requestScope('timeline', group));
        return {group, answers};
      }),
    );
    // Nothing answered: the SLO part failed as a whole.
    if (settled.every((r) => r.status === 'rejected')) throw settled[0]!.reason;
    const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = unreadWindows(groups, settled);
    const refusedIn = slos.map((slo) => refusedWindows('timeline', groups, (scope) => deps.refused.errorOf(slo, scope)));
    const steps = grid.map((at): SloStep => {
      const atStep = results.map(({group, answers}) => ({group, samples: answers.flatMap((a) => a.byTime.get(at) ?? [])}));
      const found = ratiosFromRequests(atStep, slos);
      const ordered = new Map(windows.map((w) => [w, found.get(w) ?? new Map<string, RatioReading>()] as const));
      const measurements = measurementsFromRatios(slos, ordered, at, undefined, totalsFromRequests(atStep, slos)).map((m, i) => {
        const slo = slos[i]!;
        const own = refusedIn[i]!;
        const ratios = m.ratios.filter((r) => readsWindow(slo, r.window)).map((r) => {
          const why = whyUnread(slo, r.window, failed, own);
          return why === undefined ? r : {...r, ratio: null, unread: sanitize(why)};
        });
        // Refused in every request it rides in: its query is wrong, said as its own error.
        const error = ratios.length > 0 && ratios.every((r) => own.has(r.window)) ? own.get(ratios[0]!.window) : undefined;
        return {...m, ratios, ...(error === undefined ? {} : {error: sanitize(error)})};
      });
      return {at, measurements};
    });
    const warnings = [...new Set([...notes, ...results.flatMap((r) => r.answers.flatMap((a) => a.warnings))])];
    return {value: steps, warnings, ...partialOf(...results.flatMap((r) => r.answers))};
  }

  return {
    async evaluationSeconds() {
      const {data} = await deps.get('/api/v1/status/config');
      const {yaml} = decodeWire(configSchema, data, `${name} /api/v1/status/config`);
      let interval: unknown;
      try {
        interval = (parse(yaml) as {global?: {evaluation_interval?: unknown}} | null)?.global?.evaluation_interval;
      } catch {
        interval = undefined;
      }
      const ms = parseDuration(typeof interval === 'string' ? interval : DEFAULT_EVALUATION) ?? 60_000;
      const seconds = Math.max(1, Math.round(ms / 1000));
      // A duration of digits enough (`99999999999999999999y`) is past any step a grid can take:
      // the history's grid stepped by it began at 1970 (or, at Infinity, held no instant).
      return Number.isSafeInteger(seconds) ? seconds : 60;
    },

    async readAlertHistory(from, to, step, evaluation = step) {
      const grid = historyGrid(from, to, step);
      const points = (values: Array<[number, string]> | null | undefined) => (values ?? []).map(([t, v]) => ({at: Math.round(t * 1000), value: Number(v)}));
      // Sampled every step, an alert shorter than the step would fall between two samples: the
      // most over each step keeps it, at the first step after it began.
      const over = (series: string) => (step > evaluation ? `max_over_time(${series}[${step}s])` : series);
      // The heartbeat is its own request, run beside the alerts: counting every `up` series at
      // every step loads (series x steps) samples, which on a large tenant can pass the backend's
      // sample limit where `ALERTS` alone does not. Its failure loses the heartbeat only (said:
      // an outage then cannot be told from every alert resolving), never the alerts.
      const span = {start: (grid[0] ?? from) / 1000, end: (grid.at(-1) ?? to) / 1000, step};
      const [answer, beat] = await Promise.all([
        deps.query(rangePath, {query: over('ALERTS'), ...span}),
        (async () => {
          try {
            const a = await deps.query(rangePath, {query: heartbeatQuery(step), ...span});
            const beats = decodeWire(matrixSeries, a.data, `${name} ${rangePath}`).result.flatMap((s) => points(s.values).filter((p) => p.value > 0).map((p) => p.at));
            return {heartbeat: beats, warnings: a.warnings, partial: a.partial ?? []};
          } catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            return {unread: sanitize(`${name} heartbeat unread (${why}): a stretch where it held no data would read as every alert resolving`), warnings: [], partial: []};
          }
        })(),
      ]);
      const matrix = decodeWire(matrixSeries, answer.data, `${name} ${rangePath}`);
      const value: AlertSeries[] = matrix.result.map((s) => ({labels: s.metric, points: points(s.values)}));
      const warnings = [...new Set([...answer.warnings, ...beat.warnings])];
      // Read in part (a store down behind Thanos): its alerts, or its heartbeat (a step it
      // answered without reads as a hole), are missing; said by the caller as a missing part.
      const partial = partialOf(answer, beat);
      return 'unread' in beat ? {value, warnings, ...partial, heartbeatUnread: beat.unread} : {value, warnings, ...partial, heartbeat: beat.heartbeat};
    },

    async readAlertsAt(at) {
      // Beside ALERTS, ALERTS_FOR_STATE: its value is when each active alert became active (in
      // seconds), so the past's alerts have an age. Without it (refused, or not recorded) the
      // alerts are still listed, their start unknown. The heartbeat (the alert history's rule, at
      // one instant: cheap enough to ride with ALERTS): without it at `at` the backend held
      // nothing in the 5 minutes before, not "nothing fired".
      const [answer, since] = await Promise.all([
        deps.query('/api/v1/query', {query: `ALERTS or label_replace(${heartbeatQuery(0)}, "${HEARTBEAT_LABEL}", "1", "", "")`, time: at / 1000}),
        deps.query('/api/v1/query', {query: 'ALERTS_FOR_STATE', time: at / 1000}).then((a) => ({samples: decodeVector(a.data, `${name} /api/v1/query`), warnings: a.warnings}), () => ({samples: [], warnings: []})),
      ]);
      // Only a start by the instant asked: an alert active at `at` began then or before, and a
      // value past it (1e20 s is past any Date) would be drawn as an invalid time.
      const starts = new Map(
        since.samples.flatMap((s) => {
          const ms = Math.round(s.value * 1000);
          return ms > 0 && ms <= at ? [[alertIdentity(s.labels), ms] as const] : [];
        }),
      );
      const vector = decodeVector(answer.data, `${name} /api/v1/query`);
      const isHeartbeat = (labels: Record<string, string>) => labels[HEARTBEAT_LABEL] !== undefined && labels['alertname'] === undefined;
      const value: AlertSeries[] = vector.filter((s) => !isHeartbeat(s.labels)).map((s) => {
        const activeAt = starts.get(alertIdentity(s.labels));
        return activeAt === undefined ? {labels: s.labels, points: [{at, value: s.value}]} : {labels: s.labels, points: [{at, value: s.value}], activeAt};
      });
      // The starts' own warnings are said, not counted as read in part: a start left out is `?`, not wrong.
      const warnings = [...new Set([...answer.warnings, ...since.warnings])];
      if (value.length > 0 || vector.some((s) => isHeartbeat(s.labels) && s.value > 0)) return {value, warnings, ...partialOf(answer)};
      // No sample at all at `at`: a hole only when the backend scraped within the span before it
      // (as the timeline, a backend that scrapes nothing has no heartbeat that proves anything).
      const path = '/api/v1/series';
      const scraped = await deps.query(path, {'match[]': 'up', start: (at - ALERT_HISTORY_SPAN_MS) / 1000, end: at / 1000});
      const held = decodeWire(seriesList, scraped.data, `${name} ${path}`).length > 0;
      return {value, warnings: [...new Set([...warnings, ...scraped.warnings])], ...partialOf(answer, scraped), ...(held ? {heartbeat: false as const} : {})};
    },

    async countAlertSeries(from, to) {
      const path = '/api/v1/series';
      const answer = await deps.query(path, {'match[]': 'ALERTS', start: from / 1000, end: to / 1000});
      return {value: decodeWire(seriesList, answer.data, `${name} ${path}`).length, warnings: answer.warnings};
    },

    async countLabelNames(from, to) {
      // Label names, not series: a short answer on any Prometheus, and empty exactly when no
      // block (nor the head) covers the range.
      const path = '/api/v1/labels';
      const answer = await deps.query(path, {start: from / 1000, end: to / 1000});
      return {value: decodeWire(labelNames, answer.data, `${name} ${path}`).length, warnings: answer.warnings};
    },

    async countAlertingRules() {
      // Evaluated cleanly only: a rule not evaluated yet (`unknown`) or failing (`err`) writes no
      // ALERTS. A count of 0 reads as "no rule ran", so rules that do not say whether they ran
      // are said to be unknown rather than counted as none.
      const path = '/api/v1/rules';
      const answer = await deps.get(path, {type: 'alert'});
      const rules = decodeAlertingRules(answer.data, `${name} ${path}`);
      const value = rules.filter((r) => r.evaluated === true).length;
      const unsaid = rules.filter((r) => r.evaluated === null).length;
      if (value === 0 && unsaid > 0) {
        throw new SourceFailure('bad-response', sanitize(`${name} ${path}: ${unsaid} alerting rule${unsaid === 1 ? '' : 's'} without health or last evaluation, so whether ${unsaid === 1 ? 'it runs' : 'they run'} is unknown`));
      }
      return {value, warnings: answer.warnings};
    },

    async readAlertingRules() {
      const path = '/api/v1/rules';
      const answer = await deps.get(path, {type: 'alert'});
      const value: AlertingRule[] = decodeAlertingRules(answer.data, `${name} ${path}`).map(({name: rule, labels, annotations, shown}) => ({name: rule, labels, annotations, shown}));
      return {value, warnings: answer.warnings};
    },

    readRatioHistory: ratioRange,

    async readSpanRatios(asked, spanSeconds, at) {
      // A span is no window of any recorded rule: computed from the SLI queries, or unknown.
      const slos = asked.filter((s) => s.sli !== undefined);
      // In milliseconds: the span starts exactly at the first event, not a rounding away.
      const window = `${Math.max(1, Math.round(spanSeconds * 1000))}ms`;
      const path = '/api/v1/query';
      // One request for all SLOs, as before; one whose query Prometheus refuses is found by
      // splitting the batch, as in a refresh, and loses only its own budget spent.
      const answers = await deps.refused
        .run(slos, async (batch) => {
          const promql = combinedRatioQuery(batch, window);
          if (promql === null) return {ratios: new Map<string, number | null>(), warnings: [], partial: []};
          const answer = await deps.query(path, {query: promql, time: at / 1000});
          // A span's budget spent is a number or unknown: an idle span has no ratio to weigh.
          const read = ratiosFromVector(decodeVector(answer.data, `${name} ${path}`), batch, window);
          return {ratios: new Map([...read].map(([slo, reading]) => [slo, readingRatio(reading)] as const)), warnings: answer.warnings, partial: answer.partial ?? []};
        }, SPAN_SCOPE)
        .catch((error: unknown) => {
          throw namedBySource(error, `${name} ${path}`);
        });
      const ratios = new Map(answers.flatMap((a) => [...a.ratios]));
      const refused = new Map(asked.flatMap((s) => {
        const why = deps.refused.errorOf(s, SPAN_SCOPE);
        return why === undefined ? [] : [[s.name, sanitize(why)] as const];
      }));
      return {
        value: new Map(asked.map((s) => [s.name, ratios.get(s.name) ?? null] as const)),
        warnings: [...new Set(answers.flatMap((a) => a.warnings))],
        ...partialOf(...answers),
        ...(refused.size > 0 ? {refused} : {}),
      };
    },
  };
}
