/** Builds the pane tables from the current data and filters; recomputed only when inputs change. */
import {useMemo, useState} from 'react';
import {perPane, type Pane} from '../../actions/panes.ts';
import type {KeptAck} from '../../domain/ack-keeping.ts';
import type {Alert} from '../../domain/alert.ts';
import {parseAlertFilter, matchesFilter} from '../../domain/alert-filter.ts';
import {applyHidden, NOTHING_HIDDEN, type HiddenCounts, type HiddenKinds} from '../../domain/alert-states.ts';
import {alertSignals, findSuspects, sloSignals} from '../../domain/correlation.ts';
import type {Deploy} from '../../domain/deploy.ts';
import type {SourceHealth} from '../../domain/health.ts';
import {suspectByService as suspectByServiceOf} from '../../domain/rollback-plan.ts';
import {evaluateSlo} from '../../domain/slo-math.ts';
import type {SloDefinition, SloReport} from '../../domain/slo.ts';
import {createAlertTableBuilder, type AckProgress} from '../rows/alert-rows.ts';
import {freshnessOf, type Freshness} from '../rows/freshness.ts';
import {createDeployTableKeeper} from '../rows/deploy-rows.ts';
import {filterTable} from '../rows/row-filter.ts';
import type {Table} from '../rows/row-types.ts';
import {sloRowKey, sloTable} from '../rows/slo-rows.ts';
import type {DashboardData} from './use-dashboard-data.ts';
import {useFeedTables} from './use-feed-tables.ts';

/** The tables and the domain objects behind each row key, for details and actions. */
export interface DashboardTables {
  tables: Record<Pane, Table>;
  reports: Map<string, SloReport>;
  alerts: Map<string, Alert>;
  deploys: Deploy[];
  /** The domain object behind each row key of every self-contained pane (a panel's reading …), by pane. */
  items: Partial<Record<Pane, ReadonlyMap<string, unknown>>>;
  suspects: ReadonlySet<string>;
  /** The newest suspect deploy per service. */
  suspectByService: ReadonlyMap<string, Deploy>;
  /**
   * Each pane's filter that could not be parsed (a bad regex), by pane: shown in that pane's
   * title instead of silently ignored. Only panes in error have an entry.
   */
  filterErrors: Partial<Record<Pane, string>>;
  /** Alerts matching the filter that the hide toggles keep off the table, per kind. */
  hiddenAlerts: HiddenCounts;
  /** What ack-until-resolved last did to each alert's ack, by fingerprint (the context's own keeper). */
  kept?: ReadonlyMap<string, KeptAck>;
  /**
   * The key that rolls back a row's suspect deploy from each pane, as the rows and details offer
   * it (`(R)`, `R rolls it back`); null where it cannot (see {@link RollbackKeys}). Absent: none.
   */
  rollbackKeys?: RollbackKeys;
}

/**
 * The key bound to the rollback that reaches it from the alerts and from the SLO pane (`R`
 * unless `keys:` moved it), or null where no key does: unbound, shadowed, or removed in a
 * read-only dashboard.
 */
export interface RollbackKeys {
  alerts: string | null;
  slos: string | null;
}

/** No key offers a rollback. */
export const NO_ROLLBACK_KEYS: RollbackKeys = {alerts: null, slos: null};

// One object for "no filter in error", so tables without one compare equal.
const NO_FILTER_ERRORS: Partial<Record<Pane, string>> = {};

// One empty map, so leaving the argument out does not rebuild the alert table on every render.
const NO_PROGRESS: ReadonlyMap<string, AckProgress> = new Map();

// How often the suspect of each service is read again with the clock alone changed.
const SUSPECT_CLOCK_MS = 600_000;

/** Computes the tables of the dashboard. */
export function useDashboardTables(
  data: DashboardData,
  filters: Record<Pane, string>,
  groupBy: readonly string[],
  suspectWindowMs: number,
  environment?: string,
  ackProgress: ReadonlyMap<string, AckProgress> = NO_PROGRESS,
  hidden: HiddenKinds = NOTHING_HIDDEN,
  past = false,
  boundRollbackKeys: RollbackKeys = NO_ROLLBACK_KEYS,
): DashboardTables {
  const reportsList = data.slos.data?.reports;
  const history = data.history.data;
  const alertList = data.alerts.data?.alerts;
  const deployList = data.deploys.data?.deploys;
  // Ages are whole seconds; Ink's incremental rendering rewrites only rows whose text changed.
  const now = Math.floor(data.now / 1000) * 1000;
  // Kept for the dashboard's life: a poll rebuilds only the groups whose alerts changed.
  const [alertTables] = useState(createAlertTableBuilder);
  // The same deploy table while no age or mark in it changed (see createDeployTableKeeper).
  const [deployTable] = useState(createDeployTableKeeper);
  // What does not depend on the clock is built once per alert list, filter or ack change, not
  // on every clock second: grouping and sorting 10,000 alerts takes tens of milliseconds.
  const alertView = useMemo(() => {
    const alerts = alertList ?? [];
    let filterError: string | null = null;
    let shownAlerts = alerts;
    if (filters.alerts.trim()) {
      const parsed = parseAlertFilter(filters.alerts);
      if (parsed.ok) shownAlerts = alerts.filter((a) => matchesFilter(a, parsed.filter));
      // Not applied: every alert stays listed (hiding alerts over a typo is worse), and the title
      // says so first, where a narrow pane's cut still leaves it.
      else filterError = `showing all, ${parsed.error}`;
    }
    const {shown, hiddenCounts} = applyHidden(shownAlerts, hidden);
    return {
      alerts,
      byKey: new Map(alerts.map((a) => [`a:${a.fingerprint}`, a])),
      tableAt: alertTables.prepare(shown, groupBy, ackProgress),
      filterError,
      hiddenCounts,
    };
  }, [alertTables, alertList, filters.alerts, groupBy, ackProgress, hidden]);
  // Deploys suspect from alerts, per alert or deploy list: the alerts' starts do not move with the clock.
  // No deploy, no suspect: the signals of 10,000 alerts are not made for nothing on every poll.
  const alertSuspects = useMemo(() => (deployList === undefined || deployList.length === 0 ? new Map<string, never[]>() : findSuspects(deployList, alertSignals(alertList ?? [], environment), suspectWindowMs)), [deployList, alertList, environment, suspectWindowMs]);
  // Freshness by value: the memo below must not rebuild on every render for an equal one.
  const fresh = perPane((p) => freshnessOf(data.paneHealth[p], now));
  const freshKey = JSON.stringify(fresh);
  const staleSince = data.alerts.data?.staleSince;
  const configured = data.configuredSlos;
  // Self-contained panes (Panels …): each entry builds its own table from its own snapshot.
  const fed = useFeedTables(data, fresh, freshKey, filters, now);
  // Keep what you know: before the first answer, and when it never came, every configured SLO
  // is still listed (loading, or unknown with the reason), never an empty "no SLOs" pane. Built
  // again when the SLO answer or the sparklines change, not for another source's answer: twenty
  // contexts starting made ~140 SLO tables, 7 per context, for one answer each.
  const placeholderAt = reportsList === undefined ? now : 0;
  // Never read because the source failed: each placeholder carries why, so its details say
  // `unknown` and the error rather than `no-data` (which reads as an answer without data).
  const neverRead = reportsList === undefined && fresh.slos.kind === 'unknown' ? failures(data.paneHealth.slos) : null;
  const reports = useMemo(
    () => (reportsList ?? placeholders(configured, placeholderAt, neverRead)).map((r) => ({...r, history: history?.[r.definition.name]})),
    [reportsList, configured, placeholderAt, neverRead, history],
  );
  const deploys = useMemo(() => deployList ?? [], [deployList]);
  // A deploy is suspect when some signal follows it: those of SLO burns (moving with the clock) or of alerts.
  const sloSuspects = findSuspects(deploys, sloSignals(reports, now, environment), suspectWindowMs);
  const suspectIds = [...new Set([...alertSuspects.keys(), ...sloSuspects.keys()])].sort();
  // By value (the ids as one key): the same suspects a second later are the same objects, so the
  // SLO table keeps. The memo runs only in a render whose ids made a new key, so it reads them.
  const suspectKey = JSON.stringify(suspectIds);
  const {suspects, suspectByService} = useMemo(() => {
    const ids = new Set(suspectIds);
    // The suspect deploy of each service, shown beside its SLOs and alerts and rolled back by R there.
    // `now` of the render that made the key, renewed every 10 minutes: liveness turns at hours
    // (ROLLOUT_MAX_MS), not seconds, and unchanged suspects and deploys must not keep a rollout
    // live past it while the selection (reading the clock) already says it is not.
    const byService = suspectByServiceOf(deploys, ids, now);
    return {suspects: ids as ReadonlySet<string>, suspectByService: byService as ReadonlyMap<string, Deploy>};
  }, [suspectKey, deploys, Math.floor(now / SUSPECT_CLOCK_MS)]);
  // `fresh.slos` is read through its key.
  const sloFreshKey = JSON.stringify(fresh.slos);
  // Read in part (a partial response): the rows say so, as `status` does.
  const sloPartial = data.paneHealth.slos.some((h) => (h.partial?.length ?? 0) > 0);
  const slos = useMemo(() => filterTable(sloTable(reports, suspectByService, fresh.slos, sloPartial), filters.slos), [reports, suspectByService, sloFreshKey, filters.slos, sloPartial]);
  const sloByKey = useMemo(() => new Map(reports.map((r) => [sloRowKey(r.definition.name, fresh.slos), r])), [reports, sloFreshKey]);
  // Built each render (tens of rows), the same object while nothing in it changed; filtered once per such table.
  const deployRows = deployTable(deploys, now, suspects, staleAge(fresh.deploys));
  const deployShown = useMemo(() => filterTable(deployRows, filters.deploys), [deployRows, filters.deploys]);
  // A key is offered only where it can roll back: R is refused in a read-only context, without a
  // rollback backend and in the past, so a row offering it there offered a key that does nothing.
  const canRollBack = !past && !data.services.readOnly && data.services.rollbacker !== null;
  const rollbackKeys = canRollBack ? boundRollbackKeys : NO_ROLLBACK_KEYS;
  return useMemo(
    () => ({
      tables: {
        slos,
        alerts: alertView.tableAt(now, suspectByService, {allAgeMs: staleAge(fresh.alerts), since: staleSince ?? {}}, {rollbackKey: rollbackKeys.alerts, past}),
        deploys: deployShown,
        ...fed.tables,
      } as Record<Pane, Table>,
      reports: sloByKey,
      alerts: alertView.byKey,
      deploys,
      items: fed.items,
      suspects,
      suspectByService,
      filterErrors: alertView.filterError === null ? NO_FILTER_ERRORS : {alerts: alertView.filterError},
      hiddenAlerts: alertView.hiddenCounts,
      rollbackKeys,
    }),
    // `fresh` is read through its key.
    [slos, sloByKey, alertView, deploys, deployShown, suspects, suspectByService, fed, now, freshKey, staleSince, rollbackKeys, past],
  );
}

function placeholders(slos: readonly SloDefinition[], now: number, neverRead: string | null): SloReport[] {
  return slos.map((slo) => evaluateSlo(slo, {slo: slo.name, at: now, ratios: [], ...(neverRead === null ? {} : {error: `never read: ${neverRead}`})}));
}

// The failed sources' messages, `name: error`, for a pane that never had data.
function failures(sources: readonly SourceHealth[]): string | null {
  const failed = sources.filter((h) => h.last === 'failed').map((h) => `${h.name}: ${h.error ?? 'failed'}`);
  return failed.length === 0 ? null : failed.join('; ');
}

const staleAge = (f: Freshness): number | null => (f.kind === 'stale' ? f.ageMs : null);
