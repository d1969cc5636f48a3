/**
 * A complete, offline environment for `oncall demo`: the scenario's metrics, alerts, silences,
 * deploys and rollbacks behind the same capability interfaces as the real adapters, so everything
 * above `sources/` runs its real code. State is a pure function of the clock plus the events the
 * user caused (silences, rollbacks), held in the instance: a fake clock drives it in tests.
 */
import type {AlertLister, ContextServices, SloHistoryReader, SloRatioReader} from '../capabilities.ts';
import {createDemoAlerts, type DemoAlertmanager} from './demo-alerts.ts';
import {createDemoDeploys, type DemoDeploys} from './demo-deploys.ts';
import {createDemoPaging, type DemoPaging} from './demo-pagerduty.ts';
import {createDemoHistory} from './demo-history.ts';
import {DEMO_ALERTS, DEMO_SILENCES} from './demo-scenario-alerts.ts';
import {DEMO_DEPLOYS} from './demo-scenario-deploys.ts';
import {DEMO_PAGING_NAME} from './demo-scenario-paging.ts';
import {createDemoPanels, demoPanelDefinitions} from './demo-panels.ts';
import {DEMO_ENVIRONMENT, DEMO_SLOS, MINUTE, demoSloDefinitions} from './demo-scenario.ts';
import {createDemoSilences} from './demo-silences.ts';
import {createDemoTraffic, type DemoTraffic} from './demo-traffic.ts';

/** The context name the demo registers under. */
export const DEMO_CONTEXT = 'demo';

/** Source names, as the header and `seenBy` show them. */
export const DEMO_SOURCE_NAMES = {prometheus: 'prometheus', alertmanager: 'alertmanager', pagerduty: DEMO_PAGING_NAME, ci: 'ci'} as const;

/** Options of {@link createDemoEnvironment}. */
export interface DemoOptions {
  /** The clock every read is evaluated against, in epoch ms. */
  now: () => number;
  /** T0 of the scenario; defaults to `now()` at creation. */
  startedAt?: number;
  /** Seconds from triggering a rollback to its success; default 10. */
  rollbackSeconds?: number;
  /**
   * Stops the scenario's clock at this instant (epoch ms): every read answers as of then,
   * whatever instant it asks about, so polls return unchanged data. For benchmarks of idle
   * refreshes, where the live scenario's numbers would change at every poll.
   */
  frozenAt?: number;
  /** Who acknowledges incidents through the dashboard (the ack author); default `demo-user`. */
  user?: string;
}

/** The demo: the services the app consumes, and the typed backends behind them for tests. */
export interface DemoEnvironment {
  services: ContextServices;
  /** T0 of the scenario, in epoch ms. */
  startedAt: number;
  metrics: DemoTraffic;
  alertmanager: DemoAlertmanager;
  prometheus: AlertLister;
  /** The PagerDuty-like paging service. */
  pagerduty: DemoPaging;
  ci: DemoDeploys;
}

/** The metrics as of `at`, whatever instant is asked about (the history keeps its span). */
function frozenMetrics(metrics: DemoTraffic, at: number): SloRatioReader & SloHistoryReader {
  return {
    readRatios: (slos, windows) => metrics.readRatios(slos, windows, at),
    readHistory: (slo, from, to, stepSeconds) => metrics.readHistory(slo, at - (to - from), at, stepSeconds),
  };
}

/** Creates an independent demo environment: two calls share no state. */
export function createDemoEnvironment(options: DemoOptions): DemoEnvironment {
  const {frozenAt} = options;
  const now = frozenAt === undefined ? options.now : () => frozenAt;
  const t0 = options.startedAt ?? now();
  const rollbackMs = (options.rollbackSeconds ?? 10) * 1000;

  const metrics = createDemoTraffic(DEMO_SLOS, t0);
  const silences = createDemoSilences(
    now,
    DEMO_SILENCES.map(({startsOffsetMs, endsOffsetMs, ...rest}) => ({...rest, startsAt: t0 + startsOffsetMs, endsAt: t0 + endsOffsetMs})),
  );
  const {alertmanager, prometheus} = createDemoAlerts({
    now,
    t0,
    specs: DEMO_ALERTS,
    silences,
    ratioAt: metrics.ratioAt,
    names: {alertmanager: DEMO_SOURCE_NAMES.alertmanager, prometheus: DEMO_SOURCE_NAMES.prometheus},
  });
  const pagerduty = createDemoPaging({now, t0, ratioAt: metrics.ratioAt, name: DEMO_SOURCE_NAMES.pagerduty, user: options.user ?? 'demo-user'});
  const ci = createDemoDeploys({
    now,
    t0,
    specs: DEMO_DEPLOYS,
    rollbackMs,
    onRollbackScheduled: (plan, succeedsAt) => metrics.endEpisodesOnRollback(plan.service, plan.environment, succeedsAt),
  });

  const ratio5m = (at: number) => metrics.ratioAt('checkout-availability', at, 5 * MINUTE);
  const panels = createDemoPanels(frozenAt === undefined ? ratio5m : () => ratio5m(frozenAt));
  const services: ContextServices = {
    context: DEMO_CONTEXT,
    readOnly: false,
    slos: demoSloDefinitions(),
    // The history (timeline, time travel) is derived from the same generator as the present.
    sloReader: {name: DEMO_SOURCE_NAMES.prometheus, kind: 'prometheus', capabilities: {...(frozenAt === undefined ? metrics : frozenMetrics(metrics, frozenAt)), ...createDemoHistory({t0, specs: DEMO_ALERTS, metrics})}},
    // Each handle has the kind of the adapter it stands in for (cli/compose.ts): what is decided
    // by kind (an alert's `source`, the action log's warning on each Alertmanager, `kind` in
    // `status --json`) comes out as it does with a real config.
    alertSources: [
      {name: DEMO_SOURCE_NAMES.alertmanager, kind: 'alertmanager', capabilities: alertmanager},
      {name: DEMO_SOURCE_NAMES.prometheus, kind: 'prometheus', capabilities: prometheus},
      {name: DEMO_SOURCE_NAMES.pagerduty, kind: 'pagerduty', capabilities: pagerduty},
    ],
    deploySource: {name: DEMO_SOURCE_NAMES.ci, kind: 'deploys', capabilities: ci},
    rollbacker: {name: DEMO_SOURCE_NAMES.ci, kind: 'rollback', capabilities: ci},
    environment: DEMO_ENVIRONMENT,
    panels: demoPanelDefinitions(),
    panelReader: {name: DEMO_SOURCE_NAMES.prometheus, kind: 'prometheus', capabilities: frozenAt === undefined ? panels : {readPanels: (defs) => panels.readPanels(defs, frozenAt)}},
  };
  return {services, startedAt: t0, metrics, alertmanager, prometheus, pagerduty, ci};
}
