/**
 * The screen of a set of contexts, from each context's own feed (its data and tables, built as
 * for one context): merged tables, the header's per-context health, and where a row's details and
 * actions go. One context is passed through as it is, so it renders exactly as before. Pure.
 */
import {perPane, type Pane} from '../actions/panes.ts';
import {mergeSourceHealth, type SourceHealth} from '../domain/health.ts';
import type {RollbackPlan} from '../domain/deploy.ts';
import type {FollowedRun} from './rows/run-lines.ts';
import type {AckStates} from '../queries/ack-state.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {shortNamesFor} from './context-short.ts';
import {contextLabel, mergeContextTables, type ContextMerge, type ContextSetTables} from './context-tables.ts';
import type {DashboardData, RefreshIntervals} from './hooks/use-dashboard-data.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import type {RollbackFailure, RollbackRuns} from './hooks/use-rollback-runs.ts';
import {idleReasons, mergedIdle} from './pane-status.ts';
import type {HiddenKinds} from '../domain/alert-states.ts';
import {splitContextFilter, type ContextMatcher} from '../domain/context-filter.ts';

/** One context the dashboard shows: its services and what the config says of it. */
export interface DashboardContext {
  services: ContextServices;
  /** Marked `production:`: its rows and its header name say PROD. */
  production?: boolean;
  /** Its own refresh cadences (config `refresh:` of the context); the dashboard's when absent. */
  intervals?: RefreshIntervals;
  runbookTemplate?: string;
}

/** What one context's feed publishes: its data, its tables, its acks and rollbacks. */
export interface ContextFeedSnapshot {
  context: DashboardContext;
  data: DashboardData;
  built: DashboardTables;
  /**
   * The filters `built` was built with (the feed's `filters` prop, by identity). The feeds build
   * after the dashboard renders, so for a render a filter change leaves the tables of the filter
   * before: the dashboard must not re-anchor its selections, nor note its cursors, on those (see
   * `tablesCurrent`).
   */
  filters: Record<Pane, string>;
  /** The hidden kinds `built` was built with (the feed's `hidden` prop, by identity), likewise. */
  hidden: HiddenKinds;
  /** The instant `built` was read for (the feed's `pastAt` prop; null: live), likewise. */
  pastAt: number | null;
  ackStates: AckStates;
  rollbacks: RollbackRuns;
}

/** The screen's view of the whole set. */
export interface ContextSetView {
  several: boolean;
  /** Merged data: the latest clock, each pane's sources named by context, one header entry per context. */
  data: DashboardData;
  built: ContextSetTables;
  feeds: readonly ContextFeedSnapshot[];
  /** The header: the contexts named (PROD before a production one, also when it is the only one), READ-ONLY only when every one is. */
  header: {context: string; readOnly: boolean; short?: string; sourceShort?: ReadonlyMap<string, string>; narrow?: string};
  /** A pane is idle only when it is idle in every context (see `mergedIdle`). */
  idle: Record<Pane, string | null>;
  /** Each pane's warnings of a context idle for a problem beside contexts that read (`prod-eu: no SLOs loaded: …`). */
  idleWarnings?: Record<Pane, readonly string[]>;
  runs: FollowedRun[];
  rollbackFailures: RollbackFailure[];
}

/** Each pane's filter split into its `ctx=` matchers and the rest (what a context's own filter sees). */
export function splitFilters(filters: Record<Pane, string>): {rest: Record<Pane, string>; matchers: Record<Pane, ContextMatcher[]>; errors: Record<Pane, string | null>} {
  const split = perPane((p) => splitContextFilter(filters[p]));
  // A bad `ctx=` in the alerts pane is not applied, as a bad alert filter is not: every alert
  // stays listed and the title says `showing all` (an alert hidden by a typo is worse than too
  // many shown). Other panes keep passing nothing, their empty pane saying the filter is in error.
  const alertsBad = split.alerts.error !== null;
  return {
    rest: perPane((p) => (p === 'alerts' && alertsBad ? '' : split[p].rest)),
    matchers: perPane((p) => (p === 'alerts' && alertsBad ? [] : split[p].matchers)),
    errors: perPane((p) => (p === 'alerts' && alertsBad ? `showing all, ${split[p].error}` : split[p].error)),
  };
}

/**
 * The alert sources a context reads, as a key: two contexts with the same key read the same
 * alerts, so their alerts are shown once. Each source counts by its `readKey`, the whole entry
 * the pool shares an adapter by: one URL read with another tenant header, token, path prefix,
 * or relabelling is another source (one Mimir's tenants hold different alerts). A source
 * without a URL or without a `readKey` is the context's own: such a context shares with no other.
 */
export function alertSourceKey(services: ContextServices): string {
  if (services.alertSources.length === 0 || services.alertSources.some((s) => s.cliUrl === undefined || s.readKey === undefined)) return '';
  return [...new Set(services.alertSources.map((s) => `${s.kind} ${s.readKey}`))].sort().join('\n');
}

/**
 * Each context's name to the contexts whose acks in flight its rows show: itself, and every other
 * context reading the same alerts ({@link alertSourceKey}). A shared set is listed under one of
 * them while its ack goes through a writable other: the row must show that ack in flight at once.
 */
export function ackContextsOf(contexts: readonly DashboardContext[]): ReadonlyMap<string, readonly string[]> {
  const keys = contexts.map((c) => alertSourceKey(c.services));
  return new Map(contexts.map((c, i) => [c.services.context, keys[i] === '' ? [c.services.context] : contexts.filter((_, j) => keys[j] === keys[i]).map((o) => o.services.context)]));
}

// A context's header entry: its label, ` RO` for a read-only one.
const healthName = (label: string, feed: ContextFeedSnapshot): string => `${label}${feed.context.services.readOnly ? ' RO' : ''}`;

/**
 * Each context's header entry name (`PROD prod-eu`) to its short name (`PROD eu`), the one its
 * rows' CONTEXT cells show when cut: a header that shortens names the contexts as the rows do.
 */
function sourceShortNames(feeds: readonly ContextFeedSnapshot[]): {sourceShort?: ReadonlyMap<string, string>} {
  // The same map while the set is the same: the header, memoised, is not drawn again for it.
  const key = feeds.map((f) => `${f.context.production ? 1 : 0}${f.context.services.readOnly ? 1 : 0}${f.context.services.context}`).join('\n');
  if (lastSourceShort?.key !== key) lastSourceShort = {key, names: buildSourceShortNames(feeds)};
  return lastSourceShort.names;
}

let lastSourceShort: {key: string; names: {sourceShort?: ReadonlyMap<string, string>}} | null = null;

// None where every short name is the full label: the set's cut labels already differ.
function buildSourceShortNames(feeds: readonly ContextFeedSnapshot[]): {sourceShort?: ReadonlyMap<string, string>} {
  const short = shortNamesFor(feeds.map((f) => ({name: f.context.services.context, production: f.context.production ?? false})));
  const names = new Map(
    feeds.map((f) => {
      const {context} = f.context.services;
      return [healthName(contextLabel(context, f.context.production ?? false), f), healthName(short.get(context) ?? context, f)];
    }),
  );
  return [...names].every(([from, to]) => from === to) ? {} : {sourceShort: names};
}

/** One header entry per context: its sources folded into one (failed if any failed, the oldest data's age). */
export function contextHealth(feed: ContextFeedSnapshot): SourceHealth {
  const {services, production} = feed.context;
  const name = healthName(contextLabel(services.context, production ?? false), feed);
  const sources = feed.data.health;
  if (sources.length === 0) return {name, kind: 'demo', last: 'ok', error: null, updatedAt: feed.data.now, warnings: [], retrying: false, staleAt: null};
  return mergeSourceHealth(sources.map((h) => ({...h, name})))[0]!;
}

function mergedData(feeds: readonly ContextFeedSnapshot[]): DashboardData {
  const first = feeds[0]!.data;
  const now = Math.max(...feeds.map((f) => f.data.now));
  const paneHealth = perPane((p) => feeds.flatMap((f) => f.data.paneHealth[p].map((h) => ({...h, name: `${f.context.services.context}/${h.name}`}))));
  const unread = feeds.flatMap((f) => f.data.unread.map((h) => ({...h, name: `${f.context.services.context}/${h.name}`})));
  return {...first, now, paneHealth, health: feeds.map(contextHealth), unread};
}

/** Past this many cells the header's `ctx` names the count: the health parts after it name each context. */
const SET_LABEL_MAX = 40;

// `20 contexts (3 PROD)`: the set by its count, when the names would crowd out the health parts.
function countLabel(feeds: readonly ContextFeedSnapshot[]): string {
  const prod = feeds.filter((f) => f.context.production).length;
  return `${feeds.length} contexts${prod > 0 ? ` (${prod} PROD)` : ''}`;
}

// `prod-eu,PROD prod-us`; the count past SET_LABEL_MAX cells (the header also falls back to it on a narrow line).
function setLabel(feeds: readonly ContextFeedSnapshot[]): string {
  const names = feeds.map((f) => contextLabel(f.context.services.context, f.context.production ?? false)).join(',');
  return names.length <= SET_LABEL_MAX ? names : countLabel(feeds);
}

// `staging,PROD eu,PROD us`: the set by the short names its cut CONTEXT cells show, when they differ and fit.
function narrowLabel(feeds: readonly ContextFeedSnapshot[]): {narrow?: string} {
  const short = shortNamesFor(feeds.map((f) => ({name: f.context.services.context, production: f.context.production ?? false})));
  const names = feeds.map((f) => short.get(f.context.services.context) ?? f.context.services.context).join(',');
  return names.length <= SET_LABEL_MAX && names !== setLabel(feeds) ? {narrow: names} : {};
}

// A rollback's plan as the notices above the deploys show it on a screen of several contexts.
const inContext = (plan: RollbackPlan, f: ContextFeedSnapshot): RollbackPlan => ({...plan, service: `${f.context.services.context}/${plan.service}`});

/** The view of `feeds` (in selection order) under the panes' `filters`; `merge` is the dashboard's merger (it keeps what did not change). */
export function contextSetView(feeds: readonly ContextFeedSnapshot[], matchers: Record<Pane, readonly ContextMatcher[]>, filterErrors: Record<Pane, string | null>, merge: ContextMerge = mergeContextTables): ContextSetView {
  const several = feeds.length > 1;
  const merged = merge(
    feeds.map((f) => ({name: f.context.services.context, production: f.context.production ?? false, alertKey: alertSourceKey(f.context.services), built: f.built})),
    matchers,
  );
  // A bad `ctx=` is the error of the pane whose filter holds it, said there and nowhere else.
  const ctxErrors = Object.entries(filterErrors).filter(([, e]) => e !== null);
  const built = ctxErrors.length > 0 ? {...merged, filterErrors: {...merged.filterErrors, ...Object.fromEntries(ctxErrors)}} : merged;
  const first = feeds[0]!;
  if (!several) {
    return {several, data: first.data, built, feeds, header: {context: contextLabel(first.context.services.context, first.context.production ?? false), readOnly: first.context.services.readOnly}, idle: idleReasons(first.context.services), runs: first.rollbacks.runs, rollbackFailures: first.rollbacks.failures};
  }
  const idles = perPane((p) => mergedIdle(feeds.map((f) => ({context: f.context.services.context, idle: idleReasons(f.context.services)[p]}))));
  return {
    several,
    data: mergedData(feeds),
    built,
    feeds,
    header: {context: setLabel(feeds), short: countLabel(feeds), readOnly: feeds.every((f) => f.context.services.readOnly), ...sourceShortNames(feeds), ...narrowLabel(feeds)},
    idle: perPane((p) => idles[p].idle),
    idleWarnings: perPane((p) => idles[p].warnings),
    // Shown above the deploys only: each names its context before the service.
    runs: feeds.flatMap((f) => f.rollbacks.runs.map((r) => ({...r, plan: inContext(r.plan, f)}))),
    rollbackFailures: feeds.flatMap((f) => f.rollbacks.failures.map((x) => ({...x, plan: inContext(x.plan, f)}))),
  };
}

/** The feed of `context` (a row's), the first when absent or unknown. */
export function feedOf(view: Pick<ContextSetView, 'feeds'>, context: string | undefined): ContextFeedSnapshot {
  return view.feeds.find((f) => f.context.services.context === context) ?? view.feeds[0]!;
}

/** Row `index` of `pane` as its own context sees it: that context's feed and the row's index there. */
export function rowOrigin(view: Pick<ContextSetView, 'feeds' | 'built'>, pane: Pane, index: number): {feed: ContextFeedSnapshot; index: number} {
  const origin = view.built.origins?.[pane][index];
  if (!origin) return {feed: view.feeds[0]!, index: view.built.origins ? -1 : index};
  return {feed: feedOf(view, origin.context), index: origin.index};
}
