/**
 * Polling at scale, counted on the wire: several contexts polled together by the dashboard's own
 * queries (the runtime's composition, its request gate and shared adapters, query-core's polling)
 * against one real Prometheus behind a proxy that gives each context its own path prefix and
 * counts what each asked. Contexts of 5, 10 and 25 SLOs; one polled every second, the others
 * every two; two twins on the same backend; one whose backend hangs; one whose backend refuses.
 */
import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startPrefixProxy, type PrefixProxy} from '../../scripts/prefix-proxy.ts';
import {generateBackfill, seededRandom} from '../../scripts/slo-backfill.ts';
import {sloFleetEntries} from '../../scripts/slo-fleet.ts';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {lastFailureKey, type FailedAttempt} from '../../src/queries/last-failure.ts';
import {sloHistoryQueryOptions, sloKey, sloQueryOptions} from '../../src/queries/slo-queries.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {freePort} from '../../scripts/backends.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const end = Math.floor(Date.now() / 60_000) * 60;
/** Each context reads its own services: the same fleet of SLO variants, other series. */
const SERVICES: Record<string, string[]> = {
  c1: ['c1-api'],
  c2: ['c2-api', 'c2-web'],
  c3: ['c3-api', 'c3-web', 'c3-db', 'c3-queue', 'c3-auth'],
  shared: ['shared-api'],
};
const WINDOW_MS = 9000;

describe('several contexts polled at once, counted per context between the queries and a real Prometheus', () => {
  let backends: Backends;
  let proxy: PrefixProxy;
  let runtime: Runtime;
  let client: QueryClient;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    const random = seededRandom(10);
    const all = Object.values(SERVICES).flat();
    const backfill = generateBackfill(
      all.map((service) => ({service, requestsPerStep: () => 500 + Math.floor(random() * 100), errorRatio: () => random() * 0.003})),
      end - 7 * 3600,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    // A port nothing listens on: the proxy answers 502 for it, as a gateway in front of a dead server would.
    const closed = `http://127.0.0.1:${await freePort()}`;
    const prom = backends.prometheusUrl!;
    proxy = await startPrefixProxy({c1: {upstream: prom}, c2: {upstream: prom}, c3: {upstream: prom}, shared: {upstream: prom}, dead: {hang: true}, refused: {upstream: closed}});
    const context = (name: string, prefix: string, services: string[], extra = '') =>
      [`  - name: ${name}`, `    prometheus: {url: ${proxy.url}/${prefix}${extra}}`, '    refresh: {slos: 2s, alerts: 2s, history: 3s}', '    slos:', ...sloFleetEntries(services)].join('\n');
    tmp = tempDir();
    const config = tmp.write(
      'config.yaml',
      [
        'current-context: c1',
        // Eight slots: without a share per backend the hung one's nine reads would hold all of them.
        'maxConcurrentRequests: 8',
        'contexts:',
        // c1 polls its SLOs every second; its own `refresh:` over the others' two.
        context('c1', 'c1', SERVICES.c1!).replace('refresh: {slos: 2s', 'refresh: {slos: 1s'),
        context('c2', 'c2', SERVICES.c2!),
        context('c3', 'c3', SERVICES.c3!),
        context('twin-a', 'shared', SERVICES.shared!),
        context('twin-b', 'shared', SERVICES.shared!),
        context('dead', 'dead', ['dead-api'], ', timeout: 60s'),
        context('refused', 'refused', ['refused-api']),
        '',
      ].join('\n'),
    );
    const made = await configRuntime({command: 'dashboard', config, allContexts: true, demo: false, readOnly: false, json: false}, {HOME: tmp.dir}, () => Date.now());
    if (typeof made === 'string') throw new Error(made);
    runtime = made;
    client = createQueryClient();
  });

  afterAll(async () => {
    client?.clear();
    client?.unmount();
    await proxy?.close();
    await runtime?.close();
    await backends?.stop();
  });

  it('each context on its own cadence, 7 SLO reads per refresh whatever its SLO count, twins asked once, a hung or refusing backend holding back no other', async () => {
    const now = () => Date.now();
    const observers = runtime.members.map((m) => {
      const services = m.composed.services;
      const every = m.settings.intervals;
      return {
        name: services.context,
        slos: new QueryObserver(client, sloQueryOptions(services, {intervalMs: every.slos, now})),
        history: new QueryObserver(client, sloHistoryQueryOptions(services, {intervalMs: every.history, now})),
        alerts: new QueryObserver(client, alertQueryOptions(services, {intervalMs: every.alerts, now, ackPrefix: 'ACK!'})),
      };
    });
    const stops = observers.flatMap((o) => [o.slos, o.history, o.alerts].map((q) => q.subscribe(() => {})));
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    stops.forEach((stop) => stop());
    // Unobserved, the polls stop; the fetches in flight (not the hung ones) finish and are counted.
    const healthy = observers.filter((o) => o.name !== 'dead' && o.name !== 'refused');
    const deadline = Date.now() + 30_000;
    while (healthy.some((o) => [o.slos, o.history, o.alerts].some((q) => q.getCurrentResult().fetchStatus !== 'idle')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The refusing backend's last attempt fails at its first 502 while the rest of its 7 reads
    // still wait behind its share of the gate (4) and are sent after: counted before they arrive,
    // a refresh looked cut in two. Wait until the proxy has heard nothing new for 500 ms.
    for (let heard = -1; heard !== proxy.requests.length && Date.now() < deadline; ) {
      heard = proxy.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const of = (name: string) => observers.find((o) => o.name === name)!;
    const updates = (q: {getCurrentQuery(): {state: {dataUpdateCount: number}}}) => q.getCurrentQuery().state.dataUpdateCount;
    const refreshes = (name: string) => updates(of(name).slos);
    const counts = (prefix: string) => ({
      query: proxy.countOf(prefix, '/api/v1/query'),
      range: proxy.countOf(prefix, '/api/v1/query_range'),
      alerts: proxy.countOf(prefix, '/api/v1/alerts'),
    });

    for (const name of ['c1', 'c2', 'c3']) {
      const o = of(name);
      const slos = o.slos.getCurrentResult();
      // Real numbers from its own series, every SLO of the context.
      expect(slos.data?.reports.map((r) => r.definition.service), name).toEqual(SERVICES[name]!.flatMap((s) => Array(5).fill(s)));
      expect(slos.data?.reports.every((r) => r.sli !== null), name).toBe(true);
      // Exactly 7 instant queries per refresh, whether the context has 5, 10 or 25 SLOs; the
      // sparklines of all its SLOs one range query per history refresh; its alerts one list.
      expect(counts(name), name).toEqual({
        query: 7 * updates(o.slos),
        range: updates(o.history),
        alerts: updates(o.alerts),
      });
    }
    // Each on its own cadence, while a hung backend holds its share of the gate for the whole
    // window and a refusing one fails: 1 s against 2 s over 9 s (on a loaded machine a 1 s poll
    // is skipped while its fetch still runs, so only "more often" is asserted). Without a share
    // per backend, the hung one's reads would take all eight slots and none of these would refresh.
    expect(refreshes('c2')).toBeGreaterThanOrEqual(3);
    expect(refreshes('c3')).toBeGreaterThanOrEqual(3);
    expect(refreshes('c1')).toBeGreaterThan(refreshes('c2'));

    // The twins share one adapter: each question asked once for both, polled together.
    const [a, b] = [refreshes('twin-a'), refreshes('twin-b')];
    expect(a).toBeGreaterThanOrEqual(3);
    expect(counts('shared').query).toBe(7 * Math.max(a, b));

    // The hung backend: never answered, its reads still in flight; it got no more than its share (4 of 8).
    expect(of('dead').slos.getCurrentResult().data).toBeUndefined();
    expect(proxy.countOf('dead')).toBeLessThanOrEqual(4);

    // The refusing backend failed and was asked again after pauses (query-core's retries at 1 s
    // and 2 s, then its next poll), not hammered: its attempts, 7 reads each, came at most once
    // a second.
    expect(client.getQueryData<FailedAttempt | null>(lastFailureKey(sloKey('refused')))?.error.message).toMatch(/502/);
    const reads = proxy.requests.filter((x) => x.prefix === 'refused' && x.path === '/api/v1/query');
    const attempts: number[] = [];
    for (const r of reads) if (attempts.length === 0 || r.at - attempts.at(-1)! > 500) attempts.push(r.at);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(WINDOW_MS / 1000);
    // Each attempt asks about its own instant: at most one refresh's 7 reads per instant, never
    // per SLO.
    const perInstant = new Map<string, number>();
    for (const r of reads) perInstant.set(r.instant ?? '?', (perInstant.get(r.instant ?? '?') ?? 0) + 1);
    expect(perInstant.has('?')).toBe(false);
    for (const size of perInstant.values()) expect(size).toBeLessThanOrEqual(7);
  }, 120_000);
});
