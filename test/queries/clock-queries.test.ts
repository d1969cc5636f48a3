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
    // Aimed at just past the next whole second: 5 ms after 12:00:00.000 waits 1000 ms.
    const interval = opts.refetchInterval as () => number;
    expect(interval()).toBe(1000);
    expect(clockQueryOptions(() => 1_250)['refetchInterval'] instanceof Function && (clockQueryOptions(() => 1_250).refetchInterval as () => number)()).toBe(755);
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
    // One tick per second, each just past the whole second, so the displayed second never skips.
    expect(seen).toEqual([T0, T0 + 1005, T0 + 2005, T0 + 3005]);
    await vi.advanceTimersByTimeAsync(500);
    expect(observer.getCurrentResult().data).toBe(T0 + 3005);
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
    expect(seen).toEqual([T0, T0 + 255, T0 + 505, T0 + 755, T0 + 1005]);
    stop();
    client.clear();
    client.unmount();
  });
});
