/**
 * The history the handover outage tests give a real Prometheus: checkout failing at 5 % (its SLO
 * pages), the `up` heartbeat and CheckoutDown firing, all up to the instant the data stops; and a
 * config with that SLO.
 */
import {generateBackfill} from '../../scripts/slo-backfill.ts';

/** OpenMetrics of requests, `up` and CheckoutDown from `start` to `stop` (seconds), one sample a `step`. */
export function outageMetrics(start: number, stop: number, step: number): string {
  const traffic = generateBackfill([{service: 'checkout', requestsPerStep: () => 1000, errorRatio: () => 0.05}], start, stop, step).openMetrics.replace(/# EOF\n*$/, '');
  const up = ['# TYPE up gauge'];
  const alerts = ['# TYPE ALERTS gauge'];
  for (let t = start; t <= stop; t += step) {
    up.push(`up{job="self",instance="x"} 1 ${t}`);
    alerts.push(`ALERTS{alertname="CheckoutDown",alertstate="firing",service="checkout",severity="critical"} 1 ${t}`);
  }
  return `${traffic}${[...up, ...alerts].join('\n')}\n# EOF\n`;
}

/** One context `prod` on `prometheus` with checkout-availability (99.9 % over 30d). */
export function outageConfig(prometheus: string): string {
  return [
    'current-context: prod',
    'contexts:',
    '  - name: prod',
    `    prometheus: {url: ${prometheus}}`,
    '    slos:',
    '      - name: checkout-availability',
    '        service: checkout',
    '        objective: 99.9',
    '        window: 30d',
    `        errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))'`,
    `        totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'`,
    '',
  ].join('\n');
}
