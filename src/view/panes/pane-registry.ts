/**
 * Every pane of the dashboard, by id: the key layer's spec (`actions/pane-list.ts`) and the view's
 * entry (`pane-views.ts`). The screen, the layout, the pane titles and health, details,
 * summaries, the polling and the tables of self-contained panes all go through here, so a pane is
 * spelled once in each layer's list.
 */
import {PANE_LIST, type Pane, type PaneSpec} from '../../actions/panes.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {PaneFeed} from './pane-feed.ts';
import type {PaneView} from './pane-view.ts';
import {PANE_VIEWS} from './pane-views.ts';

export {PANE_VIEWS} from './pane-views.ts';

/** The key layer's spec and the view entry of one pane. */
export type PaneEntry = PaneSpec<Pane> & {view: PaneView};

/** Every pane in Tab order. */
export const PANE_ENTRIES: readonly PaneEntry[] = (PANE_LIST as ReadonlyArray<PaneSpec<Pane>>).map((spec) => ({...spec, view: PANE_VIEWS[spec.id]}));

/** The panes this context shows, in Tab order: every pane but the optional ones it does not configure. */
export function shownPanes(services: ContextServices): Pane[] {
  return PANE_ENTRIES.filter((p) => !p.optional || (p.view.shown?.(services) ?? true)).map((p) => p.id);
}

/** A self-contained pane: one whose entry owns its query and table builder. */
export interface FeedPane {
  id: Pane;
  feed: PaneFeed;
}

/** The self-contained panes, in Tab order: polled and built by looping over this list. */
export const FEED_PANES: readonly FeedPane[] = PANE_ENTRIES.flatMap((p) => (p.view.feed ? [{id: p.id, feed: p.view.feed}] : []));
