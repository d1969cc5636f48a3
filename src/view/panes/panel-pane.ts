/** The Panels pane: the context's saturation numbers (CPU, memory, queue depth …) against their thresholds. */
import {formatPanelValue, lowerIsWorse, PANEL_MARKS, type PanelLevel} from '../../domain/panel.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {hasPanels} from '../../queries/panel-queries.ts';
import {highlightPanels, panelLimits} from '../rows/panel-rows.ts';
import type {PaneView} from './pane-view.ts';
import {singleSourceHealth} from './single-source.ts';

const LEVELS: ReadonlyArray<[PanelLevel, string]> = [
  ['crit', 'crit'],
  ['warn', 'warn'],
  ['ok', 'ok'],
  ['no-data', 'no data'],
];

/** The Panels pane; shown only by a context with `panels:`. */
export const panelPane: PaneView = {
  id: 'panels',
  empty: 'no panels',
  noun: 'panels',
  idle: (services) => (!services.panels?.length ? 'no panels defined (panels: in the config)' : services.panelReader ? null : 'no Prometheus in this context'),
  shown: (services) => (services.panels?.length ?? 0) > 0,
  health: (services, d, live) => (services.panelReader && hasPanels(services) ? [singleSourceHealth(services.panelReader, d.panels, d.failures.panels, live)] : []),
  total: (built) => built.panels.size,
  summary(built) {
    const levels = [...built.panels.values()].map((r) => r.level);
    const parts = LEVELS.map(([level, word]) => {
      const n = levels.filter((l) => l === level).length;
      return n ? `${n} ${word}` : '';
    });
    return parts.filter(Boolean).join(' · ') || 'no panels';
  },
  serviceOf: (row, built) => built.panels.get(row.key)?.definition.service,
  highlight: (table, service, built) => highlightPanels(table, service, (row) => built.panels.get(row.key)?.definition.service),
  detail(row, {built}) {
    const r = built.panels.get(row.key);
    if (!r) return null;
    const p = r.definition;
    return {
      title: 'Panel details',
      lines: [
        {label: 'Panel', value: sanitize(p.name)},
        ...(p.service ? [{label: 'Service', value: sanitize(p.service)}] : []),
        {label: 'State', value: r.error ? `✖ QUERY REFUSED: ${sanitize(r.error)}` : PANEL_MARKS[r.level], tone: r.error || r.level === 'crit' ? 'critical' : r.level === 'warn' ? 'warn' : r.level === 'ok' ? 'ok' : 'muted'},
        {label: 'Value', value: `${formatPanelValue(r.value, p.unit)}${r.series > 1 ? ` (the worst of ${r.series} series)` : ''}`},
        {label: 'Thresholds', value: `${panelLimits(p)} (warn/crit, ${lowerIsWorse(p) ? 'lower is worse' : 'higher is worse'})`},
        {label: 'Unit', value: p.unit},
        {label: 'Query', value: sanitize(p.query)},
      ],
    };
  },
  wide: {row: 0, share: 0.5},
};
