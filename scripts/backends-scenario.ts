/**
 * The scenario `scripts/backends.ts` serves by hand: 30 days of history for two services,
 * checkout burning fast (a page) and search burning slowly (a ticket), continued live by a tiny
 * exporter that Prometheus scrapes, plus alerting rules that fire into Alertmanager.
 */
import {createServer, type Server} from 'node:http';
import {generateBackfill, seededRandom, type Backfill, type ServiceTraffic} from './slo-backfill.ts';

/** Series labels shared by the backfill and the exporter, so both write the same series. */
export const SCENARIO_LABELS = {job: 'scenario', instance: 'scenario'};

const DAY = 86_400;
const STEP = 60;

/** Per-minute traffic: ~1000 rpm checkout (3 % errors for the last 40 min), ~300 rpm search (0.15 %). */
function traffic(endSec: number, startSec: number): ServiceTraffic[] {
  const random = seededRandom(7);
  const burnFrom = (endSec - 40 * 60 - startSec) / STEP;
  return [
    {service: 'checkout', requestsPerStep: () => 950 + Math.floor(random() * 100), errorRatio: (i) => (i >= burnFrom ? 0.03 : 0.0004)},
    {service: 'search', requestsPerStep: () => 280 + Math.floor(random() * 40), errorRatio: () => 0.0015},
  ];
}

/** 30 days of scenario counters ending at `endSec`. */
export function scenarioBackfill(endSec: number): Backfill {
  const startSec = endSec - 30 * DAY;
  return generateBackfill(traffic(endSec, startSec), startSec, endSec, STEP, SCENARIO_LABELS);
}

/** Alerting rules over the scenario's series. */
export const SCENARIO_RULES = `groups:
  - name: scenario
    rules:
      - alert: CheckoutHighErrorRate
        expr: sum(rate(http_requests_total{service="checkout",code="500"}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.01
        for: 1m
        labels: {severity: critical, service: checkout}
        annotations:
          summary: Checkout fails more than 1 % of requests
          runbook_url: https://runbooks.example/checkout/high-error-rate
      - alert: SearchErrorBudgetBurn
        expr: sum(rate(http_requests_total{service="search",code="500"}[6h])) / sum(rate(http_requests_total{service="search"}[6h])) > 0.001
        for: 1h
        labels: {severity: warning, service: search}
        annotations:
          summary: Search is spending its error budget
`;

/**
 * Serves the scenario's counters live from where the backfill ended, at the same rates.
 * @returns the server and its `host:port` for Prometheus to scrape (with honor_labels)
 */
export async function startScenarioExporter(backfill: Backfill, endSec: number): Promise<{server: Server; target: string}> {
  const last = new Map([...backfill.counters].map(([service, s]) => [service, {ok: s.ok.at(-1) ?? 0, errors: s.errors.at(-1) ?? 0}]));
  const perSecond = new Map([...backfill.counters].map(([service, s]) => {
    const n = s.ok.length - 1;
    const window = Math.min(10, n);
    return [service, {ok: ((s.ok[n] ?? 0) - (s.ok[n - window] ?? 0)) / (window * STEP), errors: ((s.errors[n] ?? 0) - (s.errors[n - window] ?? 0)) / (window * STEP)}];
  }));
  const labels = Object.entries(SCENARIO_LABELS).map(([k, v]) => `,${k}="${v}"`).join('');
  const server = createServer((_req, res) => {
    const elapsed = Math.max(0, Date.now() / 1000 - endSec);
    const lines = ['# TYPE http_requests_total counter'];
    for (const [service, base] of last) {
      const rate = perSecond.get(service) ?? {ok: 0, errors: 0};
      lines.push(`http_requests_total{service="${service}",code="200"${labels}} ${Math.floor(base.ok + rate.ok * elapsed)}`);
      lines.push(`http_requests_total{service="${service}",code="500"${labels}} ${Math.floor(base.errors + rate.errors * elapsed)}`);
    }
    res.writeHead(200, {'content-type': 'text/plain; version=0.0.4'}).end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {server, target: `127.0.0.1:${port}`};
}
