import {describe, expect, it} from 'vitest';
import {panelGrid, PANEL_LABEL, panelsFromMatrix} from '../../../src/domain/panel-batch.ts';
import {evaluatePanel, type PanelDefinition} from '../../../src/domain/panel.ts';
import {HIGHLIGHT_MARK, highlightPanels, panelLimits, panelRowKey, panelTable} from '../../../src/view/rows/panel-rows.ts';
import {fitColumns} from '../../../src/view/rows/row-types.ts';
import {rowRuns} from '../../../src/view/components/TableView.tsx';
import {HOSTILE} from '../hostile.ts';

const def = (over: Partial<PanelDefinition>): PanelDefinition => ({name: 'p', query: 'q', unit: 'ratio', warn: 0.8, crit: 0.9, ...over});
const reading = (over: Partial<PanelDefinition>, ...values: Array<number | null>) => evaluatePanel(def(over), {points: values.map((value, at) => ({at, value})), series: 1});
const texts = (row: {cells: Array<{text: string}>}) => row.cells.map((c) => c.text);

describe('panelTable', () => {
  const readings = [
    reading({name: 'payments cpu', service: 'payments'}, 0.3, 0.32),
    reading({name: 'checkout cpu', service: 'checkout'}, 0.5, 0.93),
    reading({name: 'checkout queue', service: 'checkout', unit: 'count', warn: 500, crit: 1000}, 100, 700),
    reading({name: 'inventory cpu', service: 'inventory'}, null),
  ];

  it('lists panels worst first with the level in text, the value in its unit, the limits and a trend', () => {
    const table = panelTable(readings);
    expect(table.columns.map((c) => c.header)).toEqual(['STATE', 'PANEL', 'SERVICE', 'VALUE', 'WARN/CRIT', 'LAST 30m']);
    expect(table.rows.map((r) => texts(r).slice(0, 5))).toEqual([
      ['✖ CRIT', 'checkout cpu', 'checkout', '93.0%', '≥80.0%/≥90.0%'],
      ['▲ WARN', 'checkout queue', 'checkout', '700', '≥500/≥1k'],
      ['? NO DATA', 'inventory cpu', 'inventory', '—', '≥80.0%/≥90.0%'],
      ['✔ OK', 'payments cpu', 'payments', '32.0%', '≥80.0%/≥90.0%'],
    ]);
    expect(table.rows.map((r) => r.tone)).toEqual(['critical', 'warn', 'muted', 'ok']);
    expect(table.rows.map((r) => r.key)).toEqual(['checkout cpu', 'checkout queue', 'inventory cpu', 'payments cpu'].map(panelRowKey));
    // The sparkline is scaled to crit: 0.93 of a 0.9 scale is a full bar, 0.5 about half.
    expect(table.rows[0]!.cells[5]!.text).toBe(`${' '.repeat(10)}▅█`);
  });

  it('marks stale readings in text and takes their colour, keeping the numbers', () => {
    const table = panelTable(readings, {kind: 'stale', ageMs: 125_000});
    expect(texts(table.rows[0]!).slice(0, 4)).toEqual(['STALE 2m ✖ CRIT', 'checkout cpu', 'checkout', '93.0%']);
    expect(table.rows.at(-1)!.cells[0]).toEqual({text: 'STALE 2m ✔ OK', tone: 'muted'});
    expect(table.rows.map((r) => r.tone)).toEqual(['muted', 'muted', 'muted', 'muted']);
    expect(table.columns[0]!.width).toBe('STALE 2m ? NO DATA'.length);
  });

  it('says loading before the first answer and unknown when it never came', () => {
    const placeholders = [evaluatePanel(def({name: 'a'}), undefined)];
    expect(panelTable(placeholders, {kind: 'pending'}).rows[0]!.cells[0]).toEqual({text: '… LOADING', tone: 'muted'});
    expect(panelTable(placeholders, {kind: 'unknown', reason: 'prometheus unavailable'}).rows[0]!.cells[0]).toEqual({text: '? UNKNOWN (prometheus unavailable)', tone: 'warn'});
  });

  it('says how many series have no value beside the one shown, and shows an infinite worst as ∞ crit', () => {
    const partial = evaluatePanel(def({name: 'part', unit: 'count', warn: 100, crit: 1000}), {points: [{value: 3}], series: 3, noData: 1});
    const infinite = evaluatePanel(def({name: 'inf', unit: 'count', warn: 100, crit: 1000}), {points: [{value: Infinity}], series: 3});
    expect(panelTable([partial, infinite]).rows.map((r) => texts(r).slice(0, 4))).toEqual([
      ['✖ CRIT', 'inf', '', '∞'],
      ['✔ OK 1/3 —', 'part', '', '3'],
    ]);
  });

  it('counts the series there now: two now (one idle) read `1/2 —`, even if a third existed 20 minutes ago', () => {
    const panel = def({name: 'error ratio', warn: 0.01, crit: 0.05});
    const grid = panelGrid(Date.parse('2026-12-07T12:00:00Z'));
    const byTime = new Map(
      grid.map((at, i) => {
        const l = (route: string) => ({[PANEL_LABEL]: panel.name, route});
        return [at, [{labels: l('/pay'), value: 0.001}, {labels: l('/idle'), value: NaN}, ...(i < 10 ? [{labels: l('/old'), value: 0.002}] : [])]] as const;
      }),
    );
    const row = panelTable([evaluatePanel(panel, panelsFromMatrix(byTime, [panel], grid).get(panel.name))]).rows[0]!;
    expect(row.cells[0]!.text).toBe('✔ OK 1/2 —');
  });

  it('says an ok read in part `◐ OK PARTIAL`, not green; crit, warn and no data keep their word', () => {
    const table = panelTable(readings, undefined, true);
    const byName = new Map(table.rows.map((r) => [r.cells[1]!.text, r.cells[0]!] as const));
    expect(byName.get('payments cpu')).toEqual({text: '◐ OK PARTIAL', tone: 'warn'});
    expect(byName.get('checkout cpu')).toEqual({text: '✖ CRIT', tone: 'critical'});
    expect(byName.get('checkout queue')?.text).toBe('▲ WARN');
    expect(byName.get('inventory cpu')?.text).toBe('? NO DATA');
    // Stale too: the last answer was read in part.
    const stale = panelTable(readings, {kind: 'stale', ageMs: 45_000}, true);
    expect(stale.rows.find((r) => r.cells[1]!.text === 'payments cpu')?.cells[0]).toEqual({text: 'STALE 45s ◐ OK PARTIAL', tone: 'warn'});
    // Read in full, the plain ok.
    expect(panelTable(readings).rows.find((r) => r.cells[1]!.text === 'payments cpu')?.cells[0]).toEqual({text: '✔ OK', tone: 'ok'});
  });

  it('says a refused query apart from no data', () => {
    const refused = evaluatePanel(def({name: 'bad'}), {points: [], series: 0, error: 'parse error'});
    expect(panelTable([refused]).rows[0]!.cells[0]).toEqual({text: '✖ QUERY REFUSED', tone: 'critical'});
  });

  it('sanitizes names and services from the config', () => {
    const row = panelTable([reading({name: HOSTILE, service: HOSTILE}, 0.1)]).rows[0]!;
    for (const text of texts(row)) expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  it('writes thresholds the way they are judged', () => {
    expect(panelLimits(def({warn: 0.2, crit: 0.1}))).toBe('≤20.0%/≤10.0%');
    expect(panelLimits(def({warn: undefined}))).toBe('—/≥90.0%');
    expect(panelLimits({name: 'x', query: 'q', unit: 'bytes'})).toBe('—');
  });
});

describe('panel trend', () => {
  it('a lower-is-worse panel (free disk) shows its dip below crit in LAST 30m', () => {
    // 31 points a minute apart at 50 % free, two minutes at 3 % (below crit) 20 minutes ago.
    const values = Array.from({length: 31}, (_, i) => (i === 9 || i === 10 ? 3 : 50));
    const trend = panelTable([reading({name: 'disk free', unit: 'percent', warn: 20, crit: 10}, ...values)]).rows[0]!.cells[5]!.text;
    expect(trend).toBe('███▂▂███████');
  });

  it('a panel infinite (beyond crit) for 30 minutes draws full bars, not the empty trend of no data', () => {
    const row = panelTable([reading({name: 'queue per consumer', unit: 'count', warn: 100, crit: 1000}, ...Array.from({length: 31}, () => Infinity))]).rows[0]!;
    expect([row.cells[0]!.text, row.cells[3]!.text, row.cells[5]!.text]).toEqual(['✖ CRIT', '∞', '█'.repeat(12)]);
  });

  it('a lower-is-worse panel at −∞ draws its lowest bar; an infinity the harmless way is a gap', () => {
    const free = {name: 'free', unit: 'count' as const, warn: 20, crit: 10};
    expect(panelTable([reading(free, 50, -Infinity)]).rows[0]!.cells[5]!.text).toBe(`${' '.repeat(10)}█▁`);
    expect(panelTable([reading(free, 50, Infinity)]).rows[0]!.cells[5]!.text).toBe(`${' '.repeat(10)}█ `);
  });
});

describe('panel values beside their state and thresholds', () => {
  const cells = (d: PanelDefinition, value: number) => {
    const row = panelTable([evaluatePanel(d, {points: [{value}], series: 1})]).rows[0]!;
    return {state: row.cells[0]!.text, value: row.cells[3]!.text, limits: row.cells[4]!.text};
  };

  it('a per-second panel in WARN does not read 0/s, nor its thresholds ≥0/s', () => {
    expect(cells(def({unit: 'per-second', warn: 0.001, crit: 0.005}), 0.004)).toEqual({state: '▲ WARN', value: '0.004/s', limits: '≥0.001/s/≥0.005/s'});
  });

  it('a ratio panel just below crit does not show the crit threshold itself as its value', () => {
    expect(cells(def({warn: 0.6, crit: 0.8}), 0.79996)).toEqual({state: '▲ WARN', value: '79.996%', limits: '≥60.0%/≥80.0%'});
  });

  it('an availability panel in WARN (lower is worse) reads neither 100.0% nor its warn threshold as 100.0%', () => {
    expect(cells(def({warn: 0.9995, crit: 0.999}), 0.9995)).toEqual({state: '▲ WARN', value: '99.95%', limits: '≤99.95%/≤99.9%'});
  });
});

describe('highlightPanels', () => {
  const table = panelTable([reading({name: 'checkout cpu', service: 'checkout'}, 0.5), reading({name: 'auth cpu', service: 'auth'}, 0.5)]);
  const serviceOf = (row: {key: string}) => (row.key.includes('checkout') ? 'checkout' : 'auth');

  it('marks the panels of the selected service in text (NO_COLOR) and in the accent tone', () => {
    const marked = highlightPanels(table, 'checkout', serviceOf);
    const row = marked.rows.find((r) => r.key === panelRowKey('checkout cpu'))!;
    expect(row.cells[2]).toEqual({text: `${HIGHLIGHT_MARK} checkout`, tone: 'accent'});
    expect(row.cells[1]!.tone).toBe('accent');
    expect(marked.rows.find((r) => r.key === panelRowKey('auth cpu'))).toBe(table.rows.find((r) => r.key === panelRowKey('auth cpu')));
  });

  it('returns the same table when no panel is of that service', () => {
    expect(highlightPanels(table, 'search', serviceOf)).toBe(table);
    expect(highlightPanels(table, null, serviceOf)).toBe(table);
  });
});

describe('panel values at 80 columns', () => {
  // The VALUE column is 8 cells: a value longer than that would be cut to `…` and lose its unit.
  const cases: Array<[Partial<PanelDefinition>, number, string]> = [
    [{name: 'dlq rate', unit: 'per-second', warn: 0.001, crit: 0.01}, 0.00099999, '<0.001/s'],
    [{name: 'heap', unit: 'bytes', warn: 1.5e9, crit: 2e9}, 1_499_999_999, '<1.4GiB'],
    [{name: 'retries', unit: 'per-second', warn: undefined, crit: undefined}, 0.000123, '123µ/s'],
    [{name: 'cpu', unit: 'ratio', warn: 0.6, crit: 0.8}, 0.7999999, '<80.0%'],
  ];
  for (const [over, value, shown] of cases) {
    it(`${over.name} = ${value} reads ${shown}, whole, unit and all`, () => {
      const table = panelTable([evaluatePanel(def(over), {points: [{value}], series: 1})]);
      const columns = fitColumns(table.columns, 78);
      const line = rowRuns(table.rows[0]!, columns).map((r) => r.text).join('');
      const valueCol = columns.find((c) => c.column.id === 'value')!;
      expect(table.rows[0]!.cells[valueCol.index]!.text).toBe(shown);
      expect(line).toContain(shown);
    });
  }
});
