/** The detail view of the selected row of a pane: its title and lines. Pure. */
import type {Pane} from '../actions/action-ids.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {alertDetails, deployDetails, sloDetails, type DetailLine} from './rows/detail-lines.ts';

/** The details of row `index` of `pane`; a group header or an empty pane says so. */
export function detailFor(pane: Pane, built: DashboardTables, index: number, now: number, runbookTemplate?: string): {title: string; lines: DetailLine[]} {
  const row = built.tables[pane].rows[index];
  if (pane === 'slos') {
    const r = row && built.reports.get(row.key);
    if (r) return {title: 'SLO details', lines: sloDetails(r, built.suspectByService.get(r.definition.service), now)};
  } else if (pane === 'alerts') {
    const a = row && built.alerts.get(row.key);
    if (a) return {title: 'Alert details', lines: alertDetails(a, now, runbookTemplate, built.suspectByService.get(a.labels['service'] ?? ''))};
  } else {
    const d = row && built.deploys.find((x) => x.id === row.key);
    if (d) return {title: 'Deploy details', lines: deployDetails(d, built.deploys, now, built.suspects.has(d.id))};
  }
  return {title: 'Details', lines: [{label: '', value: 'nothing selected (a group header has no details)'}]};
}
