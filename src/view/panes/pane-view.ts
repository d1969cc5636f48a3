/**
 * The view's half of a pane, as data: what it polls and the table it builds (`feed`), what its
 * empty table and collapsed line say, its details, its place on a wide screen. The key layer's
 * half (id, focus key, title) is in `actions/pane-list.ts`; `pane-registry.ts` ties the two by id.
 */
import type {Pane} from '../../actions/panes.ts';
import type {FollowedRun} from '../rows/run-lines.ts';
import type {SourceHealth} from '../../domain/health.ts';
import type {HiddenKinds} from '../../domain/alert-states.ts';
import type {Liveness} from '../../queries/source-outcome.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {NoticeLine} from '../components/TablePane.tsx';
import type {PaneResults} from '../hooks/use-dashboard-data.ts';
import type {DashboardTables} from '../hooks/use-dashboard-tables.ts';
import type {DetailLine} from '../rows/detail-lines.ts';
import type {PaneFeed} from './pane-feed.ts';
import type {OncallView} from '../rows/oncall-lines.ts';
import type {RulesView} from '../rows/rule-lines.ts';
import type {Row, Table} from '../rows/row-types.ts';
import type {RollbackFailure} from '../hooks/use-rollback-runs.ts';

/** What a pane's notice lines (above its table) may read. */
export interface NoticeInput {
  built: DashboardTables;
  now: number;
  runs: readonly FollowedRun[];
  rollbackFailures: readonly RollbackFailure[];
  /** The alert sources not read, and why (`unreadNote`); null when every source is read. */
  unread: string | null;
}

/** What a pane's details may read. */
export interface DetailInput {
  built: DashboardTables;
  now: number;
  runbookTemplate?: string;
  /** Who is on call, when a source of the context can tell. */
  oncall?: OncallView;
  /** Today's alerting rules of the row's context, as far as read: the alert details show its rule. */
  rules?: RulesView;
}

/** One pane of the dashboard, as the view sees it. */
export interface PaneView {
  id: Pane;
  /**
   * What the pane polls and how its table is built, when the pane is self-contained. The SLO,
   * alert and deploy panes have none: their tables read each other (suspect deploys beside SLOs
   * and alerts), so `use-dashboard-tables.ts` builds them together.
   */
  feed?: PaneFeed;
  /** What the table says when there is nothing at all, e.g. `no alerts firing`. */
  empty: string;
  /** What the rows are, in `no alerts match the filter`. */
  noun: string;
  /** Why the pane has nothing to read in this context (`null`: it reads a source). */
  idle(services: ContextServices): string | null;
  /** Only for optional panes: whether this context shows the pane at all. */
  shown?(services: ContextServices): boolean;
  /** The health of the sources behind the pane, from its query's result and latest failure. */
  health(services: ContextServices, results: PaneResults, live: Liveness): SourceHealth[];
  /** Several sources feed it: failures and warnings in its title name the source. */
  namesSources?: boolean;
  /** How many things there are before filters and toggles (the title says `4 of 7`). */
  total(built: DashboardTables): number;
  /** The line a collapsed pane shows. */
  summary(built: DashboardTables, view?: {past: boolean; unread?: string | null}): string;
  /**
   * The pane's part of the one line that sums up the panes a very short screen leaves out,
   * naming the pane itself, what must survive a cut first (`2 crit · 5 active alerts · …`).
   * Without it, the pane's title and {@link summary}.
   */
  brief?(built: DashboardTables, view?: {past: boolean; unread?: string | null}): string;
  /** What the hide toggles keep off the table, e.g. `hiding 2 acked`; empty when nothing. */
  hiding?(hidden: HiddenKinds, built: DashboardTables): string;
  /** Lines above the table (rollback runs above the deploys). */
  notices?(input: NoticeInput): NoticeLine[];
  /**
   * What a row of a self-contained pane is called in messages (sanitized), or undefined when
   * the row stands for nothing (then nothing is selected). The SLO, alert and deploy panes'
   * rows are described in `selection.ts`, with their actions' targets.
   */
  label?(row: Row, built: DashboardTables): string | undefined;
  /** The service `row` is about (an SLO's, an alert's `service` label), so other panes can mark theirs. */
  serviceOf?(row: Row, built: DashboardTables): string | undefined;
  /** The table with the rows of `service` (selected in the focused pane) marked; the same table when none. */
  highlight?(table: Table, service: string, built: DashboardTables): Table;
  /** The details of `row`, or null when it has none (a group header). */
  detail(row: Row, input: DetailInput): {title: string; lines: DetailLine[]} | null;
  /**
   * Where the pane sits when the window is wide: `row` 0 across the top, 1 below; panes of one
   * row share its width in proportion to `share`.
   */
  wide: {row: 0 | 1; share: number};
}
