import {QueryObserver} from '@tanstack/query-core';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {clockKey, clockQueryOptions} from '../../src/queries/clock-queries.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {T0} from './fakes.ts';

beforeEach(() => {
  vi.useFakeTimers({now: T0});
});

afterEach(() => {
  vi.useRealTimers();
});

describe('clockQueryOptions', () => {
  it('is a never-retried query on the clock key, refreshed every second by default', () => {
    const opts = clockQueryOptions(() => 5);
    expect(opts.queryKey).toEqual(clockKey);
    expect(clockKey).toEqual(['clock']);
    // Aimed at the next whole second: at 5 ms past one it waits 995 ms, at 1.25 s 750 ms.
    expect((opts.refetchInterval as () => number)()).toBe(995);
    expect((clockQueryOptions(() => 1_250).refetchInterval as () => number)()).toBe(750);
    expect(opts.retry).toBe(false);
    expect(opts.staleTime).toBe(0);
  });

  it('ticks: the observed data follows the clock at each interval', async () => {
    const client = createQueryClient();
    const seen: number[] = [];
    const observer = new QueryObserver(client, clockQueryOptions(() => Date.now(), 1000));
    const stop = observer.subscribe((r) => {
      if (r.data !== undefined && seen.at(-1) !== r.data) seen.push(r.data);
    });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3010);
    // One tick per second, on the whole second, so the displayed second never skips.
    expect(seen).toEqual([T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    await vi.advanceTimersByTimeAsync(500);
    expect(observer.getCurrentResult().data).toBe(T0 + 3000);
    stop();
    client.clear();
    client.unmount();
  });

  it('honours a custom interval', async () => {
    const client = createQueryClient();
    const seen: number[] = [];
    const observer = new QueryObserver(client, clockQueryOptions(() => Date.now(), 250));
    const stop = observer.subscribe((r) => {
      if (r.data !== undefined && seen.at(-1) !== r.data) seen.push(r.data);
    });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1020);
    expect(seen).toEqual([T0, T0 + 250, T0 + 500, T0 + 750, T0 + 1000]);
    stop();
    client.clear();
    client.unmount();
  });
});
