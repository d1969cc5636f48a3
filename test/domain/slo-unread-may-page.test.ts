/**
 * An SLO whose 5m request failed (unread) while its 1h window burns far past 14.4× may be paging,
 * exactly like one whose 5m window has no series: both know as much of the 1h&5m pair. Both are
 * `mayPage`, ranked with the pages, and say so in `status --json`; the unread one was once
 * ranked below every ticket with `mayPage: false`.
 */
import {describe, expect, it} from 'vitest';
import {evaluateSlo, sortSloReports} from '../../src/domain/slo-math.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';
import type {SloDefinition, SloMeasurement, WindowRatio} from '../../src/domain/slo.ts';

const AT = Date.UTC(2026, 11, 7, 18, 0, 0);
const def = (name: string): SloDefinition => ({
  name, service: name, objective: 99.9, window: '30d', source: 'native',
  sli: {kind: 'ratio', errorQuery: 'e', totalQuery: 't'},
});

// Ratios (error fractions) per window; budget 0.001, so 0.03 = 30×.
function measure(name: string, ratios: Record<string, number | null>, extra: Partial<Record<string, Partial<WindowRatio>>> = {}): SloMeasurement {
  return {slo: name, at: AT, ratios: Object.entries(ratios).map(([window, ratio]) => ({window, ratio, totalRate: 100, ...(extra[window] ?? {})}) as WindowRatio)};
}

const burning1h = {'5m': null, '30m': 0.0005, '1h': 0.03, '2h': 0.0005, '6h': 0.0005, '1d': 0.0005, '3d': 0.0005, period: 0.0002};

describe('an unread short window beside a long window burning past its page factor', () => {
  it('is said to maybe page and ranks with the pages, as a short window without series does', () => {
    // 5m's request timed out this refresh; 1h burns 30×.
    const unread = evaluateSlo(def('checkout'), measure('checkout', burning1h, {'5m': {unread: 'timeout: no answer within 10 s'}}));
    // 5m answered with no series; 1h burns 30×.
    const noSeries = evaluateSlo(def('search'), measure('search', burning1h, {'5m': {totalRate: undefined}}));
    // An ordinary ticket (1d&2h at 4×).
    const ticket = evaluateSlo(def('billing'), measure('billing', {'5m': 0.001, '30m': 0.001, '1h': 0.001, '2h': 0.004, '6h': 0.001, '1d': 0.004, '3d': 0.0005, period: 0.0002}));
    expect(ticket.status).toBe('ticket');
    expect(noSeries.status).toBe('unknown');
    expect(noSeries.mayPage).toBe(true);
    expect(unread.status).toBe('unknown');

    // The two unknowns know exactly as much about the 1h&5m pair: each may page.
    expect(unread.mayPage).toBe(true);
    const order = sortSloReports([ticket, unread]).map((r) => r.definition.name);
    expect(order).toEqual(['checkout', 'billing']);
    const doc = buildStatusDocument({context: 'prod', now: AT, sources: [], slos: [unread], alerts: [], deploys: [], suspectWindowMs: 0});
    expect(doc.slos[0]!.mayPage).toBe(true);
  });
});

describe('an unread long window beside a short window burning past its page factor', () => {
  it('may page too, ranks with the pages and says which window burns', () => {
    // 1h's request failed; 5m burns 30×: the 1h window holds those five minutes, so the pair may trip.
    const burning5m = {'5m': 0.03, '30m': 0.0005, '1h': null, '2h': 0.0005, '6h': 0.0005, '1d': 0.0005, '3d': 0.0005, period: 0.0002};
    const unread = evaluateSlo(def('checkout'), measure('checkout', burning5m, {'1h': {unread: 'prometheus: unavailable (HTTP 503)'}}));
    const ticket = evaluateSlo(def('billing'), measure('billing', {'5m': 0.001, '30m': 0.001, '1h': 0.001, '2h': 0.004, '6h': 0.001, '1d': 0.004, '3d': 0.0005, period: 0.0002}));
    expect(unread.status).toBe('unknown');
    expect(unread.mayPage).toBe(true);
    expect(unread.error).toBe('could not read the 1h window: prometheus: unavailable (HTTP 503); 5m burns 30.0× (1h&5m may page)');
    expect(sortSloReports([ticket, unread]).map((r) => r.definition.name)).toEqual(['checkout', 'billing']);
  });

  it('is no page worry when the short window is calm, or when both of the pair went unread', () => {
    const calm = {'5m': 0.0005, '30m': 0.0005, '1h': null, '2h': 0.0005, '6h': 0.0005, '1d': 0.0005, '3d': 0.0005, period: 0.0002};
    const unreadLong = evaluateSlo(def('a'), measure('a', calm, {'1h': {unread: 'timeout'}}));
    expect({status: unreadLong.status, mayPage: unreadLong.mayPage}).toEqual({status: 'unknown', mayPage: undefined});
    const both = evaluateSlo(def('b'), measure('b', {...calm, '5m': null}, {'1h': {unread: 'timeout'}, '5m': {unread: 'timeout'}}));
    expect({status: both.status, mayPage: both.mayPage}).toEqual({status: 'unknown', mayPage: undefined});
  });
});
