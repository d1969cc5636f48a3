/** The deploy pane: recent deploys, suspects marked, with rollback runs and freezes above them. */
import {deployDetails} from '../rows/detail-lines.ts';
import {failureLines, freezeLines, runLines} from '../rows/run-lines.ts';
import {contextOfKey} from '../context-tables.ts';
import type {SloReport} from '../../domain/slo.ts';
import type {PaneView} from './pane-view.ts';
import {singleSourceHealth} from './single-source.ts';

/** The deploy pane. */
export const deployPane: PaneView = {
  id: 'deploys',
  empty: 'no deploys',
  noun: 'deploys',
  idle: (services) => (services.deploySource === null ? 'no deploy history (deploys: in the config)' : null),
  health: (services, d, live) => (services.deploySource ? [singleSourceHealth(services.deploySource, d.deploys, d.failures.deploys, live)] : []),
  total: (built) => built.deploys.length,
  summary: (built) => `${built.deploys.length} deploys${built.suspects.size ? ` · ${built.suspects.size} suspect` : ''}`,
  notices: ({built, now, runs, rollbackFailures}) => [...failureLines(rollbackFailures, now), ...runLines(runs, now), ...freezeLines(built.reports.values(), reportContexts(built.reports))],
  serviceOf: (row, built) => built.deploys.find((x) => x.id === row.key)?.service,
  detail(row, {built, now}) {
    const d = built.deploys.find((x) => x.id === row.key);
    return d ? {title: 'Deploy details', lines: deployDetails(d, built.deploys, now, built.suspects.has(d.id))} : null;
  },
  wide: {row: 1, share: 0.42},
};

/** The context of each report of a merged table (from its scoped key); none for one context's own keys. */
function reportContexts(reports: ReadonlyMap<string, SloReport>): (r: SloReport) => string | null {
  const byReport = new Map<SloReport, string | null>();
  for (const [key, r] of reports) byReport.set(r, contextOfKey(key));
  return (r) => byReport.get(r) ?? null;
}
