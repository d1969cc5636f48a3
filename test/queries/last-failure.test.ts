import {QueryClient} from '@tanstack/query-core';
import {describe, expect, it} from 'vitest';
import {lastFailureKey, recordingFailures, type FailedAttempt} from '../../src/queries/last-failure.ts';

describe('recordingFailures', () => {
  it('keeps since when the attempts fail and how many in a row, until one succeeds', async () => {
    const client = new QueryClient();
    const key = ['rollback-run', 'prod', '555'] as const;
    let now = 1_000;
    let fail = true;
    const fn = recordingFailures(async () => {
      if (fail) throw new Error('HTTP 503');
      return 'ok';
    }, () => now);
    const attempt = () => fn({client, queryKey: key, signal: new AbortController().signal, meta: undefined} as never).catch(() => null);
    const recorded = () => client.getQueryData<FailedAttempt | null>(lastFailureKey(key));
    await attempt();
    now = 61_000;
    await attempt();
    expect(recorded()).toMatchObject({at: 61_000, since: 1_000, failures: 2, error: new Error('HTTP 503')});
    fail = false;
    await attempt();
    expect(recorded()).toBeNull();
    fail = true;
    now = 90_000;
    await attempt();
    expect(recorded()).toMatchObject({at: 90_000, since: 90_000, failures: 1});
  });
});
