/**
 * The cost of one refresh, counted on the wire: a counting reverse proxy sits between the real
 * `oncall status --json` code and a real Prometheus. 25 SLOs × 7 burn windows + their periods
 * must cost 7 instant queries (the period rides in the 3d one), and the 25 sparklines one range
 * query. A Pyrra SLO added to the fleet costs one more instant query (its 4d window), not more.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCountingProxy, type CountingProxy} from '../../scripts/counting-proxy.ts';
import {generateBackfill, seededRandom} from '../../scripts/slo-backfill.ts';
import {sloFleetConfig, sloFleetNames} from '../../scripts/slo-fleet.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const SERVICES = ['cart', 'checkout', 'search', 'ledger', 'profile'];
// Five SLOs per service: other error matchers, objectives and periods, so no two queries are alike.
const NAMES = sloFleetNames(SERVICES);
const configYaml = (url: string) => sloFleetConfig(url, SERVICES, 'test');

/** A 28-day Pyrra SLO over one fleet service's counters, as a Pyrra file. */
const PYRRA_FILE = [
  'apiVersion: pyrra.dev/v1alpha1',
  'kind: ServiceLevelObjective',
  'metadata:',
  '  name: ledger-pyrra',
  '  labels: {pyrra.dev/service: ledger}',
  'spec:',
  '  target: "99.5"',
  '  window: 4w',
  '  indicator:',
  '    ratio:',
  '      errors: {metric: \'http_requests_total{service="ledger",code=~"5.."}\'}',
  '      total: {metric: \'http_requests_total{service="ledger"}\'}',
  '',
].join('\n');

describe('requests per refresh, counted between the CLI and a real Prometheus', () => {
  let backends: Backends;
  let proxy: CountingProxy;
  let dir: string;
  const end = Math.floor(Date.now() / 60_000) * 60;

  beforeAll(async () => {
    const random = seededRandom(25);
    const backfill = generateBackfill(
      SERVICES.map((service) => ({service, requestsPerStep: () => 500 + Math.floor(random() * 100), errorRatio: () => random() * 0.004})),
      end - 8 * 3600,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    proxy = await startCountingProxy(backends.prometheusUrl ?? '');
    dir = await mkdtemp(join(tmpdir(), 'oncall-slo-requests-'));
    await writeFile(join(dir, 'config.yaml'), configYaml(proxy.url));
    // The same fleet plus one Pyrra file; `sloFiles` is a context key after `slos:`.
    await writeFile(join(dir, 'pyrra.yaml'), PYRRA_FILE);
    await writeFile(join(dir, 'config-pyrra.yaml'), `${configYaml(proxy.url)}    sloFiles: [pyrra.yaml]\n`);
  });

  afterAll(async () => {
    await proxy?.close();
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it('reads 25 SLOs × 7 windows + their periods in 7 instant queries and their sparklines in one range query', async () => {
    let out = '';
    const code = await main(['status', '--json', '--config', join(dir, 'config.yaml')], {HOME: dir}, {out: (t) => void (out += t), err: () => {}}, {now: () => end * 1000});
    const doc = JSON.parse(out) as StatusDocument;
    // The 99.99 % SLOs burn through 0.2 % errors: a page, exit code 1.
    expect(doc.slos.filter((s) => s.status === 'page').map((s) => s.name)).toEqual(SERVICES.map((s) => `${s}-strict`));
    expect(code).toBe(1);
    expect(doc.slos.map((s) => s.name)).toEqual(NAMES);
    // Not vacuous: every SLO got every number.
    for (const slo of doc.slos) {
      expect(Object.values(slo.burnRates).every((b) => typeof b === 'number'), slo.name).toBe(true);
      expect(slo.sli, slo.name).toEqual(expect.any(Number));
    }

    const calls = proxy.requests.map((r) => `${r.method} ${r.path}`);
    const instant = proxy.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/query');
    expect(instant.length).toBeLessThanOrEqual(7);
    expect(instant).toHaveLength(7);
    expect(calls.filter((c) => c === 'POST /api/v1/query_range')).toHaveLength(1);
    expect(calls.filter((c) => c === 'GET /api/v1/alerts')).toHaveLength(1);
    // Native SLOs only: no rules discovery.
    expect(calls).toHaveLength(9);

    // Every instant query carries all 25 SLOs, at the same instant.
    for (const r of instant) {
      const promql = r.params.get('query') ?? '';
      expect(r.params.get('time')).toBe(String(end));
      for (const name of NAMES) expect(promql).toContain(`"oncall_slo", "${name}"`);
    }
    // The windows: one request each; the periods (30d, 28d, 7d) only beside 3d, the least urgent.
    const windowsOf = (promql: string) => [...new Set([...promql.matchAll(/\[(\w+)\]\)\)/g)].map((m) => m[1]))].sort();
    expect(instant.map((r) => windowsOf(r.params.get('query') ?? '').join(',')).sort()).toEqual(
      ['1d', '1h', '28d,30d,3d,7d', '2h', '30m', '5m', '6h'].sort(),
    );
    expect(instant.filter((r) => (r.params.get('query') ?? '').includes('"oncall_window"'))).toHaveLength(1);
  });

  it('reads a fleet with one Pyrra SLO in 8 instant queries: its 4d window once, for it alone', async () => {
    proxy.requests.length = 0;
    let out = '';
    await main(['status', '--json', '--config', join(dir, 'config-pyrra.yaml')], {HOME: dir}, {out: (t) => void (out += t), err: () => {}}, {now: () => end * 1000});
    const doc = JSON.parse(out) as StatusDocument;
    const pyrra = doc.slos.find((s) => s.name === 'ledger-pyrra');
    expect(pyrra).toMatchObject({source: 'pyrra', window: '4w'});
    expect(Object.keys(pyrra?.burnRates ?? {})).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '4d']);
    expect(pyrra?.burnRates['4d']).toEqual(expect.any(Number));

    const instant = proxy.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/query');
    expect(instant).toHaveLength(8);
    // A Pyrra SLO looks for Pyrra's recording rules once.
    expect(proxy.requests.filter((r) => r.path === '/api/v1/rules')).toHaveLength(1);
    const fourDay = instant.filter((r) => (r.params.get('query') ?? '').includes('[4d]'));
    expect(fourDay).toHaveLength(1);
    const promql = fourDay[0]?.params.get('query') ?? '';
    expect(promql).toContain('"oncall_slo", "ledger-pyrra"');
    for (const name of NAMES) expect(promql).not.toContain(`"oncall_slo", "${name}"`);
  });
});
