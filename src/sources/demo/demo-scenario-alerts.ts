/**
 * The demo's alerts and the one silence that exists before the demo starts, as data. Times are
 * offsets from T0 in milliseconds. Every state an alert can be in appears at least once: firing
 * (critical, warning, info), suppressed by a silence, suppressed by an inhibition, and pending.
 */
import type {Matcher} from '../../domain/alert.ts';
import {DAY, HOUR, MINUTE} from './demo-scenario.ts';

/** Which demo backend reports an alert: Alertmanager, or Prometheus for alerts still pending. */
export type DemoAlertBackend = 'alertmanager' | 'prometheus';

/** One demo alert rule instance. `labels` holds `alertname`, `severity` and `service`. */
export interface DemoAlertSpec {
  fingerprint: string;
  backend: DemoAlertBackend;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsOffsetMs: number;
  generatorUrl: string;
  /** Reported as `pending` (a Prometheus rule whose `for` has not elapsed). */
  pending?: boolean;
  /** Active only while the SLO's error ratio over the last `windowMs` is above `above`. */
  activeWhile?: {slo: string; windowMs: number; above: number};
  /** Fingerprints of alerts that inhibit this one while they are active. */
  inhibitedBy?: string[];
}

/** A silence present when the demo starts. */
export interface DemoSilenceSpec {
  matchers: Matcher[];
  startsOffsetMs: number;
  endsOffsetMs: number;
  createdBy: string;
  comment: string;
}

/** Fingerprint of the checkout page: other alerts refer to it, and tests ack it. */
export const CHECKOUT_ALERT_FINGERPRINT = '3f9c2a71d04be518';
/** The checkout alert fires while the 5xx ratio over the last minute is above 1 %. */
export const CHECKOUT_ALERT_THRESHOLD = 0.01;

const PROM = 'https://prometheus.example.com/graph?g0.expr=';
const exact = (name: string, value: string): Matcher => ({name, value, isRegex: false, isEqual: true});

/** The demo alerts, most severe first. */
export const DEMO_ALERTS: readonly DemoAlertSpec[] = [
  {
    fingerprint: CHECKOUT_ALERT_FINGERPRINT,
    backend: 'alertmanager',
    labels: {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout', env: 'production', team: 'storefront'},
    annotations: {
      summary: 'Checkout is failing more than 1% of requests',
      description: 'checkout returns 5xx for 2.0% of requests over the last minute (threshold 1%).',
      runbook_url: 'https://runbooks.example.com/checkout/high-error-rate',
      dashboard_url: 'https://grafana.example.com/d/checkout-overview',
    },
    // The rule has `for: 2m`: the ratio crossed 1 % half a minute after the deploy at −12m.
    startsOffsetMs: -10 * MINUTE,
    generatorUrl: `${PROM}${encodeURIComponent('sum(rate(http_requests_total{service="checkout",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="checkout"}[1m])) > 0.01')}`,
    activeWhile: {slo: 'checkout-availability', windowMs: MINUTE, above: CHECKOUT_ALERT_THRESHOLD},
  },
  {
    fingerprint: 'a81e5d0c7f3b2964',
    backend: 'alertmanager',
    labels: {alertname: 'SearchLatencyBudgetBurn', severity: 'warning', service: 'search', env: 'production', team: 'discovery', slo: 'search-latency'},
    annotations: {
      summary: 'search-latency is burning its error budget',
      description: 'Over 1d and 2h the slow-query ratio burns the 30d budget at about 4x.',
      runbook_url: 'https://runbooks.example.com/search/latency-budget-burn',
    },
    // When the 1d window first exceeded 3× (about 18h into the two-day burn).
    startsOffsetMs: -30 * HOUR,
    generatorUrl: `${PROM}${encodeURIComponent('slo:sli_error:ratio_rate1d{slo="search-latency"} > (3 * 0.005)')}`,
  },
  {
    fingerprint: '5be07c93d1a4f208',
    backend: 'alertmanager',
    labels: {alertname: 'PaymentsUpstreamLatency', severity: 'warning', service: 'payments', env: 'production', team: 'payments'},
    annotations: {
      summary: 'Payment provider calls are slow',
      description: 'p99 latency of calls to the payment provider is above 800ms.',
      runbook_url: 'https://runbooks.example.com/payments/upstream-latency',
    },
    startsOffsetMs: -9 * MINUTE,
    generatorUrl: `${PROM}${encodeURIComponent('histogram_quantile(0.99, sum by (le) (rate(provider_request_duration_seconds_bucket[5m]))) > 0.8')}`,
    // A symptom of the checkout incident (retries from checkout): it ends with it, and the
    // critical checkout alert inhibits it meanwhile.
    activeWhile: {slo: 'checkout-availability', windowMs: MINUTE, above: CHECKOUT_ALERT_THRESHOLD},
    inhibitedBy: [CHECKOUT_ALERT_FINGERPRINT],
  },
  {
    fingerprint: 'c2d4f6a8091b3e57',
    backend: 'alertmanager',
    labels: {alertname: 'DiskSpaceLow', severity: 'warning', service: 'inventory', env: 'production', instance: 'db-2', team: 'platform'},
    annotations: {
      summary: 'Disk on db-2 is 88% full',
      description: 'The data volume of db-2 will be full in about 3 days at the current growth.',
      runbook_url: 'https://runbooks.example.com/platform/disk-space-low',
    },
    startsOffsetMs: -6 * HOUR,
    generatorUrl: `${PROM}${encodeURIComponent('node_filesystem_avail_bytes{instance="db-2"} / node_filesystem_size_bytes < 0.15')}`,
  },
  {
    fingerprint: '9e1f3c5a7b2d4068',
    backend: 'alertmanager',
    labels: {alertname: 'CertificateExpiresSoon', severity: 'info', service: 'auth', env: 'production', team: 'identity'},
    // No runbook_url on purpose: the app falls back to its configured template.
    annotations: {
      summary: 'TLS certificate of auth.example.com expires in 12 days',
      description: 'Renewal is automated; this is a reminder in case it fails.',
    },
    startsOffsetMs: -3 * DAY,
    generatorUrl: `${PROM}${encodeURIComponent('probe_ssl_earliest_cert_expiry{instance="auth.example.com"} - time() < 14 * 86400')}`,
  },
  {
    fingerprint: '74a0b6e2c8d1f935',
    backend: 'prometheus',
    labels: {alertname: 'InventoryQueueBacklog', severity: 'warning', service: 'inventory', env: 'production', team: 'fulfilment'},
    annotations: {
      summary: 'Inventory update queue is backing up',
      description: 'More than 5000 messages have waited in inventory-updates for over 5 minutes.',
    },
    // Hovers around its threshold, so its `for: 10m` keeps restarting: pending, not firing.
    startsOffsetMs: -3 * MINUTE,
    generatorUrl: `${PROM}${encodeURIComponent('queue_depth{queue="inventory-updates"} > 5000')}`,
    pending: true,
  },
];

/** The silence that already exists: a maintenance window on db-2 (not an ack: no `ACK!` prefix). */
export const DEMO_SILENCES: readonly DemoSilenceSpec[] = [
  {
    matchers: [exact('alertname', 'DiskSpaceLow'), {name: 'instance', value: 'db-.*', isRegex: true, isEqual: true}],
    startsOffsetMs: -1 * HOUR,
    endsOffsetMs: 3 * HOUR,
    createdBy: 'ops-bot',
    comment: 'maintenance window',
  },
];
