import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import {batchRatioQuery} from '../../../src/domain/promql-batch.ts';
import type {SloDefinition} from '../../../src/domain/slo.ts';
import {coalesceHistory, type BatchHistoryRead} from '../../../src/sources/prometheus/prometheus-history.ts';
import {createPrometheusSource} from '../../../src/sources/prometheus/prometheus-source.ts';

const ORIGIN = 'http://prom.test:9090';
const AT = Date.UTC(2026, 4, 1, 12, 0, 0);

function slo(name: string): SloDefinition {
  return {name, service: name, objective: 99.9, window: '30d', source: 'native', sli: {kind: 'ratio', errorQuery: `sum(rate(e{s="${name}"}[{{.window}}]))`, totalQuery: `sum(rate(t{s="${name}"}[{{.window}}]))`}};
}

describe('coalesceHistory', () => {
  it('answers calls of one tick with one batch read, each SLO once', async () => {
    const reads: string[][] = [];
    const read: BatchHistoryRead = async (slos, from) => {
      reads.push(slos.map((s) => s.name));
      return {value: new Map(slos.map((s) => [s.name, [{at: from, ratio: s.name.length / 100}]])), warnings: ['partial']};
    };
    const history = coalesceHistory(read);
    const answers = await Promise.all([history(slo('a'), 0, 600_000, 60), history(slo('bb'), 0, 600_000, 60), history(slo('a'), 0, 600_000, 60), history(slo('ccc'), 0, 1_200_000, 60)]);
    expect(reads).toEqual([['a', 'bb'], ['ccc']]);
    expect(answers).toEqual([
      {value: [{at: 0, ratio: 0.01}], warnings: ['partial']},
      {value: [{at: 0, ratio: 0.02}], warnings: ['partial']},
      {value: [{at: 0, ratio: 0.01}], warnings: ['partial']},
      {value: [{at: 0, ratio: 0.03}], warnings: ['partial']},
    ]);
    // A later tick starts a new batch.
    await history(slo('a'), 0, 600_000, 60);
    expect(reads).toHaveLength(3);
  });

  it('rejects every caller of a failed batch', async () => {
    const history = coalesceHistory(async () => {
      throw new Error('down');
    });
    const results = await Promise.allSettled([history(slo('a'), 0, 1, 1), history(slo('b'), 0, 1, 1)]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['down', 'down']);
  });
});

describe('createPrometheusSource: readHistory of many SLOs', () => {
  it('sends one range query for every SLO asked in the same tick', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const source = createPrometheusSource({name: 'prom', baseUrl: ORIGIN, dispatcher: agent});
    const from = AT - 600_000;
    const t = (i: number) => from / 1000 + i * 600;
    const body = new URLSearchParams({query: batchRatioQuery([slo('a'), slo('b')], ['1h']) ?? '', start: String(from / 1000), end: String(AT / 1000), step: '600'}).toString();
    agent
      .get(ORIGIN)
      .intercept({path: '/api/v1/query_range', method: 'POST', body})
      .reply(
        200,
        {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {metric: {oncall_slo: 'a', oncall_part: 'errors'}, values: [[t(0), '1'], [t(1), '2']]},
              {metric: {oncall_slo: 'a', oncall_part: 'total'}, values: [[t(0), '100'], [t(1), '100']]},
              {metric: {oncall_slo: 'b', oncall_part: 'total'}, values: [[t(1), '10']]},
            ],
          },
        },
        {headers: {'content-type': 'application/json'}},
      );
    const [a, b] = await Promise.all([source.readHistory(slo('a'), from, AT, 600), source.readHistory(slo('b'), from, AT, 600)]);
    expect(a).toEqual({value: [{at: from, ratio: 0.01}, {at: AT, ratio: 0.02}], warnings: []});
    // No errors series with traffic is zero errors; no sample at all is a gap.
    expect(b).toEqual({value: [{at: from, ratio: null}, {at: AT, ratio: 0}], warnings: []});
    await source.close();
  });
});
