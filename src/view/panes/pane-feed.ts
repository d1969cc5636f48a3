/**
 * What a self-contained pane polls and how it builds its table, as data in the pane's own entry.
 * `use-dashboard-data.ts` subscribes to the query of every entry with a feed and
 * `use-dashboard-tables.ts` builds its table, looping over the registry without naming a pane.
 * The snapshot and item types stay the pane's own: `definePaneFeed` checks the feed against them
 * in the pane's file, and gives the pane typed readers of its result and items, so the one
 * unchecked step (the registry holds feeds of different types) is here, not in each pane.
 */
import type {QueryKey, QueryObserverOptions, QueryObserverResult} from '@tanstack/query-core';
import type {Pane} from '../../actions/panes.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {RefreshIntervals} from '../hooks/use-dashboard-data.ts';
import type {Freshness} from '../rows/freshness.ts';
import type {Table} from '../rows/row-types.ts';

/** What a feed's table is built from. */
export interface PaneBuildInput {
  services: ContextServices;
  /** How current the pane's rows are, from the health of its sources. */
  freshness: Freshness;
  /** The pane's filter as typed (without its `ctx=` matchers). */
  filter: string;
  /** The clock in whole seconds; only a feed with `clocked` is rebuilt when it moves. */
  now: number;
}

/** A pane's table and the domain object behind each of its row keys (for details and marks). */
export interface PaneBuild<Item> {
  table: Table;
  items: ReadonlyMap<string, Item>;
}

/** A self-contained pane's query and table builder, typed by its snapshot, its rows' items and its query key. */
export interface PaneFeedSpec<Snap, Item, Key extends QueryKey> {
  /** The pane's query in this context, polled every `intervalMs` (`false`: not polled). */
  query(services: ContextServices, opts: {intervalMs: number | false; now: () => number}): QueryObserverOptions<Snap, Error, Snap, Snap, Key>;
  /** Its query key, under which its failed attempts are recorded (`queries/last-failure.ts`). */
  key(context: string): Key;
  /** Its cadence, from the context's refresh settings (`refresh:` in the config). */
  interval(intervals: RefreshIntervals): number;
  /**
   * Its table (already filtered) and items from the latest snapshot (`undefined` before the first
   * answer: list what is configured as loading rather than nothing). Pure.
   */
  build(snapshot: Snap | undefined, input: PaneBuildInput): PaneBuild<Item>;
  /** Rows that show ages: rebuilt every clock second, not only when the data changes. */
  clocked?: boolean;
}

/** A feed as the registry holds it: the same functions, their types erased (the pane's file checked them). */
export interface PaneFeed {
  query(services: ContextServices, opts: {intervalMs: number | false; now: () => number}): QueryObserverOptions<unknown, Error, unknown, unknown, QueryKey>;
  key(context: string): QueryKey;
  interval(intervals: RefreshIntervals): number;
  build(snapshot: unknown, input: PaneBuildInput): PaneBuild<unknown>;
  clocked?: boolean;
}

/** What `definePaneFeed` gives the pane's file: the feed for its entry and typed readers of what it produced. */
export interface TypedPaneFeed<Snap, Item> {
  feed: PaneFeed;
  /** The pane's items in built tables (empty when none were built). */
  items(built: {items: Partial<Record<Pane, ReadonlyMap<string, unknown>>>}): ReadonlyMap<string, Item>;
  /** The pane's query result among the dashboard's results. */
  result(results: Partial<Record<Pane, QueryObserverResult<unknown, Error>>>): QueryObserverResult<Snap, Error>;
}

const NO_ITEMS: ReadonlyMap<string, never> = new Map<string, never>();

/** The feed of pane `pane`, checked against its own snapshot, item and key types. */
export function definePaneFeed<Snap, Item, Key extends QueryKey>(pane: Pane, spec: PaneFeedSpec<Snap, Item, Key>): TypedPaneFeed<Snap, Item> {
  return {
    // The registry holds feeds of different types; each pane's slots are only ever filled by its own feed.
    feed: spec as unknown as PaneFeed,
    items: (built) => (built.items[pane] as ReadonlyMap<string, Item> | undefined) ?? NO_ITEMS,
    result: (results) => results[pane] as QueryObserverResult<Snap, Error>,
  };
}
