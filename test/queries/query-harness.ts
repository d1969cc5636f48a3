/**
 * Shared setup for tests that drive query-core directly: a fresh query client per test on a fake
 * clock, and observers on the four dashboard queries. Kept apart from `fakes.ts` because it
 * registers vitest hooks, which a plain fixture file must not do on import.
 */
import {QueryObserver, type QueryClient, type QueryObserverResult} from '@tanstack/query-core';
import {afterEach, beforeEach, vi} from 'vitest';
import {alertKey, alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {lastFailureOptions} from '../../src/queries/last-failure.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {deployKey, deployQueryOptions} from '../../src/queries/deploy-queries.ts';
import {panelKey, panelQueryOptions} from '../../src/queries/panel-queries.ts';
import {sloHistoryQueryOptions, sloKey, sloQueryOptions} from '../../src/queries/slo-queries.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
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
 * once (no interval unless `intervalMs`), and lets the first fetches settle. `read` gives the
 * current results and the latest failure of each pane's query.
 */
export async function observeDashboardQueries(client: QueryClient, services: ContextServices, intervalMs: number | false = false) {
  const once = {intervalMs, now: () => Date.now()};
  const observers = {
    slos: new QueryObserver(client, sloQueryOptions(services, once)),
    history: new QueryObserver(client, sloHistoryQueryOptions(services, once)),
    alerts: new QueryObserver(client, alertQueryOptions(services, {...once, ackPrefix: 'ACK!'})),
    deploys: new QueryObserver(client, deployQueryOptions(services, once)),
    panels: new QueryObserver(client, panelQueryOptions(services, once)),
  };
  const failures = {
    slos: new QueryObserver(client, lastFailureOptions(sloKey(services.context))),
    alerts: new QueryObserver(client, lastFailureOptions(alertKey(services.context))),
    deploys: new QueryObserver(client, lastFailureOptions(deployKey(services.context))),
    panels: new QueryObserver(client, lastFailureOptions(panelKey(services.context))),
  };
  const stops = [...Object.values(observers), ...Object.values(failures)].map((o) => o.subscribe(() => {}));
  await vi.advanceTimersByTimeAsync(0);
  return {
    read: () => ({
      slos: observers.slos.getCurrentResult(),
      history: observers.history.getCurrentResult() as QueryObserverResult<never, Error>,
      alerts: observers.alerts.getCurrentResult(),
      deploys: observers.deploys.getCurrentResult(),
      panels: observers.panels.getCurrentResult(),
      failures: {
        slos: failures.slos.getCurrentResult().data ?? null,
        alerts: failures.alerts.getCurrentResult().data ?? null,
        deploys: failures.deploys.getCurrentResult().data ?? null,
        panels: failures.panels.getCurrentResult().data ?? null,
      },
    }),
    stop: () => stops.forEach((s) => s()),
  };
}

/**
 * The action log of a test of acks and unacks: `record` (the mutations' recorder) appends to
 * `log`, which is emptied before each test of the calling file.
 */
export function actionLogEachTest(): {log: ActionLogEntry[]; record: (e: ActionLogEntry) => Promise<void>} {
  const log: ActionLogEntry[] = [];
  beforeEach(() => {
    log.length = 0;
  });
  return {log, record: async (e) => void log.push(e)};
}
