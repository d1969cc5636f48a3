/**
 * Panels against a real Prometheus, counted on the wire: gauges backfilled with values known
 * per minute, read through the real Prometheus source and the panel query of the queries layer
 * polling at its own cadence, behind a counting proxy. Every refresh costs ONE range query for
 * all panels, and each panel's points are the backfilled values (the worst series where a query
 * returns several; nulls, not zeros, where no series answers).
 */
import {QueryObserver} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCountingProxy, type CountingProxy} from '../../scripts/counting-proxy.ts';
import {panelGrid} from '../../src/domain/panel-batch.ts';
import {evaluatePanel, type PanelDefinition} from '../../src/domain/panel.ts';
import {panelQueryOptions, type PanelSnapshot} from '../../src/queries/panel-queries.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

/** The backfilled value of a series at a time in seconds: a step per minute, distinct per series. */
function gauge(series: number, seconds: number): number {
  const minute = Math.floor(seconds / 60);
  return (series * 100 + (minute % 37)) / 1000;
}

const SERIES = [
  {labels: 'service="checkout",resource="cpu"', id: 7},
  {labels: 'service="search",resource="cpu"', id: 3},
  {labels: 'service="search",resource="memory"', id: 5},
];

function openMetrics(from: number, to: number): string {
  const lines = ['# TYPE saturation gauge'];
  for (const s of SERIES) for (let t = from; t <= to; t += 15) lines.push(`saturation{${s.labels}} ${gauge(s.id, t)} ${t}`);
  return `${lines.join('\n')}\n# EOF\n`;
}

const PANELS: PanelDefinition[] = [
  {name: 'checkout cpu', query: 'saturation{service="checkout",resource="cpu"}', unit: 'ratio', warn: 0.6, crit: 0.7, service: 'checkout'},
  // Two series: the worst (higher) one is the panel's.
  {name: 'search worst', query: 'saturation{service="search"}', unit: 'ratio', warn: 0.6, crit: 0.7, service: 'search'},
  {name: 'nothing', query: 'saturation{service="gone"}', unit: 'ratio', warn: 0.6, crit: 0.7},
];

describe('panels read from a real Prometheus', () => {
  let backends: Backends;
  let proxy: CountingProxy;
  // The backfill ends a minute ago and the reads are of that instant: no live sample interferes.
  const end = Math.floor(Date.now() / 60_000) * 60 - 60;

  beforeAll(async () => {
    backends = await startTestBackends({openMetrics: openMetrics(end - 3600, end), alertmanager: false});
    proxy = await startCountingProxy(backends.prometheusUrl ?? '');
  });
  afterAll(async () => {
    await proxy?.close();
    await backends?.stop();
  });

  it('costs one range query per refresh for all panels, and each panel has the backfilled values', {timeout: 60_000}, async () => {
    const source = createPrometheusSource({name: 'prometheus', baseUrl: proxy.url, timeoutMs: 10_000});
    const services = {context: 'test', panels: PANELS, panelReader: {name: 'prometheus', kind: 'prometheus', capabilities: source}} as unknown as ContextServices;
    const client = createQueryClient();
    // A fixed clock: the data is backfilled history, so every refresh reads the same instant.
    const observer = new QueryObserver(client, panelQueryOptions(services, {intervalMs: 1000, now: () => end * 1000}));
    const snapshots: PanelSnapshot[] = [];
    const refreshes = new Set<number>();
    const unsubscribe = observer.subscribe((r) => {
      if (r.data === undefined || refreshes.has(r.dataUpdatedAt)) return;
      refreshes.add(r.dataUpdatedAt);
      snapshots.push(r.data);
    });
    try {
      await expect.poll(() => proxy.requests.filter((r) => r.path === '/api/v1/query_range').length, {timeout: 30_000, interval: 100}).toBeGreaterThanOrEqual(3);
    } finally {
      unsubscribe();
      client.clear();
    }
    const ranges = proxy.requests.filter((r) => r.path === '/api/v1/query_range');
    // Nothing but range queries, one per refresh (each refresh one answered fetch).
    expect(proxy.requests.filter((r) => r.path !== '/api/v1/query_range').map((r) => r.path)).toEqual([]);
    expect(new Set(ranges.map((r) => r.params.get('query'))).size).toBe(1);
    // Every answered refresh came from exactly one range query (the last may still be in flight).
    expect(refreshes.size).toBeGreaterThanOrEqual(ranges.length - 1);
    expect(refreshes.size).toBeLessThanOrEqual(ranges.length);

    const [snapshot] = snapshots;
    const grid = panelGrid(end * 1000);
    const byName = new Map(snapshot!.readings.map((r) => [r.definition.name, r]));
    expect([...byName.keys()]).toEqual(PANELS.map((p) => p.name));
    // What the pane shows: the value now and the history, from the one query.
    expect(byName.get('checkout cpu')).toMatchObject({value: gauge(7, end), history: grid.map((at) => gauge(7, at / 1000)), series: 1});
    expect(byName.get('nothing')).toMatchObject({value: null, level: 'no-data', series: 0});
    // The points themselves, straight from the source, against the generator.
    const read = await source.readPanels(PANELS, end * 1000);
    expect(read.value.get('checkout cpu')!.points).toEqual(grid.map((at) => ({at, value: gauge(7, at / 1000)})));
    expect(read.value.get('search worst')!.points).toEqual(grid.map((at) => ({at, value: Math.max(gauge(3, at / 1000), gauge(5, at / 1000))})));
    expect(read.value.get('search worst')!.series).toBe(2);
    expect(read.value.get('nothing')).toEqual({points: grid.map((at) => ({at, value: null})), series: 0});
  });

  it('a panel with series that are 0/0 now (idle routes of an error ratio) reads ok on the others and counts them', async () => {
    const source = createPrometheusSource({name: 'prometheus', baseUrl: backends.prometheusUrl ?? '', timeoutMs: 10_000});
    try {
      // Checkout's series is a number; search's two are x-x / x-x: 0/0, NaN at every step.
      const zero = '(saturation{service="search"} - saturation{service="search"})';
      const panel: PanelDefinition = {name: 'by route', query: `saturation{service="checkout"} or ${zero} / ${zero}`, unit: 'ratio', warn: 0.9, crit: 0.95};
      const read = await source.readPanels([panel], end * 1000);
      const reading = evaluatePanel(panel, read.value.get('by route'));
      expect(reading).toMatchObject({value: gauge(7, end), level: 'ok', series: 3, noData: 2});
    } finally {
      await source.close();
    }
  });
});
