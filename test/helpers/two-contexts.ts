/**
 * Two contexts on real servers, for the tests of several contexts at once (one-shot commands and
 * the dashboard): two real Prometheus holding three hours of backfilled checkout traffic and two
 * real Alertmanagers. prod-eu is calm (a warning, DiskFilling on api); prod-us burns its checkout
 * SLO (3 % errors over the last hour: a page) and fires a critical HighErrorRate on checkout.
 * Each test writes its own config around the YAML pieces here (deploys, groups and refresh differ).
 */
import {generateBackfill, seededRandom} from '../../scripts/slo-backfill.ts';
import {postAlert, startTestBackends, type Backends} from './backends.ts';

const MIN = 60;

/** The two contexts' servers and the backfill's last minute. */
export interface TwoContexts {
  eu: Backends;
  us: Backends;
  /** The last backfilled minute, epoch seconds: where the SLO numbers are exact. */
  end: number;
  /** Stops all four servers. */
  stop(): Promise<void>;
}

/** The checkout SLO both contexts define, as a context's `slos:` block (indented for a context entry). */
export const CHECKOUT_SLO = `    slos:
      - {name: checkout-availability, service: checkout, objective: 99.9, window: 30d,
         errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
         totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'}
`;

/** Backfilled checkout traffic ending at `end`: `burning` fails 3 % of requests over the last hour (a page). */
function traffic(end: number, burning: boolean, seed: number): string {
  const start = end - 3 * 3600;
  const random = seededRandom(seed);
  return generateBackfill(
    [{service: 'checkout', requestsPerStep: () => 900 + Math.floor(random() * 200), errorRatio: (i: number) => (burning && end - (start + i * MIN) < 3600 ? 0.03 : random() * 0.0005)}],
    start,
    end,
  ).openMetrics;
}

/** Starts prod-eu's and prod-us' Prometheus and Alertmanager, with the data above. */
export async function startTwoContexts(): Promise<TwoContexts> {
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const [eu, us] = await Promise.all([startTestBackends({openMetrics: traffic(end, false, 1)}), startTestBackends({openMetrics: traffic(end, true, 2)})]);
  await postAlert(eu.alertmanagerUrl!, {alertname: 'DiskFilling', severity: 'warning', service: 'api'});
  await postAlert(us.alertmanagerUrl!, {alertname: 'HighErrorRate', severity: 'critical', service: 'checkout'});
  return {eu, us, end, stop: async () => void (await Promise.allSettled([eu.stop(), us.stop()]))};
}

/** A context's `prometheus:` and `alertmanagers:` lines for `b`, its Alertmanager named `am`. */
export function backendsYaml(b: Backends, am: string): string {
  return `    prometheus: {url: ${b.prometheusUrl}}
    alertmanagers: [{name: ${am}, url: ${b.alertmanagerUrl}}]
`;
}

/**
 * The config of prod-eu and prod-us on `two`'s servers (Alertmanagers am-eu and am-us, the
 * checkout SLO in each), in a group `prod`; `extra` adds lines to each context's entry.
 */
export function twoContextsConfig(two: Pick<TwoContexts, 'eu' | 'us'>, extra: {eu?: string; us?: string} = {}): string {
  return `current-context: prod-eu
contextGroups:
  prod: [prod-eu, prod-us]
contexts:
  - name: prod-eu
${backendsYaml(two.eu, 'am-eu')}${extra.eu ?? ''}${CHECKOUT_SLO}  - name: prod-us
${backendsYaml(two.us, 'am-us')}${extra.us ?? ''}${CHECKOUT_SLO}`;
}

/** The active silences of `b`'s Alertmanager, read from its API. */
export async function activeSilences(b: Backends): Promise<Array<{status: {state: string}; comment: string}>> {
  const all = (await (await fetch(`${b.alertmanagerUrl}/api/v2/silences`)).json()) as Array<{status: {state: string}; comment: string}>;
  return all.filter((s) => s.status.state === 'active');
}
