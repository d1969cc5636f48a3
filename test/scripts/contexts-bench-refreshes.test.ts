/**
 * How benchmark (g) splits the proxy's requests into SLO refreshes: the refreshes begun before
 * the proxy drained are whole and counted; one begun after, or still unanswered, was cut short
 * by the end of the run and is left out, counted apart (a refresh of 4 of its 7 queries read as
 * "4 instant queries per refresh" before).
 */
import {describe, expect, it} from 'vitest';
import {drained, refreshCounts} from '../../bench/contexts.bench.ts';
import type {PrefixedRequest} from '../../scripts/prefix-proxy.ts';

// `ms` null: not answered yet.
const query = (ctx: string, instant: string, at: number, ms: number | null = 5): PrefixedRequest => ({
  prefix: `p-${ctx}`,
  method: 'POST',
  path: '/api/v1/query',
  at,
  instant,
  ...(ms === null ? {} : {ms}),
});
const refresh = (ctx: string, instant: string, at: number, n = 7) => Array.from({length: n}, (_, i) => query(ctx, instant, at + i));

describe('refreshCounts', () => {
  it('counts the refreshes begun before the drain, and leaves out (counting) one begun after', () => {
    const before = [...refresh('ctx1', '100', 0), ...refresh('ctx2', '100', 3), {prefix: 'a-ctx1', method: 'GET', path: '/api/v2/alerts', at: 4, ms: 9}];
    // A poll begun at the end of the run: 4 of its 7 queries went out before the dashboard was stopped.
    const after = refresh('ctx1', '115', 15_000, 4);
    const counts = refreshCounts([...before, ...after], before.length);
    expect(counts.refreshes).toEqual([
      {context: 'ctx1', queries: 7},
      {context: 'ctx2', queries: 7},
    ]);
    expect(counts.cut).toBe(1);
    expect(counts.others).toEqual({'alertmanager alerts': 1});
  });

  it('leaves out a refresh with an unanswered query (a run stopped undrained)', () => {
    const requests = [...refresh('ctx1', '100', 0, 6), query('ctx1', '100', 7, null)];
    expect(refreshCounts(requests)).toMatchObject({refreshes: [], cut: 1});
    // Every refresh of a one-shot command is whole.
    expect(refreshCounts(refresh('ctx1', '100', 0)).refreshes).toEqual([{context: 'ctx1', queries: 7}]);
  });
});

describe('drained', () => {
  it('waits until every request since the run began is answered and the proxy has been quiet', async () => {
    const requests: PrefixedRequest[] = [query('old', '1', 0, null)];
    const pending = query('ctx1', '100', performance.now(), null);
    requests.push(pending);
    setTimeout(() => (pending.ms = performance.now() - pending.at), 100);
    const started = performance.now();
    // The unanswered request of an earlier run (index 0) is not waited for.
    expect(await drained({requests}, 1, 150, 5000)).toEqual({upTo: 2, quiet: true});
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('gives up after its bound, with the requests of before its last seconds', async () => {
    // An old answered request, and one still unanswered that came just now: only the old one is sure.
    const requests = [query('ctx1', '100', performance.now() - 10_000), query('ctx1', '115', performance.now(), null)];
    const started = performance.now();
    expect(await drained({requests}, 0, 50, 200)).toEqual({upTo: 1, quiet: false});
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });
});
