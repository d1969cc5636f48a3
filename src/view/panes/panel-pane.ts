/** The Panels pane: the context's saturation numbers (CPU, memory, queue depth …) against their thresholds. */
import {panelValueText} from '../../domain/panel-value.ts';
import {evaluatePanel, lowerIsWorse, panelState, type PanelReading, type PanelState} from '../../domain/panel.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {hasPanels, panelKey, panelQueryOptions, type PanelSnapshot} from '../../queries/panel-queries.ts';
import {highlightPanels, panelLimits, panelMark, panelRowKey, panelTable} from '../rows/panel-rows.ts';
import {filterTable} from '../rows/row-filter.ts';
import {definePaneFeed, type PaneBuild} from './pane-feed.ts';
import type {PaneView} from './pane-view.ts';
import {singleSourceHealth} from './single-source.ts';

// A refused query is counted as refused: its missing value is not "no data".
const STATES: ReadonlyArray<[PanelState, string]> = [
  ['crit', 'crit'],
  ['refused', 'refused'],
  ['warn', 'warn'],
  ['ok', 'ok'],
  ['no-data', 'no data'],
];

/** What the value is of, with several series: the worst one's, and how many had none now. */
function valueNote(r: PanelReading): string {
  const notes = [...(r.series > 1 ? [`the worst of ${r.series} series`] : []), ...(r.noData ? [`${r.noData} of ${r.series} series no data`] : [])];
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

/** What the Panels pane polls (one range query for every panel) and the table it builds. */
const panels = definePaneFeed('panels', {
  query: panelQueryOptions,
  key: panelKey,
  interval: (intervals) => intervals.panels,
  build(snapshot: PanelSnapshot | undefined, {services, freshness, filter}): PaneBuild<PanelReading> {
    // Before their first answer the configured panels are listed as loading, like SLOs.
    const known = snapshot?.readings ?? (services.panels ?? []).map((p) => evaluatePanel(p, undefined));
    // Read in part (a partial response): an ok row says so, as an SLO row does.
    const partial = (snapshot?.outcome.partial?.length ?? 0) > 0;
    return {table: filterTable(panelTable(known, freshness, partial), filter), items: new Map(known.map((r) => [panelRowKey(r.definition.name), r]))};
  },
});

/** The Panels pane; shown only by a context with `panels:`. */
export const panelPane: PaneView = {
  id: 'panels',
  feed: panels.feed,
  empty: 'no panels',
  noun: 'panels',
  idle: (services) => (!services.panels?.length ? 'no panels defined (panels: in the config)' : services.panelReader ? null : 'no Prometheus in this context'),
  shown: (services) => (services.panels?.length ?? 0) > 0,
  health: (services, d, live) => (services.panelReader && hasPanels(services) ? [singleSourceHealth(services.panelReader, panels.result(d), d.failures.panels, live)] : []),
  total: (built) => panels.items(built).size,
  summary(built) {
    const states = [...panels.items(built).values()].map(panelState);
    const parts = STATES.map(([state, word]) => {
      const n = states.filter((s) => s === state).length;
      return n ? `${n} ${word}` : '';
    });
    return parts.filter(Boolean).join(' · ') || 'no panels';
  },
  label: (row, built) => {
    const r = panels.items(built).get(row.key);
    return r && sanitize(r.definition.name);
  },
  serviceOf: (row, built) => panels.items(built).get(row.key)?.definition.service,
  highlight: (table, service, built) => highlightPanels(table, service, (row) => panels.items(built).get(row.key)?.definition.service),
  detail(row, {built}) {
    const r = panels.items(built).get(row.key);
    if (!r) return null;
    const p = r.definition;
    // Before any answer the reading is a placeholder: its state is what the row says (`… LOADING`,
    // `? UNKNOWN (prometheus timeout)`), never the `? NO DATA` of a query that answered empty.
    const mark = panelMark(r);
    const unread = row.stale === undefined && row.cells[0]?.text !== mark.text && r.error === undefined;
    const state = unread ? {value: row.cells[0]!.text, tone: row.cells[0]!.tone ?? 'muted'} : {value: r.error ? `${mark.text}: ${sanitize(r.error)}` : mark.text, tone: mark.tone};
    return {
      title: 'Panel details',
      lines: [
        {label: 'Panel', value: sanitize(p.name)},
        ...(p.service ? [{label: 'Service', value: sanitize(p.service)}] : []),
        {label: 'State', value: state.value, tone: state.tone},
        {label: 'Value', value: `${panelValueText(p, r.value)}${valueNote(r)}`},
        {label: 'Thresholds', value: `${panelLimits(p)} (warn/crit, ${lowerIsWorse(p) ? 'lower is worse' : 'higher is worse'})`},
        {label: 'Unit', value: p.unit},
        {label: 'Query', value: sanitize(p.query)},
      ],
    };
  },
  wide: {row: 0, share: 0.5},
};
