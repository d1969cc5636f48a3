/**
 * History reads answered in part (a Thanos store or a Mimir tenant that did not answer: the
 * envelope's `warnings`): each read says so in `partial`, so the timeline, the handover and
 * `status --at` never take what it left out for a calm history.
 */
import {describe, expect, it} from 'vitest';
import {createHistoryReads} from '../../../src/sources/prometheus/prometheus-timeline.ts';
import {createRefusedSlos} from '../../../src/sources/prometheus/prometheus-refused.ts';
import {makeSlo} from '../../queries/fakes.ts';

const WARNING = 'partial response: store 10.0.0.7:10901 unavailable';
const AT = Date.UTC(2026, 11, 7, 10, 0, 0);
const firing = {metric: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing'}};

function reads(partialOn: (query: string) => boolean) {
  return createHistoryReads({
    name: 'prometheus',
    query: async (path, form) => {
      const query = String(form['query'] ?? form['match[]'] ?? '');
      const partial = partialOn(query) ? [WARNING] : [];
      if (path === '/api/v1/query_range') return {data: {resultType: 'matrix', result: query.includes('ALERTS') ? [{...firing, values: [[AT / 1000, '1']]}] : []}, warnings: partial, partial};
      return {data: {resultType: 'vector', result: query.startsWith('ALERTS or') ? [{...firing, value: [AT / 1000, '1']}] : []}, warnings: partial, partial};
    },
    get: async () => ({data: {}, warnings: []}),
    withRecorded: async (slos) => ({slos, warnings: []}),
    refused: createRefusedSlos(),
  });
}

describe('history reads answered in part', () => {
  it('readAlertHistory: the ALERTS answer or the heartbeat read in part is said in `partial`', async () => {
    expect((await reads((q) => q.includes('ALERTS')).readAlertHistory(AT - 3_600_000, AT, 15, 15)).partial).toEqual([WARNING]);
    expect((await reads((q) => q.startsWith('count(')).readAlertHistory(AT - 3_600_000, AT, 15, 15)).partial).toEqual([WARNING]);
    expect((await reads(() => false).readAlertHistory(AT - 3_600_000, AT, 15, 15)).partial).toBeUndefined();
  });

  it('readAlertsAt: the alerts at an instant read in part say so; the starts alone do not', async () => {
    const at = await reads((q) => q.startsWith('ALERTS or')).readAlertsAt(AT);
    expect([at.value.length, at.partial]).toEqual([1, [WARNING]]);
    const starts = await reads((q) => q === 'ALERTS_FOR_STATE').readAlertsAt(AT);
    expect([starts.partial, starts.warnings]).toEqual([undefined, [WARNING]]);
  });

  it('readRatioHistory: a burn window read in part says so', async () => {
    const slo = makeSlo({name: 'checkout-availability', sli: {kind: 'ratio', errorQuery: 'sum(rate(errors[{{.window}}]))', totalQuery: 'sum(rate(requests[{{.window}}]))'}});
    const got = await reads(() => true).readRatioHistory([slo], ['1h', '5m'], AT - 3_600_000, AT, 60);
    expect(got.partial).toEqual([WARNING]);
  });

  it('readSpanRatios: the budget span read in part says so', async () => {
    const slo = makeSlo({name: 'checkout-availability', sli: {kind: 'ratio', errorQuery: 'sum(rate(errors[{{.window}}]))', totalQuery: 'sum(rate(requests[{{.window}}]))'}});
    expect((await reads(() => true).readSpanRatios([slo], 3600, AT)).partial).toEqual([WARNING]);
    expect((await reads(() => false).readSpanRatios([slo], 3600, AT)).partial).toBeUndefined();
  });
});
