import {describe, expect, it} from 'vitest';
import {PANEL_LABEL, panelsFromMatrix} from '../../src/domain/panel-batch.ts';
import {evaluatePanel, lowerIsWorse, PANEL_MARKS, panelLevel, panelState, sortPanelReadings, worseValue, type PanelDefinition} from '../../src/domain/panel.ts';

const cpu: PanelDefinition = {name: 'cpu', query: 'q', unit: 'ratio', warn: 0.8, crit: 0.9};
const freeDisk: PanelDefinition = {name: 'free disk', query: 'q', unit: 'ratio', warn: 0.2, crit: 0.1};

describe('panelLevel', () => {
  it('is crit at or above crit, warn at or above warn, ok below, when higher is worse', () => {
    expect([0.5, 0.79, 0.8, 0.85, 0.9, 1.5].map((v) => panelLevel(cpu, v))).toEqual(['ok', 'ok', 'warn', 'warn', 'crit', 'crit']);
  });

  it('reads a crit below warn as lower is worse (free disk)', () => {
    expect(lowerIsWorse(freeDisk)).toBe(true);
    expect(lowerIsWorse(cpu)).toBe(false);
    expect([0.5, 0.21, 0.2, 0.15, 0.1, 0].map((v) => panelLevel(freeDisk, v))).toEqual(['ok', 'ok', 'warn', 'warn', 'crit', 'crit']);
  });

  it('works with one threshold or none (higher is worse)', () => {
    expect(panelLevel({crit: 100}, 99)).toBe('ok');
    expect(panelLevel({crit: 100}, 100)).toBe('crit');
    expect(panelLevel({warn: 5}, 7)).toBe('warn');
    expect(panelLevel({}, 1e9)).toBe('ok');
  });

  it('never reads missing, NaN or infinite as healthy: no data', () => {
    for (const v of [null, Number.NaN, -Infinity]) expect(panelLevel(cpu, v)).toBe('no-data');
    expect(panelLevel(freeDisk, Infinity)).toBe('no-data');
    expect(panelLevel({}, Infinity)).toBe('no-data');
  });

  it('reads an infinity in the worse direction (x/0) as beyond every threshold', () => {
    expect(panelLevel(cpu, Infinity)).toBe('crit');
    expect(panelLevel(freeDisk, -Infinity)).toBe('crit');
    expect(panelLevel({warn: 5}, Infinity)).toBe('warn');
  });

  it('says every level in text, for NO_COLOR', () => {
    expect(PANEL_MARKS).toEqual({crit: '✖ CRIT', warn: '▲ WARN', ok: '✔ OK', 'no-data': '? NO DATA'});
  });
});

describe('evaluatePanel', () => {
  const points = (...values: Array<number | null>) => values.map((value, i) => ({at: i, value}));

  it('takes the last point as the value now, and the points as its history', () => {
    const r = evaluatePanel(cpu, {points: points(0.5, 0.7, 0.93), series: 1});
    expect(r).toEqual({definition: cpu, value: 0.93, level: 'crit', history: [0.5, 0.7, 0.93], series: 1});
  });

  it('is no data when the last point is missing, whatever came before', () => {
    const r = evaluatePanel(cpu, {points: points(0.95, 0.95, null), series: 1});
    expect([r.value, r.level]).toEqual([null, 'no-data']);
  });

  it('turns NaN points into gaps and a panel nothing answered for into no data', () => {
    expect(evaluatePanel(cpu, {points: points(Number.NaN, 0.5), series: 1}).history).toEqual([null, 0.5]);
    expect(evaluatePanel(cpu, undefined)).toEqual({definition: cpu, value: null, level: 'no-data', history: [], series: 0});
  });

  it('shows an infinite last point as the value, crit, and keeps an infinity the worse way in the sparkline', () => {
    const r = evaluatePanel(cpu, {points: points(0.5, Infinity), series: 2});
    expect([r.value, r.level, r.history]).toEqual([Infinity, 'crit', [0.5, Infinity]]);
    // The harmless way (−∞ where higher is worse, +∞ where lower is) is a gap, as no data is.
    expect(evaluatePanel(cpu, {points: points(-Infinity, 0.5), series: 1}).history).toEqual([null, 0.5]);
    expect(evaluatePanel(freeDisk, {points: points(Infinity, -Infinity), series: 1}).history).toEqual([null, -Infinity]);
  });

  it('stays ok beside a series with no value now (an idle route), counting it; a warn or crit stays what it is', () => {
    const ok = evaluatePanel(cpu, {points: points(0.5), series: 3, noData: 1});
    expect([ok.value, ok.level, ok.noData]).toEqual([0.5, 'ok', 1]);
    expect(evaluatePanel(cpu, {points: points(0.95), series: 3, noData: 2}).level).toBe('crit');
  });

  // `sum by (route) (rate(errors[5m])) / sum by (route) (rate(requests[5m]))`: a route without
  // traffic is 0/0 = NaN, every quiet night. The busy ones are far under warn.
  it('reads a per-route error-ratio panel with one idle route (0/0) ok, saying 1 of 3 series has no data; an infinite route is still crit', () => {
    const errors: PanelDefinition = {name: 'errors', query: 'q', unit: 'ratio', warn: 0.01, crit: 0.05};
    const at = 60_000;
    const route = (name: string, value: number) => ({labels: {[PANEL_LABEL]: 'errors', route: name}, value});
    const read = (third: number) => evaluatePanel(errors, panelsFromMatrix(new Map([[at, [route('/checkout', 0.001), route('/search', 0.0005), route('/admin', third)]]]), [errors], [at]).get('errors'));
    expect(read(Number.NaN)).toMatchObject({level: 'ok', value: 0.001, series: 3, noData: 1});
    // 1/0: errors with no request counted yet, the worse way.
    expect(read(Infinity)).toMatchObject({level: 'crit', value: Infinity});
  });

  it('carries a refusal', () => {
    expect(evaluatePanel(cpu, {points: [], series: 0, error: 'bad'}).error).toBe('bad');
  });
});

describe('worseValue and sortPanelReadings', () => {
  it('keeps the worse of two values by the panel direction; a missing one loses', () => {
    expect(worseValue(cpu, 0.5, 0.7)).toBe(0.7);
    expect(worseValue(freeDisk, 0.5, 0.7)).toBe(0.5);
    expect(worseValue(cpu, null, 0.7)).toBe(0.7);
    expect(worseValue(cpu, Number.NaN, null)).toBeNull();
  });

  it('lets an infinity in the worse direction win, and one in the better direction lose', () => {
    expect(worseValue(cpu, 3, Infinity)).toBe(Infinity);
    expect(worseValue(cpu, -Infinity, 3)).toBe(3);
    expect(worseValue(freeDisk, 0.5, -Infinity)).toBe(-Infinity);
    expect(worseValue(freeDisk, Infinity, 0.5)).toBe(0.5);
    expect(worseValue(cpu, -Infinity, null)).toBeNull();
  });

  it('sorts crit, warn, no data, ok, and keeps the configured order within a level', () => {
    const at = (name: string, value: number | null) => evaluatePanel({...cpu, name}, {points: [{value}], series: 1});
    const sorted = sortPanelReadings([at('a', 0.1), at('b', 0.85), at('c', null), at('d', 0.95), at('e', 0.2), at('f', 0.99)]);
    expect(sorted.map((r) => r.definition.name)).toEqual(['d', 'f', 'b', 'c', 'a', 'e']);
  });

  it('sorts a refused query with the critical ones, not with no data: it is shown ✖, and cannot be read', () => {
    const at = (name: string, value: number | null) => evaluatePanel({...cpu, name}, {points: [{value}], series: 1});
    const refused = evaluatePanel({...cpu, name: 'r'}, {points: [], series: 0, error: 'parse error'});
    expect(panelState(refused)).toBe('refused');
    expect(panelState(at('c', null))).toBe('no-data');
    const sorted = sortPanelReadings([at('a', 0.1), at('c', null), refused, at('b', 0.85), at('d', 0.95)]);
    expect(sorted.map((r) => r.definition.name)).toEqual(['d', 'r', 'b', 'c', 'a']);
  });
});
