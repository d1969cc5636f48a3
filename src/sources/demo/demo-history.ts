/**
 * The demo's history reader: what a Prometheus would answer about the past of the demo, derived
 * from the same generator the present comes from (the traffic model and the alert rules on the
 * clock), so the timeline and time travel run their real code in `oncall demo`. `ALERTS` holds
 * an alert at a step when its rule was active then (`isAlertActive`), pending or firing as the
 * rule is; SLO ratios at a step are the model's ratios then; a rollback the user ran changes the
 * history from its end on, as it changes the present. The alerting rules it runs "today" are the
 * rules behind the demo's alerts, so an alert of the past borrows its runbook as with Prometheus.
 */
import {parseDuration} from '../../domain/duration.ts';
import type {AlertingRule, RuleShown} from '../../domain/rule-runbook.ts';
import type {AlertSeries} from '../../domain/timeline-alerts.ts';
import {historyGrid, MAX_RANGE_POINTS} from '../../domain/timeline.ts';
import {SourceFailure, type HistoryReader} from '../capabilities.ts';
import {isAlertActive} from './demo-alerts.ts';
import type {DemoAlertSpec} from './demo-scenario-alerts.ts';
import type {DemoTraffic} from './demo-traffic.ts';

/** The demo's rule evaluation interval, seconds. */
export const DEMO_EVALUATION_SECONDS = 15;

/** What the history is derived from. */
export interface DemoHistoryDeps {
  t0: number;
  specs: readonly DemoAlertSpec[];
  metrics: DemoTraffic;
}

/** The `ALERTS` labels of a demo alert in a state. */
function alertLabels(spec: DemoAlertSpec): Record<string, string> {
  return {__name__: 'ALERTS', ...spec.labels, alertstate: spec.pending ? 'pending' : 'firing'};
}

/**
 * The alerting rules behind the demo's alerts, one per alert name and severity: the rule fixes
 * its `severity` (the label a rule sets itself); the service, team and instance come from the
 * series it selects. Its annotations are the alert's, runbook link among them.
 */
export function demoAlertingRules(specs: readonly DemoAlertSpec[]): AlertingRule[] {
  const rules = new Map<string, AlertingRule>();
  for (const spec of specs) {
    const name = spec.labels['alertname'] ?? '';
    const severity = spec.labels['severity'];
    const labels: Record<string, string> = severity === undefined ? {} : {severity};
    const key = JSON.stringify([name, labels]);
    if (!rules.has(key)) rules.set(key, {name, labels, annotations: spec.annotations, shown: demoRuleShown(spec)});
  }
  return [...rules.values()];
}

// What the alert details show of a demo rule: its expression is the one its alerts' generator
// link carries (`g0.expr`, as Prometheus writes the link from the rule), so the demo shows the
// rule in the details as a real Prometheus does; the ruler's bookkeeping it does not invent.
function demoRuleShown(spec: DemoAlertSpec): RuleShown {
  let query: string | null = null;
  try {
    query = new URL(spec.generatorUrl).searchParams.get('g0.expr');
  } catch {
    query = null;
  }
  return {query, forSeconds: null, keepFiringForSeconds: null, group: 'demo', file: null, health: 'ok', lastError: null, lastEvaluation: null};
}

/** Creates the demo's history reader. */
export function createDemoHistory(deps: DemoHistoryDeps): HistoryReader {
  const {t0, specs, metrics} = deps;
  const grid = (from: number, to: number, step: number): number[] => {
    if (!(step > 0) || to < from) throw new SourceFailure('bad-response', 'invalid history range or step');
    const points = Math.floor((to - from) / (step * 1000)) + 1;
    if (points > MAX_RANGE_POINTS) throw new SourceFailure('bad-response', `history of ${points} points exceeds ${MAX_RANGE_POINTS}`);
    return historyGrid(from, to, step);
  };
  const activeAt = (spec: DemoAlertSpec, at: number) => isAlertActive(spec, t0, at, metrics.ratioAt);
  return {
    evaluationSeconds: async () => DEMO_EVALUATION_SECONDS,
    async readAlertHistory(from, to, step) {
      const steps = grid(from, to, step);
      const value: AlertSeries[] = specs
        .map((spec) => ({labels: alertLabels(spec), points: steps.filter((at) => activeAt(spec, at)).map((at) => ({at, value: 1}))}))
        .filter((s) => s.points.length > 0);
      return {value, warnings: []};
    },
    async readAlertsAt(at) {
      // The start the live demo gives the same alert, so its age in the past counts from it.
      return {value: specs.filter((spec) => activeAt(spec, at)).map((spec) => ({labels: alertLabels(spec), points: [{at, value: 1}], activeAt: t0 + spec.startsOffsetMs})), warnings: []};
    },
    // The demo's rules are evaluated from its start on: it keeps the history of each of them.
    countAlertSeries: async () => ({value: specs.length, warnings: []}),
    // The demo's scenario answers for any instant.
    countLabelNames: async () => ({value: 1, warnings: []}),
    countAlertingRules: async () => ({value: demoAlertingRules(specs).length, warnings: []}),
    readAlertingRules: async () => ({value: demoAlertingRules(specs), warnings: []}),
    async readRatioHistory(slos, windows, from, to, step) {
      const steps = await Promise.all(grid(from, to, step).map(async (at) => ({at, measurements: (await metrics.readRatios(slos, windows, at)).value})));
      return {value: steps, warnings: []};
    },
    async readSpanRatios(slos, spanSeconds, at) {
      return {value: new Map(slos.map((s) => [s.name, parseDuration(s.window) === null ? null : metrics.ratioAt(s.name, at, spanSeconds * 1000)] as const)), warnings: []};
    },
  };
}
