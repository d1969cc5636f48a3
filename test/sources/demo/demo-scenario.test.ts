import {describe, expect, it} from 'vitest';
import {DEMO_ALERTS, DEMO_SILENCES} from '../../../src/sources/demo/demo-scenario-alerts.ts';
import {DEMO_DEPLOYS} from '../../../src/sources/demo/demo-scenario-deploys.ts';
import {DEMO_SLOS, demoSloDefinitions} from '../../../src/sources/demo/demo-scenario.ts';

describe('demo scenario data', () => {
  it('keeps every SLO episode ordered, non-overlapping and within [0, 1]', () => {
    for (const slo of DEMO_SLOS) {
      let end = -Infinity;
      for (const ep of slo.episodes) {
        expect(ep.startOffsetMs).toBeGreaterThanOrEqual(end);
        end = ep.endOffsetMs ?? Infinity;
        expect(end).toBeGreaterThan(ep.startOffsetMs);
        expect(ep.ratio).toBeGreaterThanOrEqual(0);
        expect(ep.ratio).toBeLessThanOrEqual(1);
      }
      expect(slo.objective).toBeGreaterThan(0);
      expect(slo.objective).toBeLessThan(100);
    }
  });

  it('gives unique fingerprints and inhibitors that exist', () => {
    const fingerprints = DEMO_ALERTS.map((a) => a.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    for (const alert of DEMO_ALERTS) {
      for (const fp of alert.inhibitedBy ?? []) expect(fingerprints).toContain(fp);
      if (alert.activeWhile) expect(DEMO_SLOS.map((s) => s.name)).toContain(alert.activeWhile.slo);
    }
    expect(DEMO_SILENCES.every((s) => s.endsOffsetMs > s.startsOffsetMs && s.matchers.length > 0)).toBe(true);
  });

  it('lists deploys with unique ids, newest first', () => {
    const ids = DEMO_DEPLOYS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const offsets = DEMO_DEPLOYS.map((d) => d.startedOffsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => b - a));
  });

  it('builds fresh definitions on each call', () => {
    const a = demoSloDefinitions();
    a[0]!.objective = 1;
    expect(demoSloDefinitions()[0]!.objective).toBe(99.98);
  });
});
