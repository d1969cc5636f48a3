import {describe, expect, it} from 'vitest';
import {unreadSloHistory, type SloStep} from '../../src/domain/timeline-slo.ts';

const step = (at: number, measurements: SloStep['measurements']): SloStep => ({at, measurements});

describe('unreadSloHistory', () => {
  it('names each SLO with the windows its requests did not bring back, once over every step, grouped by reason', () => {
    const heavy = 'too many samples';
    const m = (slo: string, unread: Array<[string, string]>) => ({slo, at: 0, ratios: [{window: '5m' as const, ratio: 0.1}, ...unread.map(([w, why]) => ({window: w as '3d', ratio: null, unread: why}))]});
    const steps = [step(0, [m('a', [['3d', heavy], ['period', heavy]]), m('b', [])]), step(60_000, [m('a', [['3d', heavy], ['period', heavy], ['1d', 'timeout']]), m('b', [])])];
    expect(unreadSloHistory(steps)).toEqual([
      'SLO a: the 3d, period windows could not be read (too many samples); its status is unknown wherever they could change it',
      'SLO a: the 1d window could not be read (timeout); its status is unknown wherever it could change it',
    ]);
  });

  it('says an SLO measured nowhere by its own error, and nothing when every window was read', () => {
    expect(unreadSloHistory([step(0, [{slo: 'broken', at: 0, ratios: [{window: '5m', ratio: null, unread: 'refused'}], error: 'refused'}])])).toEqual(['SLO broken could not be read: refused']);
    expect(unreadSloHistory([step(0, [{slo: 'ok', at: 0, ratios: [{window: '5m', ratio: 0}]}])])).toEqual([]);
    expect(unreadSloHistory([])).toEqual([]);
  });
});
