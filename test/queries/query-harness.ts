/**
 * Shared setup for tests that drive query-core directly: a fresh query client per test on a fake
 * clock, and observers on the four dashboard queries. Kept apart from `fakes.ts` because it
 * registers vitest hooks, which a plain fixture file must not do on import.
 */
import {QueryObserver, type QueryClient, type QueryObserverResult} from '@tanstack/query-core';
import {afterEach, beforeEach, vi} from 'vitest';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {deployQueryOptions} from '../../src/queries/deploy-queries.ts';
import {sloHistoryQueryOptions, sloQueryOptions} from '../../src/queries/slo-queries.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {T0} from './fakes.ts';

/**
 * Before each test of the calling file: fakes the clock at T0 and hands `use` a new client that
 * does not retry (so a failure shows at once). After each: clears and unmounts it, real clock back.
 */
export function freshQueryClientEachTest(use: (client: QueryClient) => void): void {
  let client: QueryClient | null = null;
  beforeEach(() => {
    vi.useFakeTimers({now: T0});
    client = createQueryClient({retry: 0});
    use(client);
  });
  afterEach(() => {
    client?.clear();
    client?.unmount();
    client = null;
    vi.useRealTimers();
  });
}

/**
 * Subscribes observers to the SLO, SLO history, alert and deploy queries of `services`, each read
 * once (no interval), and lets the first fetches settle. `read` gives the current results.
 */
export async function observeDashboardQueries(client: QueryClient, services: ContextServices) {
  const once = {intervalMs: false as const, now: () => Date.now()};
  const observers = {
    slos: new QueryObserver(client, sloQueryOptions(services, once)),
    history: new QueryObserver(client, sloHistoryQueryOptions(services, once)),
    alerts: new QueryObserver(client, alertQueryOptions(services, {...once, ackPrefix: 'ACK!'})),
    deploys: new QueryObserver(client, deployQueryOptions(services, once)),
  };
  const stops = Object.values(observers).map((o) => o.subscribe(() => {}));
  await vi.advanceTimersByTimeAsync(0);
  return {
    read: () => ({
      slos: observers.slos.getCurrentResult(),
      history: observers.history.getCurrentResult() as QueryObserverResult<never, Error>,
      alerts: observers.alerts.getCurrentResult(),
      deploys: observers.deploys.getCurrentResult(),
    }),
    stop: () => stops.forEach((s) => s()),
  };
}
