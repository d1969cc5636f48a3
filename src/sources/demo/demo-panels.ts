/**
 * The demo's panels: CPU, memory and queue depth of every demo service, as a real config would
 * write them, read from a model instead of Prometheus. checkout's bad release saturates it: its
 * saturation follows its 5-minute error ratio, so it shows with the page and eases after a
 * rollback, as the SLOs do. A slow wobble keeps the sparklines honest about being live.
 */
import {panelGrid, type PanelSeries} from '../../domain/panel-batch.ts';
import type {PanelDefinition} from '../../domain/panel.ts';
import type {PanelReader} from '../capabilities.ts';
import {CHECKOUT_INCIDENT_RATIO, MINUTE} from './demo-scenario.ts';

/** A service's usual load: CPU and memory as a share of its limits, and its queue depth. */
interface ServiceLoad {
  service: string;
  cpu: number;
  memory: number;
  queue: number;
}

const LOADS: readonly ServiceLoad[] = [
  {service: 'checkout', cpu: 0.46, memory: 0.61, queue: 35},
  {service: 'payments', cpu: 0.33, memory: 0.52, queue: 12},
  {service: 'search', cpu: 0.58, memory: 0.7, queue: 80},
  {service: 'inventory', cpu: 0.21, memory: 0.4, queue: 3},
  {service: 'auth', cpu: 0.38, memory: 0.47, queue: 1},
];

/** How far each measure of checkout climbs at the full incident ratio: CPU past crit, memory into warn, the queue past crit. */
const INCIDENT_RISE = {cpu: 0.48, memory: 0.23, queue: 1800};

type Measure = 'cpu' | 'memory' | 'queue';

const QUERIES: Record<Measure, (s: string) => string> = {
  cpu: (s) => `sum(rate(container_cpu_usage_seconds_total{service="${s}"}[5m])) / sum(kube_pod_container_resource_limits{service="${s}",resource="cpu"})`,
  memory: (s) => `sum(container_memory_working_set_bytes{service="${s}"}) / sum(kube_pod_container_resource_limits{service="${s}",resource="memory"})`,
  queue: (s) => `max(queue_depth{service="${s}"})`,
};
const NAMES: Record<Measure, string> = {cpu: 'cpu', memory: 'memory', queue: 'queue depth'};

/** The demo's panel definitions: three per service, in service order. */
export function demoPanelDefinitions(): PanelDefinition[] {
  return LOADS.flatMap(({service}) =>
    (['cpu', 'memory', 'queue'] as const).map((m) => ({
      name: `${service} ${NAMES[m]}`,
      service,
      query: QUERIES[m](service),
      ...(m === 'queue' ? {unit: 'count' as const, warn: 500, crit: 1000} : {unit: 'ratio' as const, warn: 0.8, crit: 0.9}),
    })),
  );
}

/**
 * The panel reader of the demo. `incidentRatio(at)` is checkout's 5-minute error ratio at `at`
 * (the scenario's), which drives its saturation.
 */
export function createDemoPanels(incidentRatio: (at: number) => number | null): PanelReader {
  const models = new Map<string, (at: number) => number>();
  LOADS.forEach((load, i) => {
    for (const m of ['cpu', 'memory', 'queue'] as const) {
      // A different phase per panel, a 7-minute period: ±2 % of a ratio, ±4 % of a queue.
      const phase = i * 1.7 + (m === 'cpu' ? 0 : m === 'memory' ? 2.1 : 4.2);
      const wobble = (at: number) => Math.sin((2 * Math.PI * at) / (7 * MINUTE) + phase);
      const rise = load.service === 'checkout' ? INCIDENT_RISE[m] : 0;
      models.set(`${load.service} ${NAMES[m]}`, (at) => {
        const incident = Math.min(1, (incidentRatio(at) ?? 0) / CHECKOUT_INCIDENT_RATIO);
        const base = load[m] + rise * incident;
        return m === 'queue' ? Math.max(0, Math.round(base * (1 + 0.04 * wobble(at)))) : base + (m === 'cpu' ? 0.02 : 0.01) * wobble(at);
      });
    }
  });
  return {
    async readPanels(panels, at) {
      const grid = panelGrid(at);
      const value = new Map<string, PanelSeries>(
        panels.map((p) => {
          const model = models.get(p.name);
          return [p.name, {points: grid.map((t) => ({at: t, value: model ? model(t) : null})), series: model ? 1 : 0}];
        }),
      );
      return {value, warnings: []};
    },
  };
}
