import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {createQueryClient, pollRetryDelay, retryDelay} from '../../src/queries/query-client.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {T0} from './fakes.ts';

describe('pollRetryDelay', () => {
  it('backs off as retryDelay does, but never past the poll interval, so a source that came back is read at the next poll', () => {
    expect([0, 1, 2, 3].map(pollRetryDelay(15_000))).toEqual([1000, 2000, 4000, 8000]);
    expect([0, 1, 2, 5].map(pollRetryDelay(3000))).toEqual([1000, 2000, 3000, 3000]);
    expect([0, 5].map(pollRetryDelay(false))).toEqual([1000, 30_000]);
  });
});

describe('retryDelay', () => {
  it('doubles from one second and caps at thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe('createQueryClient', () => {
  beforeEach(() => {
    vi.useFakeTimers({now: T0});
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sets the defaults a terminal poller needs', () => {
    const client = createQueryClient();
    const q = client.getDefaultOptions().queries!;
    expect(q.retry).toBe(2);
    expect(q.retryDelay).toBe(retryDelay);
    expect(q.refetchOnWindowFocus).toBe(false);
    expect(q.refetchOnReconnect).toBe(false);
    expect(q.refetchIntervalInBackground).toBe(true);
    expect(q.gcTime).toBe(Infinity);
    expect(q.networkMode).toBe('always');
    expect(createQueryClient({retry: 0}).getDefaultOptions().queries!.retry).toBe(0);
    client.unmount();
  });

  it('retries a failing fetch after 1 s then 2 s, and succeeds on the third attempt', async () => {
    const client = createQueryClient();
    const attempts: number[] = [];
    const fetched = client.fetchQuery({
      queryKey: ['flaky'],
      queryFn: () => {
        attempts.push(Date.now() - T0);
        if (attempts.length < 3) throw new SourceFailure('unavailable', 'refused');
        return 'ok';
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([0, 1000]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(attempts).toEqual([0, 1000, 3000]);
    await expect(fetched).resolves.toBe('ok');
    client.clear();
    client.unmount();
  });

  it('gives up after the configured number of retries with the last error', async () => {
    const client = createQueryClient({retry: 1});
    let attempts = 0;
    const fetched = client
      .fetchQuery({
        queryKey: ['down'],
        queryFn: () => {
          attempts++;
          throw new SourceFailure('timeout', `attempt ${attempts}`);
        },
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempts).toBe(2);
    expect(await fetched).toMatchObject({kind: 'timeout', message: 'attempt 2'});
    client.clear();
    client.unmount();
  });

  it('keeps the last good data when a later refetch fails (gcTime Infinity)', async () => {
    const client = createQueryClient({retry: 0});
    let fail = false;
    const options = {
      queryKey: ['k'],
      queryFn: () => {
        if (fail) throw new Error('down');
        return 'good';
      },
    };
    await client.fetchQuery(options);
    fail = true;
    await client.refetchQueries({queryKey: ['k']});
    const state = client.getQueryState(['k'])!;
    expect(state.data).toBe('good');
    expect(state.error?.message).toBe('down');
    client.clear();
    client.unmount();
  });
});
