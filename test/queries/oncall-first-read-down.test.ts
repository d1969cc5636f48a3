/**
 * PagerDuty down: the dashboard's on-call line must say so once a read has failed, not
 * "reading…" or the old names unmarked while query-core retries out of sight. Its client is
 * createQueryClient() (retry 2), and the on-call query throws AllSourcesFailed when its only
 * source fails; it re-reads every 15 s after a failure, so retries add nothing but the delay.
 */
import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {lastFailureOptions, type FailedAttempt} from '../../src/queries/last-failure.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {oncallKey, oncallQueryOptions, ONCALL_INTERVAL_MS} from '../../src/queries/oncall-queries.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {oncallHeaderText, oncallView} from '../../src/view/rows/oncall-lines.ts';
import {emptyServices} from './fakes.ts';

const T0 = Date.UTC(2026, 11, 7, 21, 0, 0);
let client: QueryClient;
beforeEach(() => {
  vi.useFakeTimers({now: T0});
  client = createQueryClient(); // as the dashboard command does
});
afterEach(() => {
  client.clear();
  client.unmount();
  vi.useRealTimers();
});

/** A PagerDuty whose on-call read times out after 10 s while `down()`, else names alice. */
function pagerduty(down: () => boolean): ContextServices {
  const source = {
    name: 'pagerduty',
    kind: 'pagerduty',
    capabilities: {
      listAlerts: async () => ({value: [], warnings: []}),
      listOncalls: async () => {
        if (down()) {
          await new Promise((r) => setTimeout(r, 10_000));
          throw new SourceFailure('timeout', 'pagerduty: no answer within 10s');
        }
        return {value: [{source: 'pagerduty', user: 'alice', level: 1, escalationPolicy: 'EP', schedule: null, until: null, services: ['checkout']}], warnings: [], services: ['checkout']};
      },
    },
  };
  return emptyServices({alertSources: [source as never]});
}

/** Watches the on-call query as the dashboard does; `line()` is its header text now. */
function watch(services: ContextServices) {
  const observer = new QueryObserver(client, oncallQueryOptions(services, {intervalMs: ONCALL_INTERVAL_MS, now: Date.now}));
  const failures = new QueryObserver(client, lastFailureOptions(oncallKey(services.context)));
  const stops = [observer.subscribe(() => {}), failures.subscribe(() => {})];
  const line = (failure: FailedAttempt | null = null) => oncallHeaderText(oncallView(observer.getCurrentResult(), 2 * ONCALL_INTERVAL_MS, failure), 'checkout', ['checkout'], Date.now()).text;
  return {line, failure: () => failures.getCurrentResult().data ?? null, stop: () => stops.forEach((s) => s())};
}

describe('on-call line when PagerDuty is down', () => {
  it('says the read failed once it has failed (timeout after 10 s), rather than "reading…" for half a minute', async () => {
    const w = watch(pagerduty(() => true));
    // 15 s in: the first read timed out 5 s ago.
    await vi.advanceTimersByTimeAsync(15_000);
    expect(w.line()).toContain('pagerduty ✖');
    w.stop();
  });

  it('keeps saying so while the next read is under way, never back to "reading…"', async () => {
    const w = watch(pagerduty(() => true));
    // The re-read 15 s after the failure starts at 25 s; at 30 s it has not answered yet.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(w.line(w.failure())).toMatch(/^on call: pagerduty ✖ .*, never read$/);
    w.stop();
  });

  it('after good names, a failed re-read is marked at once, not after the hidden retries', async () => {
    let down = false;
    const w = watch(pagerduty(() => down));
    await vi.advanceTimersByTimeAsync(0);
    expect(w.line()).toBe('on call: checkout alice (L1)');
    down = true;
    // The next read at +5 min times out at +5m10s; looked at +5m20s.
    await vi.advanceTimersByTimeAsync(ONCALL_INTERVAL_MS + 20_000);
    expect(w.line(w.failure())).toMatch(/^on call ⚠ as of 5m ago \(pagerduty ✖ .*\): checkout alice \(L1\)$/);
    w.stop();
  });
});
