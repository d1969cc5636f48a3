import {describe, expect, it} from 'vitest';
import {BURN_WINDOWS, type SloDefinition} from '../../src/domain/slo.ts';
import {fleetWindows, readsWindow} from '../../src/domain/slo-windows.ts';

const slo = (name: string, source: SloDefinition['source'], window = '28d', extra: Partial<SloDefinition> = {}): SloDefinition => ({
  name,
  service: name,
  objective: 99.9,
  window,
  source,
  sli: {kind: 'ratio', errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'},
  ...extra,
});

describe('fleetWindows', () => {
  it('is the seven Workbook windows and the period when no table needs more', () => {
    expect(fleetWindows([slo('a', 'native', '30d'), slo('b', 'sloth'), slo('c', 'openslo')])).toEqual([...BURN_WINDOWS, 'period']);
    expect(fleetWindows([])).toEqual([...BURN_WINDOWS, 'period']);
  });

  it('adds Pyrra\'s 4d once for the whole fleet, however many Pyrra SLOs need it', () => {
    expect(fleetWindows([slo('a', 'native'), slo('p', 'pyrra'), slo('q', 'pyrra', '4w')])).toEqual([...BURN_WINDOWS, 'period', '4d']);
  });

  it('adds the scaled windows of a Pyrra SLO with another period, shortest first', () => {
    expect(fleetWindows([slo('p', 'pyrra'), slo('q', 'pyrra', '30d')])).toEqual([...BURN_WINDOWS, 'period', '32m', '1h4m', '2h9m', '6h26m', '1d1h43m', '4d', '4d6h51m']);
  });

  it('follows a declared Pyrra recording, whatever the source', () => {
    expect(fleetWindows([slo('n', 'native', '28d', {recorded: {kind: 'pyrra', selector: 'slo="n"'}})])).toContain('4d');
  });
});

describe('readsWindow', () => {
  it('reads the seven and the period for every SLO, other windows only where the table names them', () => {
    const native = slo('a', 'native');
    const pyrra = slo('p', 'pyrra');
    for (const w of [...BURN_WINDOWS, 'period']) expect(readsWindow(native, w) && readsWindow(pyrra, w), w).toBe(true);
    expect(readsWindow(pyrra, '4d')).toBe(true);
    expect(readsWindow(native, '4d')).toBe(false);
    expect(readsWindow(pyrra, '4d6h51m')).toBe(false);
  });
});
