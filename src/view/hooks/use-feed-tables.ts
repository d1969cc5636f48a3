/**
 * The tables of the self-contained panes (entries with a `feed`, see `panes/pane-feed.ts`): each
 * built by its entry from its own snapshot, looping over the registry without naming a pane.
 */
import {useMemo} from 'react';
import type {Pane} from '../../actions/panes.ts';
import {FEED_PANES} from '../panes/pane-registry.ts';
import type {Freshness} from '../rows/freshness.ts';
import type {Table} from '../rows/row-types.ts';
import type {DashboardData} from './use-dashboard-data.ts';

/** The tables and items of the self-contained panes, by pane. */
export interface FeedTables {
  tables: Partial<Record<Pane, Table>>;
  items: Partial<Record<Pane, ReadonlyMap<string, unknown>>>;
}

/**
 * Builds every self-contained pane's table. A pane's table is rebuilt only when its snapshot, the
 * context, its freshness or its filter changes (and every clock second for a `clocked` one), and
 * the result keeps its identity while none did, so the dashboard's memo downstream holds.
 * @param freshKey `fresh` by value: the freshness records are new objects on every render
 */
export function useFeedTables(data: DashboardData, fresh: Record<Pane, Freshness>, freshKey: string, filters: Record<Pane, string>, now: number): FeedTables {
  // Hooks in a loop: the registry is a module constant, so every render calls them in the same order.
  const built = FEED_PANES.map(({id, feed}) => {
    const snapshot = data[id as keyof DashboardData & Pane]?.data;
    const clock = feed.clocked ? now : 0;
    return useMemo(
      () => feed.build(snapshot, {services: data.services, freshness: fresh[id], filter: filters[id], now}),
      // `fresh` is read through its key; `now` only when the feed is clocked.
      [snapshot, data.services, freshKey, filters[id], clock],
    );
  });
  return useMemo(
    () => ({
      tables: Object.fromEntries(FEED_PANES.map((p, i) => [p.id, built[i]!.table])),
      items: Object.fromEntries(FEED_PANES.map((p, i) => [p.id, built[i]!.items])),
    }),
    built,
  );
}
