/** The detail view of the selected row of a pane: its title and lines. Pure. */
import type {Pane} from '../actions/action-ids.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {PANE_VIEWS} from './panes/pane-registry.ts';
import type {DetailLine} from './rows/detail-lines.ts';
import type {OncallView} from './rows/oncall-lines.ts';
import type {RulesView} from './rows/rule-lines.ts';

/** The details of row `index` of `pane`; a group header or an empty pane says so. `rules`: the row's context's alerting rules as read. */
export function detailFor(pane: Pane, built: DashboardTables, index: number, now: number, runbookTemplate?: string, oncall?: OncallView | null, rules?: RulesView | null): {title: string; lines: DetailLine[]} {
  const row = built.tables[pane].rows[index];
  const detail = row ? PANE_VIEWS[pane].detail(row, {built, now, ...(runbookTemplate === undefined ? {} : {runbookTemplate}), ...(oncall ? {oncall} : {}), ...(rules ? {rules} : {})}) : null;
  if (detail === null) return {title: 'Details', lines: [{label: '', value: 'nothing selected (a group header has no details)'}]};
  // The row says STALE; so do its details, first: the numbers below are the last good answer's.
  return row?.stale === undefined ? detail : {...detail, lines: [staleLine(row.stale), ...detail.lines]};
}

function staleLine(mark: string): DetailLine {
  return {label: 'data', value: `${mark}: the last good answer, kept while its source fails (the header says which)`, tone: 'warn'};
}
