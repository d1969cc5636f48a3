/**
 * Following a triggered rollback run as a query: a finished run is final, so a refresh of every
 * query (`r`, a change of the clock's skew) during a CI outage neither reads it again nor records
 * a failed read that the pane would show instead of its outcome.
 */
import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {expect, it, vi} from 'vitest';
import type {RollbackRun} from '../../src/domain/deploy.ts';
import {lastFailureKey} from '../../src/queries/last-failure.ts';
import {rollbackRunKey, rollbackRunQueryOptions} from '../../src/queries/rollback-queries.ts';
import {RateLimited, type ContextServices} from '../../src/sources/capabilities.ts';
import {emptyServices, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
freshQueryClientEachTest((c) => (client = c));

const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2', description: 'github-actions', idempotencyKey: 'k'};
const first: RollbackRun = {id: '555', plan, status: 'in_progress', url: 'https://github.com/acme/shop/actions/runs/555', updatedAt: T0};

it('a finished run is not read again by a refresh, and no failed read is recorded against it', async () => {
  let down = false;
  const getRun = vi.fn(async (): Promise<RollbackRun> => {
    if (down) throw new Error('unavailable: server error (HTTP 503)');
    return {...first, status: 'success', updatedAt: Date.now()};
  });
  const services: ContextServices = emptyServices({context: 'prod', rollbacker: {name: 'gh', kind: 'ci', capabilities: {rollback: vi.fn(), getRun}} as unknown as ContextServices['rollbacker']});
  const observer = new QueryObserver(client, rollbackRunQueryOptions(client, services, first, {intervalMs: 2000, now: Date.now}));
  const unsubscribe = observer.subscribe(() => {});
  try {
    await vi.advanceTimersByTimeAsync(0);
    expect(observer.getCurrentResult().data?.status).toBe('success');
    const reads = getRun.mock.calls.length;
    down = true;
    await client.invalidateQueries({refetchType: 'active'});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getRun.mock.calls.length).toBe(reads);
    expect(observer.getCurrentResult().data?.status).toBe('success');
    expect(client.getQueryData(lastFailureKey(rollbackRunKey('prod', '555')))).toBeFalsy();
  } finally {
    unsubscribe();
  }
});

it('a run still going is read again by a refresh, and a failed read is recorded', async () => {
  const getRun = vi.fn(async (): Promise<RollbackRun> => {
    throw new Error('unavailable: server error (HTTP 503)');
  });
  const services: ContextServices = emptyServices({context: 'prod', rollbacker: {name: 'gh', kind: 'ci', capabilities: {rollback: vi.fn(), getRun}} as unknown as ContextServices['rollbacker']});
  const observer = new QueryObserver(client, rollbackRunQueryOptions(client, services, first, {intervalMs: 2000, now: Date.now}));
  const unsubscribe = observer.subscribe(() => {});
  try {
    await client.invalidateQueries({refetchType: 'active'});
    await vi.advanceTimersByTimeAsync(0);
    expect(getRun).toHaveBeenCalled();
    expect(client.getQueryData(lastFailureKey(rollbackRunKey('prod', '555')))).toMatchObject({failures: expect.any(Number)});
  } finally {
    unsubscribe();
  }
});

// GitHub refuses the run reads for a spent quota and says when it resets: asking every 2 s (and
// retrying each time) into the same refusal spends nothing but goodwill. The dashboard waits.
it('a read refused for a rate limit that said when to ask again is not retried and not asked again before then', async () => {
  let limited = true;
  const getRun = vi.fn(async (): Promise<RollbackRun> => {
    if (limited) throw new RateLimited('unavailable', 'github acme/shop: rate limited (HTTP 403) — try again in 1m', 60_000);
    return {...first, status: 'success', updatedAt: Date.now()};
  });
  const services: ContextServices = emptyServices({context: 'prod', rollbacker: {name: 'gh', kind: 'ci', capabilities: {rollback: vi.fn(), getRun}} as unknown as ContextServices['rollbacker']});
  const observer = new QueryObserver(client, rollbackRunQueryOptions(client, services, first, {intervalMs: 2000, now: Date.now}));
  const unsubscribe = observer.subscribe(() => {});
  try {
    await vi.advanceTimersByTimeAsync(2_000);
    const refused = getRun.mock.calls.length;
    expect(refused).toBe(1);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(getRun.mock.calls.length).toBe(refused);
    limited = false;
    await vi.advanceTimersByTimeAsync(12_000);
    expect(getRun.mock.calls.length).toBe(refused + 1);
    expect(observer.getCurrentResult().data?.status).toBe('success');
  } finally {
    unsubscribe();
  }
});
