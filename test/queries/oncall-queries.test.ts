/**
 * The on-call read: polled on its own slow cadence (not with every alert poll), cached between
 * reads, a failed source keeping its last answer with its age, all failing → the query fails and
 * query-core keeps the last snapshot.
 */
import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import type {Oncall} from '../../src/domain/incident.ts';
import {ONCALL_INTERVAL_MS, ONCALL_RETRY_MS, oncallKey, oncallQueryOptions, oncallSources} from '../../src/queries/oncall-queries.ts';
import {AllSourcesFailed} from '../../src/queries/source-outcome.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {emptyServices, fakeAlertSource, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
freshQueryClientEachTest((c) => (client = c));

const oncall = (source: string, user: string, level: number): Oncall => ({source, user, level, escalationPolicy: 'checkout', schedule: null, until: null, services: ['checkout']});

/** A paging source whose on-call answer the test sets; counts its reads. */
function pagingSource(name: string) {
  const state = {reads: 0, answer: [oncall(name, `${name}-first`, 1)] as Oncall[] | Error, gap: {} as {services?: string[]; unknownServices?: string[]; incomplete?: boolean}};
  const handle = {
    name,
    kind: 'pagerduty',
    capabilities: {
      listAlerts: async () => ({value: [], warnings: []}),
      listOncalls: async () => {
        state.reads++;
        if (state.answer instanceof Error) throw state.answer;
        return {value: state.answer, warnings: [], ...state.gap};
      },
    },
  };
  return {handle, state};
}

const servicesOf = (...sources: ContextServices['alertSources']) => emptyServices({alertSources: sources});

describe('oncallQueryOptions', () => {
  it('is enabled only with a source that knows who is on call', () => {
    const am = {name: 'am', kind: 'alertmanager', capabilities: fakeAlertSource(() => ({value: []})).capabilities};
    expect(oncallQueryOptions(servicesOf(am), {intervalMs: ONCALL_INTERVAL_MS, now: Date.now}).enabled).toBe(false);
    const pd = pagingSource('pd');
    expect(oncallSources(servicesOf(am, pd.handle)).map((s) => s.name)).toEqual(['pd']);
    const o = oncallQueryOptions(servicesOf(am, pd.handle), {intervalMs: ONCALL_INTERVAL_MS, now: Date.now});
    expect([o.enabled, o.queryKey, o.staleTime]).toEqual([true, oncallKey('test'), ONCALL_INTERVAL_MS]);
  });

  it('reads every 5 minutes, not with the alerts: 15 s polls in between cost no read', async () => {
    const pd = pagingSource('pd');
    const observer = new QueryObserver(client, oncallQueryOptions(servicesOf(pd.handle), {intervalMs: ONCALL_INTERVAL_MS, now: Date.now}));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(pd.state.reads).toBe(1);
    expect(observer.getCurrentResult().data?.oncalls.map((o) => o.user)).toEqual(['pd-first']);
    // A second observer (a re-render, a context switched back) is served from the cache.
    const again = new QueryObserver(client, oncallQueryOptions(servicesOf(pd.handle), {intervalMs: ONCALL_INTERVAL_MS, now: Date.now}));
    const stopAgain = again.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(pd.state.reads).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pd.state.reads).toBe(2);
    stop();
    stopAgain();
  });

  it('keeps the last on-calls of a failed source with the time of its answer, beside a source that answered', async () => {
    const a = pagingSource('pd-a');
    const b = pagingSource('pd-b');
    const observer = new QueryObserver(client, oncallQueryOptions(servicesOf(a.handle, b.handle), {intervalMs: 60_000, now: Date.now}));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    b.state.answer = new SourceFailure('unavailable', 'pd-b: connection refused');
    a.state.answer = [oncall('pd-a', 'pd-a-next', 1)];
    await vi.advanceTimersByTimeAsync(60_000);
    const data = observer.getCurrentResult().data!;
    expect(data.oncalls.map((o) => [o.source, o.user])).toEqual([['pd-a', 'pd-a-next'], ['pd-b', 'pd-b-first']]);
    expect(data.outcomes.map((o) => [o.name, o.ok, o.error, o.updatedAt])).toEqual([
      ['pd-a', true, null, T0 + 60_000],
      ['pd-b', false, 'unavailable: pd-b: connection refused', T0],
    ]);
    stop();
  });

  it('keeps what each source could not see beside its on-calls, a failed source its last', async () => {
    const a = pagingSource('pd-a');
    const b = pagingSource('pd-b');
    a.state.gap = {services: ['checkout'], unknownServices: ['payments'], incomplete: false};
    b.state.gap = {services: ['search'], incomplete: true};
    const observer = new QueryObserver(client, oncallQueryOptions(servicesOf(a.handle, b.handle), {intervalMs: 60_000, now: Date.now}));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    b.state.answer = new SourceFailure('unavailable', 'pd-b: connection refused');
    a.state.gap = {services: ['checkout', 'payments'], unknownServices: [], incomplete: false};
    await vi.advanceTimersByTimeAsync(60_000);
    expect(observer.getCurrentResult().data!.gaps).toEqual([
      {source: 'pd-a', services: ['checkout', 'payments'], unknownServices: [], incomplete: false},
      {source: 'pd-b', services: ['search'], incomplete: true},
    ]);
    stop();
  });

  it('fails when every source fails, and query-core keeps the last snapshot with its time', async () => {
    const pd = pagingSource('pd');
    const observer = new QueryObserver(client, oncallQueryOptions(servicesOf(pd.handle), {intervalMs: 60_000, now: Date.now}));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    pd.state.answer = new SourceFailure('timeout', 'pd: no answer in 10s');
    await vi.advanceTimersByTimeAsync(60_000);
    const result = observer.getCurrentResult();
    expect(result.error).toBeInstanceOf(AllSourcesFailed);
    expect((result.error as AllSourcesFailed).outcomes.map((o) => [o.name, o.error, o.updatedAt])).toEqual([['pd', 'timeout: pd: no answer in 10s', T0]]);
    expect(result.data?.oncalls.map((o) => o.user)).toEqual(['pd-first']);
    expect(result.dataUpdatedAt).toBe(T0);
    stop();
  });

  it('after a failed read, reads again every 15 s until every source answers, then back to its cadence', async () => {
    const pd = pagingSource('pd');
    pd.state.answer = new SourceFailure('unavailable', 'pd: connection refused');
    const observer = new QueryObserver(client, oncallQueryOptions(servicesOf(pd.handle), {intervalMs: ONCALL_INTERVAL_MS, now: Date.now}));
    const stop = observer.subscribe(() => {});
    // The first read fails (this client does not retry: the quick re-read is the poll's own).
    await vi.advanceTimersByTimeAsync(0);
    expect(pd.state.reads).toBe(1);
    expect(observer.getCurrentResult().error).toBeInstanceOf(AllSourcesFailed);
    await vi.advanceTimersByTimeAsync(ONCALL_RETRY_MS);
    expect(pd.state.reads).toBe(2);
    // PagerDuty is back: its on-calls show within 15 s, not at the next 5-minute read.
    pd.state.answer = [oncall('pd', 'pd-back', 1)];
    await vi.advanceTimersByTimeAsync(ONCALL_RETRY_MS);
    expect(observer.getCurrentResult().data?.oncalls.map((o) => o.user)).toEqual(['pd-back']);
    const reads = pd.state.reads;
    // Every source answered (at T0 + 30 s): the next read is at the 5-minute mark again.
    await vi.advanceTimersByTimeAsync(ONCALL_INTERVAL_MS - 3 * ONCALL_RETRY_MS);
    expect(pd.state.reads).toBe(reads);
    await vi.advanceTimersByTimeAsync(2 * ONCALL_RETRY_MS);
    expect(pd.state.reads).toBe(reads + 1);
    stop();
  });

  it('re-reads a source that failed beside one that answered at the quick cadence too', async () => {
    const a = pagingSource('pd-a');
    const b = pagingSource('pd-b');
    b.state.answer = new SourceFailure('unavailable', 'pd-b: connection refused');
    const observer = new QueryObserver(client, oncallQueryOptions(servicesOf(a.handle, b.handle), {intervalMs: ONCALL_INTERVAL_MS, now: Date.now}));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(observer.getCurrentResult().data?.outcomes.map((o) => o.ok)).toEqual([true, false]);
    b.state.answer = [oncall('pd-b', 'pd-b-back', 2)];
    await vi.advanceTimersByTimeAsync(ONCALL_RETRY_MS);
    expect(observer.getCurrentResult().data?.oncalls.map((o) => o.user)).toEqual(['pd-a-first', 'pd-b-back']);
    expect(observer.getCurrentResult().data?.outcomes.map((o) => o.ok)).toEqual([true, true]);
    stop();
  });
});
