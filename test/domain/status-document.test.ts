/**
 * README: in `status --json` an infinite burn is written as the largest double and an overspent
 * budget as its negative; `exhaustsInSeconds` is null when not burning, 0 when already spent.
 */
import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';

describe('buildStatusDocument: an SLO at a 100 % objective that has errors', () => {
  it('is overspent and burning, so its budget is exhausted now (0), not "not burning" (null)', () => {
    const slo = {name: 'perfect', service: 'checkout', objective: 100, window: '30d', source: 'native', errorQuery: 'e', totalQuery: 't'} as unknown as Parameters<typeof evaluateSlo>[0];
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'] as const;
    const report = evaluateSlo(slo, {slo: 'perfect', at: 0, ratios: windows.map((window) => ({window, ratio: 0.01}))} as unknown as Parameters<typeof evaluateSlo>[1]);
    const doc = buildStatusDocument({context: 'prod', now: 0, sources: [], slos: [report], alerts: [], deploys: [], suspectWindowMs: 1_800_000});
    const s = doc.slos[0]!;
    expect(s.status).toBe('page');
    expect(s.errorBudgetRemaining).toBe(-Number.MAX_VALUE);
    expect(s.exhaustsInSeconds).toBe(0);
  });
});
