/**
 * Where a row of the merged screen goes: its details and the action target are read from its own
 * context's tables, so `a`/`u` reach that context's Alertmanagers and `R` its rollback provider,
 * and a row of a read-only context says so while rows of other contexts may act (an alert that
 * context shares with a writable one acts through that one: same Alertmanagers). Pure.
 */
import {perPane, type Pane} from '../actions/panes.ts';
import type {SelectionInfo} from '../actions/keymap.ts';
import {partialHistory, partialHistoryWarning, staleHistoryReason} from '../domain/rollback-history.ts';
import {sanitize} from '../domain/sanitize.ts';
import {contextLabel, type ContextSetTables} from './context-tables.ts';
import type {Alert} from '../domain/alert.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {alertSourceKey, feedOf, rowOrigin, type ContextFeedSnapshot, type ContextSetView, type DashboardContext} from './context-set.ts';
import {detailFor} from './detail-for.ts';
import {alertsStaleMark} from './rows/alert-rows.ts';
import {freshnessOf} from './rows/freshness.ts';
import type {OncallView} from './rows/oncall-lines.ts';
import type {RulesView} from './rows/rule-lines.ts';
import {PANE_ENTRIES} from './panes/pane-registry.ts';
import {selectionInfo} from './selection.ts';

/** No rows yet: what the dashboard works with before the first feed has published. */
export const EMPTY_SET_TABLES: ContextSetTables = {
  tables: perPane(() => ({columns: [], rows: []})),
  origins: null,
  reports: new Map(),
  alerts: new Map(),
  deploys: [],
  items: {},
  suspects: new Set(),
  suspectByService: new Map(),
  filterErrors: {},
  hiddenAlerts: {acked: 0, silenced: 0, inhibited: 0},
};

/** The panes of the set, in Tab order: an optional pane (Panels) when some context configures it. */
export function setShownPanes(contexts: readonly DashboardContext[]): Pane[] {
  return PANE_ENTRIES.filter((p) => !p.optional || contexts.some((c) => p.view.shown?.(c.services) ?? true)).map((p) => p.id);
}

/**
 * The action target of row `index` of `pane`: taken from the row's own context (its rollback
 * provider, runbook template, acks in flight). With several contexts it names the context and
 * says whether that context is read-only; one context's target is as it always was. A deploy
 * history of the row's context that is not fresh is noted (`historyRefusal`).
 */
export function rowSelection(view: ContextSetView, pane: Pane, index: number, where: {now: number; runbookTemplate?: string}): SelectionInfo | null {
  const {feed, index: own} = actingOrigin(view, pane, rowOrigin(view, pane, index));
  return selectionIn(view, pane, feed, feed.built, own, where);
}

// The target of row `own` of `built`, a table of `feed`'s context.
function selectionIn(view: ContextSetView, pane: Pane, feed: ContextFeedSnapshot, built: DashboardTables, own: number, where: {now: number; runbookTemplate?: string}): SelectionInfo | null {
  const {services, runbookTemplate} = feed.context;
  const info = selectionInfo(pane, built, own, {
    context: services.context,
    provider: services.rollbacker?.name ?? 'rollback',
    now: where.now,
    ...((runbookTemplate ?? where.runbookTemplate) === undefined ? {} : {runbookTemplate: runbookTemplate ?? where.runbookTemplate}),
    ackStates: feed.ackStates,
  });
  if (!info) return null;
  // The history the row's rollback would be planned from: not fresh, `R` refuses (deploy-actions.ts).
  const refusal = services.deploySource ? staleHistoryReason(feed.data.paneHealth.deploys, where.now, info.service) : null;
  // Fresh but read in part (entries skipped, a page unread): the plan may go from a deploy that no
  // longer runs, so its preview says so, as `oncall rollback` does before asking.
  const partial = services.deploySource && info.rollbackPlan ? partialHistory(feed.data.paneHealth.deploys) : [];
  const warned = partial.length === 0 || !info.rollbackPlan ? info : {...info, rollbackWarnings: [sanitize(partialHistoryWarning(partial, info.rollbackPlan.service)), ...(info.rollbackWarnings ?? [])]};
  const stale = refusal === null ? warned : {...warned, historyRefusal: refusal};
  // A plan this context's rollback provider would refuse (another service than its Argo CD app's).
  const scope = info.rollbackPlan ? (services.rollbacker?.capabilities.refusal?.(info.rollbackPlan) ?? null) : null;
  const checked = scope === null || stale.rollbackRefusal !== undefined ? stale : {...stale, rollbackRefusal: sanitize(scope)};
  if (!view.several) return checked;
  return {...checked, context: services.context, readOnly: services.readOnly};
}

/**
 * Where an action on a row goes: its own context, except for an alert of a set several contexts
 * share when that context is read-only. Read-only promises that nothing is written through that
 * context; another member the user let write reads the very same Alertmanagers, so its ack is
 * the one the user asked for. The first writable member (in selection order) whose own table
 * lists the row acts, with its own tables, acks in flight and name; none: the row's context
 * (all read-only, or the writer has not read the row yet), which refuses and says whose.
 */
function actingOrigin(view: ContextSetView, pane: Pane, origin: {feed: ContextFeedSnapshot; index: number}): {feed: ContextFeedSnapshot; index: number} {
  if (pane !== 'alerts' || !view.several || !origin.feed.context.services.readOnly) return origin;
  const key = alertSourceKey(origin.feed.context.services);
  const rowKey = origin.feed.built.tables.alerts.rows[origin.index]?.key;
  if (key === '' || rowKey === undefined) return origin;
  for (const feed of view.feeds) {
    if (feed.context.services.readOnly || alertSourceKey(feed.context.services) !== key) continue;
    const index = feed.built.tables.alerts.rows.findIndex((r) => r.key === rowKey);
    if (index >= 0) return {feed, index};
  }
  return origin;
}

/** The details of row `index` of `pane`, from its own context; `rules` are that context's (see {@link rowContextServices}). */
export function rowDetail(view: ContextSetView, pane: Pane, index: number, now: number, runbookTemplate?: string, oncall?: OncallView | null, rules?: RulesView | null) {
  const {feed, index: own} = rowOrigin(view, pane, index);
  const detail = detailFor(pane, feed.built, own, now, feed.context.runbookTemplate ?? runbookTemplate, oncall, rules);
  if (!view.several) return detail;
  // With several contexts the details cover the pane, its CONTEXT column with it: they say whose
  // row it is (a production one as PROD), in full, before deciding on an ack or a rollback.
  const context = contextLabel(feed.context.services.context, feed.context.production ?? false);
  return {...detail, lines: [{label: 'context', value: sanitize(context), ...(feed.context.production ? {tone: 'critical' as const} : {})}, ...detail.lines]};
}

/** The services of the context row `index` of `pane` comes from: whose rules its details show. */
export function rowContextServices(view: ContextSetView, pane: Pane, index: number) {
  return rowOrigin(view, pane, index).feed.context.services;
}

/** The services of `context` (a confirmation's target), the first context's when absent. */
export function servicesOf(view: ContextSetView, context: string | undefined) {
  return feedOf(view, context).context.services;
}

/**
 * An alert row of open details that the table no longer draws while its context still reads the
 * alert: the filter or a hide toggle keeps it off (acked with `h` on, say). It is not gone, and
 * its details and keys stay its own. Its feed and a one-row table of it, so its target and
 * details are built as a listed row's. A group header is still read while any of its members is
 * (as the command line's `:ack` counts it): its row then holds those members. Null: another
 * pane's row, or its context reads none of it any more (it resolved).
 */
export interface UnlistedAlert {
  feed: ContextFeedSnapshot;
  /** The alert, or the group's members still read (never empty): why each is not drawn. */
  alerts: Alert[];
  /** The feed's tables with the alert pane holding this row alone. */
  built: DashboardTables;
}

/** The {@link UnlistedAlert} of `target`, a row no longer drawn; null when it is gone. */
export function unlistedAlert(view: ContextSetView, target: SelectionInfo): UnlistedAlert | null {
  if (target.kind !== 'alert') return null;
  const feed = feedOf(view, target.context);
  const group = target.groupFingerprints;
  const ids = (group ?? [target.id]).filter((id) => feed.built.alerts.has(`a:${id}`));
  const alerts = ids.flatMap((id) => feed.built.alerts.get(`a:${id}`) ?? []);
  if (alerts.length === 0) return null;
  const row = group
    ? {key: target.id, cells: [], tone: 'text' as const, group: {label: target.label, ids}}
    : {key: `a:${target.id}`, id: target.id, cells: [], tone: 'text' as const};
  const table = {columns: feed.built.tables.alerts.columns, rows: [row]};
  return {feed, alerts, built: {...feed.built, tables: {...feed.built.tables, alerts: table}}};
}

/** The action target of an unlisted alert, as it is now (acked since, say): what its keys act on. */
export function unlistedSelection(view: ContextSetView, unlisted: UnlistedAlert, where: {now: number; runbookTemplate?: string}): SelectionInfo | null {
  return selectionIn(view, 'alerts', unlisted.feed, unlisted.built, 0, where);
}

/** The details of an unlisted alert, as it is now. */
export function unlistedDetail(unlisted: UnlistedAlert, now: number, runbookTemplate?: string, oncall?: OncallView | null, rules?: RulesView | null) {
  return detailFor('alerts', withStaleMark(unlisted, now), 0, now, unlisted.feed.context.runbookTemplate ?? runbookTemplate, oncall, rules);
}

// The one-row table marked stale as the table would mark its row: hidden or not, the details of
// last good data must say so, with its age, before anyone acts on it.
function withStaleMark(unlisted: UnlistedAlert, now: number): DashboardTables {
  const {data} = unlisted.feed;
  const freshness = freshnessOf(data.paneHealth.alerts, now);
  const staleness = {allAgeMs: freshness.kind === 'stale' ? freshness.ageMs : null, since: data.alerts.data?.staleSince ?? {}};
  const mark = alertsStaleMark(unlisted.alerts.map((a) => a.fingerprint), Math.floor(now / 1000) * 1000, staleness);
  const row = unlisted.built.tables.alerts.rows[0];
  if (mark === undefined || row === undefined) return unlisted.built;
  const table = {...unlisted.built.tables.alerts, rows: [{...row, stale: mark}]};
  return {...unlisted.built, tables: {...unlisted.built.tables, alerts: table}};
}
