import {describe, expect, it} from 'vitest';
import {formatPanelValue, PANEL_VALUE_WIDTH, panelThresholdText, panelValueText} from '../../src/domain/panel-value.ts';
import type {PanelDefinition} from '../../src/domain/panel.ts';

describe('formatPanelValue', () => {
  it('formats each unit in a few cells', () => {
    expect(formatPanelValue(0.9234, 'ratio')).toBe('92.3%');
    expect(formatPanelValue(92.34, 'percent')).toBe('92.3%');
    expect(formatPanelValue(512, 'bytes')).toBe('512B');
    expect(formatPanelValue(1536, 'bytes')).toBe('1.5KiB');
    expect(formatPanelValue(812 * 2 ** 20, 'bytes')).toBe('812MiB');
    expect(formatPanelValue(3.25 * 2 ** 30, 'bytes')).toBe('3.25GiB');
    expect(formatPanelValue(0.25, 'seconds')).toBe('250ms');
    expect(formatPanelValue(1.5, 'seconds')).toBe('1.5s');
    expect(formatPanelValue(90, 'seconds')).toBe('1.5m');
    expect(formatPanelValue(7200, 'seconds')).toBe('2h');
    expect(formatPanelValue(1840, 'count')).toBe('1.84k');
    expect(formatPanelValue(12, 'count')).toBe('12');
    expect(formatPanelValue(0.5, 'count')).toBe('0.5');
    expect(formatPanelValue(2_500_000, 'count')).toBe('2.5M');
    expect(formatPanelValue(12.34, 'per-second')).toBe('12.3/s');
    expect(formatPanelValue(1200, 'per-second')).toBe('1.2k/s');
  });

  it('rounds where a digit would carry into the next scale', () => {
    expect(formatPanelValue(999.7, 'count')).toBe('1k');
    expect(formatPanelValue(99.96, 'count')).toBe('100');
  });

  it('shows unknown as — and infinities as ∞, never as a number', () => {
    expect(formatPanelValue(null, 'ratio')).toBe('—');
    expect(formatPanelValue(Number.NaN, 'bytes')).toBe('—');
    expect(formatPanelValue(Infinity, 'count')).toBe('∞');
    expect(formatPanelValue(-Infinity, 'count')).toBe('-∞');
  });
  it('keeps significant digits of a small value: a rate of 0.004/s is not 0/s', () => {
    expect(formatPanelValue(0.004, 'per-second')).toBe('0.004/s');
    expect(formatPanelValue(0.0012345, 'count')).toBe('0.00123');
    expect(formatPanelValue(0.0004, 'seconds')).toBe('0.4ms');
    expect(formatPanelValue(0.004, 'percent')).toBe('0.0040%');
    expect(formatPanelValue(0.004, 'ratio')).toBe('0.40%');
    expect(formatPanelValue(0, 'ratio')).toBe('0.0%');
    expect(formatPanelValue(2e-9, 'count')).toBe('2e-9');
  });

  it('writes a small count or rate with a prefix where its decimals would not fit 8 cells', () => {
    expect(formatPanelValue(0.000123, 'per-second')).toBe('123µ/s');
    expect(formatPanelValue(0.00123, 'per-second')).toBe('1.23m/s');
    // Plain while they fit, as a threshold is usually written.
    expect(formatPanelValue(0.001, 'per-second')).toBe('0.001/s');
    expect(formatPanelValue(1.23e-7, 'seconds')).toBe('123ns');
    expect(formatPanelValue(-1.23e-5, 'seconds')).toBe('-12.3µs');
  });

  it('never reads a ratio below 100 % as 100 %', () => {
    expect(formatPanelValue(0.99999, 'ratio')).toBe('99.9%');
    expect(formatPanelValue(99.999, 'percent')).toBe('99.9%');
    expect(formatPanelValue(1, 'ratio')).toBe('100.0%');
  });
});

describe('panelThresholdText', () => {
  it('writes a threshold as the user wrote it, with the digits it needs', () => {
    expect(panelThresholdText('ratio', 0.9995)).toBe('99.95%');
    expect(panelThresholdText('ratio', 0.999)).toBe('99.9%');
    expect(panelThresholdText('ratio', 0.8)).toBe('80.0%');
    expect(panelThresholdText('per-second', 0.001)).toBe('0.001/s');
    expect(panelThresholdText('count', 1000)).toBe('1k');
    expect(panelThresholdText('count', 1234.5)).toBe('1.2345k');
    expect(panelThresholdText('ratio', 0.99999)).toBe('99.999%');
    // No short exact text in binary units: to 0.01 %.
    expect(panelThresholdText('bytes', 1.5e9)).toBe('1.397GiB');
  });
});

describe('panelValueText', () => {
  const cpu: Pick<PanelDefinition, 'unit' | 'warn' | 'crit'> = {unit: 'ratio', warn: 0.6, crit: 0.8};
  const availability: Pick<PanelDefinition, 'unit' | 'warn' | 'crit'> = {unit: 'ratio', warn: 0.9995, crit: 0.999};

  it('is the plain text away from the thresholds', () => {
    expect(panelValueText(cpu, 0.9234)).toBe('92.3%');
    expect(panelValueText(cpu, 0.5)).toBe('50.0%');
  });

  it('never rounds a value onto a threshold it has not crossed', () => {
    expect(panelValueText(cpu, 0.79996)).toBe('79.996%');
    expect(panelValueText({unit: 'count', warn: 100, crit: 1000}, 99.96)).toBe('99.96');
    // `1.397GiB` is the threshold's text (a hair above 1.5e9): a value short of it reads otherwise.
    expect(panelValueText({unit: 'bytes', warn: 1.5e9}, 1.49999e9)).not.toBe('1.397GiB');
  });

  it('never rounds a crossed value back to the healthy side, nor a degraded availability up to 100 %', () => {
    // At warn exactly (lower is worse): not `100.0%`, nor `99.9%` (which would be at crit).
    expect(panelValueText(availability, 0.9995)).toBe('99.95%');
    // Just healthy: neither `99.9%` (crit) nor `99.95%` (warn).
    expect(panelValueText(availability, 0.99951)).toBe('99.951%');
    expect(panelValueText({unit: 'per-second', warn: 0.001, crit: 0.005}, 0.004)).toBe('0.004/s');
  });

  it('lets a crossed value read as its threshold: at or beyond is crossed', () => {
    expect(panelValueText(cpu, 0.80004)).toBe('80.0%');
    expect(panelValueText(cpu, 0.8)).toBe('80.0%');
  });

  it('fits 8 cells: where the digits that keep the side would not, a bound on that side', () => {
    expect(panelValueText({unit: 'per-second', warn: 0.001, crit: 0.01}, 0.00099999)).toBe('<0.001/s');
    expect(panelValueText(cpu, 0.7999999)).toBe('<80.0%');
    expect(panelValueText({unit: 'percent', warn: 80}, 79.99999)).toBe('<80.0%');
    expect(panelValueText({unit: 'count', warn: 100, crit: 1000}, 99.9999999)).toBe('<100');
    expect(panelValueText({unit: 'per-second', warn: 0.00015}, 0.000149999)).toBe('<150µ/s');
    // Lower is worse, just healthy: above warn.
    expect(panelValueText(availability, 0.9995000001)).toBe('>99.95%');
    // `<1.397GiB` would take 9 cells: the closest bound that fits and is still true.
    expect(panelValueText({unit: 'bytes', warn: 1.5e9, crit: 2e9}, 1_499_999_999)).toBe('<1.4GiB');
    for (const [panel, value] of [
      [{unit: 'ratio', warn: 0.99999, crit: 0.9999}, 0.9999899999],
      [{unit: 'seconds', warn: 0.3}, 0.29999999],
      [{unit: 'bytes', warn: 1.5e9}, 1.4999e9],
    ] as const) {
      expect([...panelValueText(panel, value)].length).toBeLessThanOrEqual(PANEL_VALUE_WIDTH);
    }
  });

  it('says unknown and infinities as formatPanelValue does', () => {
    expect(panelValueText(cpu, null)).toBe('—');
    expect(panelValueText(cpu, Infinity)).toBe('∞');
  });
});
