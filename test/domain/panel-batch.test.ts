import {describe, expect, it} from 'vitest';
import {batchPanelQuery, PANEL_LABEL, panelGrid, panelsFromMatrix, PANEL_SPAN_MS} from '../../src/domain/panel-batch.ts';
import {formatPanelValue} from '../../src/domain/panel-value.ts';
import {evaluatePanel, type PanelDefinition} from '../../src/domain/panel.ts';
import type {VectorSample} from '../../src/domain/promql.ts';

const cpu: PanelDefinition = {name: 'checkout cpu', query: 'max(cpu{service="checkout"})', unit: 'ratio', warn: 0.8, crit: 0.9};
const disk: PanelDefinition = {name: 'db free disk', query: 'free{a="1"} or free{a="2"}', unit: 'ratio', warn: 0.2, crit: 0.1};
const queue: PanelDefinition = {name: 'pay$1 queue', query: 'queue_depth', unit: 'count'};

describe('batchPanelQuery', () => {
  it('tags every panel with its name and joins them with or: one query for all', () => {
    expect(batchPanelQuery([cpu, disk, queue])).toBe(
      [
        'label_replace((max(cpu{service="checkout"})), "oncall_panel", "checkout cpu", "", "")',
        'label_replace((free{a="1"} or free{a="2"}), "oncall_panel", "db free disk", "", "")',
        // label_replace would expand $1: the name is written with $$.
        'label_replace((queue_depth), "oncall_panel", "pay$$1 queue", "", "")',
      ].join(' or '),
    );
    expect(batchPanelQuery([])).toBeNull();
  });

  it('closes a query ending in a # comment on a new line, so the comment cannot swallow the parenthesis', () => {
    const commented: PanelDefinition = {name: 'sat', query: 'max(sat)  # saturation', unit: 'ratio'};
    expect(batchPanelQuery([commented, queue])).toBe('label_replace((max(sat)  # saturation\n), "oncall_panel", "sat", "", "") or label_replace((queue_depth), "oncall_panel", "pay$$1 queue", "", "")');
  });
});

describe('panelGrid', () => {
  it('ends at the whole second of `to` and spans 30 minutes a minute apart', () => {
    const grid = panelGrid(1_700_000_123_456);
    expect(grid).toHaveLength(31);
    expect(grid.at(-1)).toBe(1_700_000_123_000);
    expect(grid.at(-1)! - grid[0]!).toBe(PANEL_SPAN_MS);
    expect(grid[1]! - grid[0]!).toBe(60_000);
  });
});

describe('panelsFromMatrix', () => {
  const grid = [0, 60_000, 120_000];
  const s = (panel: string, value: number, extra: Record<string, string> = {}): VectorSample => ({labels: {[PANEL_LABEL]: panel, ...extra}, value});

  it('splits the answer back per panel, one point per step', () => {
    const byTime = new Map([
      [0, [s('checkout cpu', 0.5), s('pay$1 queue', 10)]],
      [60_000, [s('checkout cpu', 0.7), s('pay$1 queue', 12)]],
      [120_000, [s('checkout cpu', 0.93), s('pay$1 queue', 15)]],
    ]);
    const out = panelsFromMatrix(byTime, [cpu, queue], grid);
    expect(out.get('checkout cpu')).toEqual({points: [{at: 0, value: 0.5}, {at: 60_000, value: 0.7}, {at: 120_000, value: 0.93}], series: 1});
    expect(out.get('pay$1 queue')?.points.map((p) => p.value)).toEqual([10, 12, 15]);
  });

  it('reads a step-aligned answer (whole minutes) on a grid asked at hh:mm:45: the latest point within the step, never a later one', () => {
    const asked = [45_000, 105_000, 165_000];
    const byTime = new Map([
      [0, [s('checkout cpu', 0.5)]],
      [60_000, [s('checkout cpu', 0.7)]],
      [120_000, [s('checkout cpu', 0.93)]],
      // After the last slot: the next step's value, not this one's.
      [180_000, [s('checkout cpu', 0.1)]],
    ]);
    expect(panelsFromMatrix(byTime, [cpu], asked).get('checkout cpu')).toEqual({
      points: [{at: 45_000, value: 0.5}, {at: 105_000, value: 0.7}, {at: 165_000, value: 0.93}],
      series: 1,
    });
    // A point more than a step before its slot is not stretched over a gap.
    const gap = panelsFromMatrix(new Map([[0, [s('checkout cpu', 0.5)]]]), [cpu], asked);
    expect(gap.get('checkout cpu')?.points.map((p) => p.value)).toEqual([0.5, null, null]);
  });

  it('keeps the worst series at each step, by the panel direction, and counts the series', () => {
    const byTime = new Map([
      [0, [s('db free disk', 0.5, {a: '1'}), s('db free disk', 0.3, {a: '2'}), s('checkout cpu', 0.4, {pod: 'a'}), s('checkout cpu', 0.6, {pod: 'b'})]],
      [60_000, [s('db free disk', 0.25, {a: '1'}), s('db free disk', 0.35, {a: '2'})]],
    ]);
    const out = panelsFromMatrix(byTime, [cpu, disk], grid);
    // Lower is worse for free disk: the smaller one.
    // Counted now, at the last step: neither has a series there any more.
    expect(out.get('db free disk')).toEqual({points: [{at: 0, value: 0.3}, {at: 60_000, value: 0.25}, {at: 120_000, value: null}], series: 0});
    expect(out.get('checkout cpu')?.points.map((p) => p.value)).toEqual([0.6, null, null]);
    expect(out.get('checkout cpu')?.series).toBe(0);
    const now = panelsFromMatrix(new Map([...byTime, [120_000, [s('db free disk', 0.2, {a: '1'}), s('db free disk', 0.4, {a: '2'})]]]), [disk], grid);
    expect(now.get('db free disk')).toMatchObject({series: 2});
  });

  it('counts the series there now, not every one seen in the 30 minutes: `1/2 —` beside an idle route, not `1/3 —`', () => {
    const byTime = new Map(
      grid.map((at, i) => [
        at,
        [
          s('checkout cpu', 0.001, {route: '/pay'}),
          s('checkout cpu', Number.NaN, {route: '/idle'}),
          // A third route, gone since the first step (a pod scaled away): no sample now.
          ...(i === 0 ? [s('checkout cpu', 0.002, {route: '/old'})] : []),
        ],
      ]),
    );
    const found = panelsFromMatrix(byTime, [cpu], grid).get('checkout cpu');
    expect([found?.series, found?.noData]).toEqual([2, 1]);
  });

  it('leaves gaps for missing steps and NaN samples; a panel with no series has no data, not zero', () => {
    const byTime = new Map([
      [0, [s('checkout cpu', Number.NaN)]],
      [120_000, [s('checkout cpu', 0.2), s('checkout cpu', Number.NaN, {pod: 'x'})]],
    ]);
    const out = panelsFromMatrix(byTime, [cpu, queue], grid);
    expect(out.get('checkout cpu')?.points.map((p) => p.value)).toEqual([null, null, 0.2]);
    expect(out.get('pay$1 queue')).toEqual({points: [{at: 0, value: null}, {at: 60_000, value: null}, {at: 120_000, value: null}], series: 0});
  });

  it('keeps a series infinite the worse way (a queue with no consumer): the panel reads crit, shown ∞', () => {
    const perConsumer: PanelDefinition = {name: 'queue per consumer', query: 'queue_depth / consumers', unit: 'count', warn: 100, crit: 1000};
    const at = (value: number, queue: string) => ({labels: {[PANEL_LABEL]: perConsumer.name, queue}, value});
    const byTime = new Map(grid.map((t) => [t, [at(3, 'orders'), at(Number.POSITIVE_INFINITY, 'payments'), at(3, 'mail')]]));
    const found = panelsFromMatrix(byTime, [perConsumer], grid).get(perConsumer.name);
    const reading = evaluatePanel(perConsumer, found);
    expect([reading.value, reading.level, formatPanelValue(reading.value, 'count')]).toEqual([Infinity, 'crit', '∞']);
    expect(found?.noData).toBeUndefined();
  });

  it('counts the series without a value now beside one that has: the panel is judged on the others and says how many', () => {
    const byTime = new Map([
      [60_000, [s('checkout cpu', 0.2), s('checkout cpu', 0.3, {pod: 'x'}), s('checkout cpu', 0.4, {pod: 'y'})]],
      [120_000, [s('checkout cpu', 0.2), s('checkout cpu', Number.NaN, {pod: 'x'}), s('checkout cpu', -Infinity, {pod: 'y'})]],
    ]);
    const found = panelsFromMatrix(byTime, [cpu], grid).get('checkout cpu');
    expect([found?.points.at(-1)?.value, found?.series, found?.noData]).toEqual([0.2, 3, 2]);
    expect(evaluatePanel(cpu, found)).toMatchObject({level: 'ok', noData: 2});
  });

  it('ignores series of panels not asked for and series without the tag', () => {
    const byTime = new Map([[0, [s('other', 1), {labels: {}, value: 5}]]]);
    expect(panelsFromMatrix(byTime, [cpu], grid).get('checkout cpu')?.series).toBe(0);
  });
});
