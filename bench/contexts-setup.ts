/**
 * The world of the contexts benchmark: N contexts served by ONE real Prometheus and ONE real
 * Alertmanager behind a loopback proxy that gives each context its own path prefixes
 * (`/p-ctxN` → Prometheus, `/a-ctxN` → Alertmanager; `scripts/prefix-proxy.ts`) and counts what
 * each context asks. The contexts' data differ as separate clusters' would:
 *
 * - Prometheus: each context's SLOs read its own services' series (`ctxN-api`, `ctxN-web`),
 *   backfilled with their own traffic; every fifth context burns its error budget.
 * - Alertmanager: each context's alerts carry `ctx="ctxN"`, and the proxy adds that matcher to
 *   the context's `GET /api/v2/alerts` (Alertmanager's own `filter`), as a tenant-aware front
 *   would; the contexts hold different alerts (other services' groups of the alerts benchmark).
 *
 * No recording stand-in is needed: both servers serve every context for real.
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
  const backends: Backends = await startBackends({openMetrics: backfill.openMetrics, interval: '15s'});
  try {
    const prometheus = backends.prometheusUrl!;
    const alertmanager = backends.alertmanagerUrl!;
    const all = generateAlerts(SHAPE.groups * SHAPE.perGroup, Date.now());
    const alerts = names.flatMap((_, i) => contextAlerts(i, shape.alertsPer, all));
    log(`posting ${alerts.length} alerts (${shape.alertsPer} per context) to Alertmanager …`);
    for (let i = 0; i < alerts.length; i += 500) {
      const res = await fetch(`${alertmanager}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(alerts.slice(i, i + 500))});
      if (res.status !== 200) throw new Error(`POST /api/v2/alerts: HTTP ${res.status}`);
    }
    for (let tries = 0; ; tries++) {
      const listed = (await (await fetch(`${alertmanager}/api/v2/alerts`)).json()) as unknown[];
      if (listed.length >= alerts.length) break;
      if (tries > 300) throw new Error(`Alertmanager lists ${listed.length} of ${alerts.length} alerts`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const proxy = await startPrefixProxy(
      Object.fromEntries(names.flatMap((n) => [[`p-${n}`, {upstream: prometheus}], [`a-${n}`, {upstream: alertmanager, alertFilter: [`ctx="${n}"`]}]])),
    );
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
        await backends.stop();
      },
    };
  } catch (error) {
    await backends.stop();
    throw error;
  }
}
