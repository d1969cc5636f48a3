import {describe, expect, it} from 'vitest';
import type {SloDefinition} from '../../../src/domain/slo.ts';
import {HttpFailure} from '../../../src/sources/http/http-errors.ts';
import {createRefusedSlos, REFUSED_TTL_MS} from '../../../src/sources/prometheus/prometheus-refused.ts';

const slo = (name: string): SloDefinition => ({name, service: name, objective: 99.9, window: '30d', source: 'native'});
const SLOS = ['a', 'b', 'bad', 'c', 'd'].map(slo);
const refusal = () => new HttpFailure('bad-response', 'POST http://p/api/v1/query: HTTP 400 Bad Request: unknown function histogram_share', 400, '1:5: parse error: unknown function with name "histogram_share"');

/** A query that Prometheus refuses whenever the batch holds one of `bad`; records every batch asked. */
function fakeQuery(bad: readonly string[], other?: () => Error) {
  const asked: string[][] = [];
  const query = async (batch: SloDefinition[]) => {
    asked.push(batch.map((s) => s.name));
    if (other) throw other();
    if (batch.some((s) => bad.includes(s.name))) throw refusal();
    return batch.map((s) => s.name);
  };
  return {asked, query};
}

describe('createRefusedSlos', () => {
  it('passes a batch Prometheus accepts through in one request', async () => {
    const refused = createRefusedSlos();
    const {asked, query} = fakeQuery([]);
    expect(await refused.run(SLOS, query)).toEqual([['a', 'b', 'bad', 'c', 'd']]);
    expect(asked).toHaveLength(1);
  });

  it('splits a refused batch to find the SLO, keeps the others\' answers and Prometheus\' own error', async () => {
    const refused = createRefusedSlos();
    const {asked, query} = fakeQuery(['bad']);
    const answers = await refused.run(SLOS, query);
    expect(answers.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(refused.errorOf(slo('bad'))).toBe('Prometheus refused its query (HTTP 400): 1:5: parse error: unknown function with name "histogram_share"');
    expect(refused.errorOf(slo('a'))).toBeUndefined();
    expect(refused.usable(SLOS).map((s) => s.name)).toEqual(['a', 'b', 'c', 'd']);
    // The whole batch, then halves, down to the refused SLO alone.
    expect(asked[0]).toEqual(['a', 'b', 'bad', 'c', 'd']);
    expect(asked).toContainEqual(['bad']);
  });

  it('finds several refused SLOs, and a batch where every one is refused yields no answer', async () => {
    const refused = createRefusedSlos();
    const several = fakeQuery(['a', 'd']);
    expect((await refused.run(SLOS, several.query)).flat().sort()).toEqual(['b', 'bad', 'c']);
    expect(['a', 'd'].map((n) => refused.errorOf(slo(n)) !== undefined)).toEqual([true, true]);
    const all = createRefusedSlos();
    expect(await all.run(SLOS.slice(0, 2), fakeQuery(['a', 'b']).query)).toEqual([]);
    expect(all.usable(SLOS.slice(0, 2))).toEqual([]);
  });

  it('remembers what it found: the next batches leave the SLO out without asking again', async () => {
    const refused = createRefusedSlos();
    await refused.run(SLOS, fakeQuery(['bad']).query);
    const next = fakeQuery(['bad']);
    expect(await refused.run(SLOS, next.query)).toEqual([['a', 'b', 'c', 'd']]);
    expect(next.asked).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('searches once for batches refused at the same time (the windows of one refresh)', async () => {
    const refused = createRefusedSlos();
    const {asked, query} = fakeQuery(['bad']);
    const answers = await Promise.all(Array.from({length: 7}, () => refused.run(SLOS, query)));
    expect(answers.map((a) => a.flat().sort())).toEqual(Array.from({length: 7}, () => ['a', 'b', 'c', 'd']));
    // 7 first tries, one search (whole batch split down to `bad`), 6 retries without it.
    const singles = asked.filter((b) => b.length === 1 && b[0] === 'bad');
    expect(singles).toHaveLength(1);
    expect(asked.filter((b) => b.join() === 'a,b,c,d')).toHaveLength(6);
  });

  it('tries a refused SLO again after a while (a fixed server, a reloaded config)', async () => {
    let now = 1_000;
    const refused = createRefusedSlos(() => now);
    await refused.run(SLOS, fakeQuery(['bad']).query);
    now += REFUSED_TTL_MS - 1;
    expect(refused.errorOf(slo('bad'))).toBeDefined();
    now += 1;
    expect(refused.errorOf(slo('bad'))).toBeUndefined();
    const healed = fakeQuery([]);
    expect(await refused.run(SLOS, healed.query)).toEqual([['a', 'b', 'bad', 'c', 'd']]);
  });

  it('splits on a query that fails at execution (HTTP 422, a many-to-many match) as on a refused one', async () => {
    const refused = createRefusedSlos();
    const asked: string[][] = [];
    const query = async (batch: SloDefinition[]) => {
      asked.push(batch.map((s) => s.name));
      if (batch.some((s) => s.name === 'bad')) throw new HttpFailure('bad-response', 'HTTP 422: many-to-many matching not allowed', 422, 'many-to-many matching not allowed');
      return batch.map((s) => s.name);
    };
    expect((await refused.run(SLOS, query)).flat().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(refused.errorOf(slo('bad'))).toBe('Prometheus refused its query (HTTP 422): many-to-many matching not allowed');
    expect(refused.errorOf(slo('a'))).toBeUndefined();
  });

  it('throws any other failure as it is, without splitting (a timeout, a 503)', async () => {
    for (const failure of [
      () => new HttpFailure('timeout', 'HTTP 503: query timed out in expression evaluation', 503, 'query timed out'),
      () => new HttpFailure('unavailable', 'HTTP 503', 503, null),
      () => new Error('boom'),
    ]) {
      const refused = createRefusedSlos();
      const {asked, query} = fakeQuery([], failure);
      await expect(refused.run(SLOS, query)).rejects.toThrow();
      expect(asked).toHaveLength(1);
    }
  });

  it('throws a 422 that names a load limit as it is: the request was too heavy, the query is fine', async () => {
    for (const detail of [
      'query processing would load too many samples into memory in query execution',
      'the query exceeded the maximum number of chunks (limit: 2000000 chunks) (err-mimir-max-chunks-per-query)',
      'the query exceeded the maximum number of series (limit: 100000 series) (err-mimir-max-series-per-query)',
      'expanding series: the query hit the max number of chunks limit (limit: 2000000 chunks) (max-fetched-chunks-per-query)',
      'the query exceeded the aggregated chunk size limit (limit: 1 bytes) (err-mimir-max-chunks-bytes-per-query)',
      'the query time range exceeds the limit (query length: 721h0m0s, limit: 720h0m0s) (err-mimir-max-query-length)',
    ]) {
      const refused = createRefusedSlos();
      const {asked, query} = fakeQuery([], () => new HttpFailure('bad-response', `HTTP 422: ${detail}`, 422, detail));
      await expect(refused.run(SLOS, query, '3d+period'), detail).rejects.toThrow(detail);
      expect(asked, detail).toHaveLength(1);
      expect(SLOS.map((s) => refused.errorOf(s, '3d+period')).filter(Boolean), detail).toEqual([]);
    }
  });

  it('remembers a refusal for its request only: the same SLO is still asked in the other requests', async () => {
    const refused = createRefusedSlos();
    await refused.run(SLOS, fakeQuery(['bad']).query, '3d+period');
    expect(refused.errorOf(slo('bad'), '3d+period')).toMatch(/^Prometheus refused its query \(HTTP 400\)/);
    expect(refused.errorOf(slo('bad'), '5m')).toBeUndefined();
    expect(refused.errorOf(slo('bad'))).toBeUndefined();
    const other = fakeQuery([]);
    expect(await refused.run(SLOS, other.query, '5m')).toEqual([['a', 'b', 'bad', 'c', 'd']]);
    expect(refused.usable(SLOS, '3d+period').map((s) => s.name)).toEqual(['a', 'b', 'c', 'd']);
  });
});
