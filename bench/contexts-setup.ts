/**
 * The world of the contexts benchmark: N contexts served by real servers behind a loopback proxy
 * that gives each context its own path prefixes (`/p-ctxN` → Prometheus, `/a-ctxN` → its
 * Alertmanager; `scripts/prefix-proxy.ts`) and counts what each context asks. The contexts' data
 * differ as separate clusters' would:
 *
 * - ONE Prometheus serves every context: each context's SLOs read its own services' series
 *   (`ctxN-api`, `ctxN-web`), backfilled with their own traffic; every fifth context burns its
 *   error budget. A query selects its context's series by label, so sharing one server costs
 *   what N servers would (but on the same cores).
 * - One Alertmanager PER context, holding that context's alerts (other services' groups of the
 *   alerts benchmark, labelled `ctx="ctxN"`). Not one for all with a per-context `filter`:
 *   Alertmanager walks every alert it holds to answer a filtered list, so each of N contexts
 *   would pay for all N × 500 alerts (0.4–0.8 s per list with 10,000 held, under load), which
 *   no deployment of N clusters does.
 */
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {startBackends, type Backends} from '../scripts/backends.ts';
import {startPrefixProxy, type PrefixProxy} from '../scripts/prefix-proxy.ts';
import {generateBackfill, seededRandom} from '../scripts/slo-backfill.ts';
import {sloFleetEntries, SLO_VARIANTS} from '../scripts/slo-fleet.ts';
import {generateAlerts, SHAPE, type PostableAlert} from './alerts-data.ts';

/** The size of the world. */
export interface ContextsShape {
  contexts: number;
  /** Services per context; each gets the fleet's five SLO variants. */
  servicesPer: number;
  alertsPer: number;
}

/** What the benchmark runs against. */
export interface ContextsWorld {
  shape: ContextsShape;
  names: string[];
  proxy: PrefixProxy;
  /** Config with every context (`--context ctx1` or `--all-contexts` select from it). */
  config: string;
  /** SLOs per context. */
  slosPer: number;
  stop(): Promise<void>;
}

const nameOf = (i: number) => `ctx${i + 1}`;
const servicesOf = (i: number, per: number) => ['api', 'web', 'db', 'queue', 'auth'].slice(0, per).map((s) => `${nameOf(i)}-${s}`);

/** Context `i`'s alerts: one service's groups of the alerts benchmark (other contexts, other services), labelled with the context. */
function contextAlerts(i: number, per: number, all: readonly PostableAlert[]): PostableAlert[] {
  const out: PostableAlert[] = [];
  for (let k = 0; k < per; k++) {
    const a = all[(i * per + k) % all.length]!;
    out.push({...a, labels: {...a.labels, ctx: nameOf(i)}});
  }
  return out;
}

/** Posts `alerts` to one Alertmanager and waits until it lists them all. */
async function postAlerts(url: string, alerts: readonly PostableAlert[]): Promise<void> {
  for (let i = 0; i < alerts.length; i += 500) {
    const res = await fetch(`${url}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(alerts.slice(i, i + 500))});
    if (res.status !== 200) throw new Error(`POST /api/v2/alerts: HTTP ${res.status}`);
  }
  for (let tries = 0; ; tries++) {
    const listed = (await (await fetch(`${url}/api/v2/alerts`)).json()) as unknown[];
    if (listed.length >= alerts.length) return;
    if (tries > 300) throw new Error(`Alertmanager lists ${listed.length} of ${alerts.length} alerts`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the servers and the proxy, loads the data and writes the config into `dir`. */
export async function startContextsWorld(shape: ContextsShape, dir: string, log: (line: string) => void): Promise<ContextsWorld> {
  const names = Array.from({length: shape.contexts}, (_, i) => nameOf(i));
  const end = Math.floor(Date.now() / 60_000) * 60;
  const random = seededRandom(20);
  const traffic = names.flatMap((_, i) =>
    servicesOf(i, shape.servicesPer).map((service) => ({
      service,
      requestsPerStep: () => 400 + Math.floor(random() * 200),
      // Every fifth context burns (2 % errors over the last hour); the others are healthy.
      errorRatio: (step: number) => (i % 5 === 2 && step > 6 * 60 ? 0.02 : random() * 0.0008),
    })),
  );
  log(`backfilling ${traffic.length} services × 7 h for ${shape.contexts} contexts …`);
  const backfill = generateBackfill(traffic, end - 7 * 3600, end);
  const started: Backends[] = [];
  const stopAll = () => Promise.all(started.map((b) => b.stop()));
  try {
    log(`starting Prometheus and ${shape.contexts} Alertmanagers …`);
    // All settled before going on: a failed start must not leave the others running.
    const settled = await Promise.allSettled([startBackends({openMetrics: backfill.openMetrics, interval: '15s', alertmanager: false}), ...names.map(() => startBackends({prometheus: false}))]);
    for (const r of settled) if (r.status === 'fulfilled') started.push(r.value);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [prom, ...ams] = started;
    const prometheus = prom!.prometheusUrl!;
    const all = generateAlerts(SHAPE.groups * SHAPE.perGroup, Date.now());
    log(`posting ${shape.alertsPer} alerts to each Alertmanager …`);
    await Promise.all(names.map((_, i) => postAlerts(ams[i]!.alertmanagerUrl!, contextAlerts(i, shape.alertsPer, all))));
    const proxy = await startPrefixProxy(Object.fromEntries(names.flatMap((n, i) => [[`p-${n}`, {upstream: prometheus}], [`a-${n}`, {upstream: ams[i]!.alertmanagerUrl!}]])));
    const contexts = names.flatMap((n, i) => [
      `  - name: ${n}`,
      `    prometheus: {url: ${proxy.url}/p-${n}}`,
      `    alertmanagers: [{name: alertmanager, url: ${proxy.url}/a-${n}}]`,
      '    slos:',
      ...sloFleetEntries(servicesOf(i, shape.servicesPer)),
    ]);
    const config = join(dir, 'contexts.yaml');
    await writeFile(config, ['current-context: ctx1', 'contexts:', ...contexts, ''].join('\n'));
    return {
      shape,
      names,
      proxy,
      config,
      slosPer: shape.servicesPer * SLO_VARIANTS.length,
      stop: async () => {
        await proxy.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
