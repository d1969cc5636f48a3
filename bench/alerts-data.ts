/**
 * The alerts of the alerts benchmark: 10,000 firing alerts in 500 groups (25 alert names × 20
 * services, 20 alerts each, one per pod), with the labels and annotations a Kubernetes monitoring
 * setup gives them (≈ 300 bytes of labels and annotations per alert). Deterministic: the same
 * count gives the same alerts, so both halves of the benchmark and every run see the same data.
 */
import {createHash} from 'node:crypto';

const NAMES: ReadonlyArray<[string, string, string]> = [
  ['HighErrorRate', 'critical', '5xx ratio above 5% for 10m'],
  ['HighLatency', 'warning', 'p99 latency above 500ms for 10m'],
  ['PodCrashLooping', 'warning', 'pod restarted 5 times in 15m'],
  ['PodNotReady', 'warning', 'pod not ready for 15m'],
  ['ContainerOOMKilled', 'warning', 'container killed for exceeding its memory limit'],
  ['CPUThrottlingHigh', 'info', 'more than 25% of CPU periods throttled'],
  ['MemoryNearLimit', 'warning', 'memory working set above 90% of the limit'],
  ['DiskAlmostFull', 'critical', 'volume predicted to fill within 4h'],
  ['SLOBurnRateFast', 'critical', 'error budget burning 14.4x over 1h and 5m'],
  ['SLOBurnRateSlow', 'warning', 'error budget burning 6x over 6h and 30m'],
  ['TargetDown', 'warning', 'scrape target unreachable for 5m'],
  ['QueueBacklogHigh', 'warning', 'consumer lag above 10k messages'],
  ['DatabaseConnectionsHigh', 'warning', 'connection pool above 90% in use'],
  ['CertificateExpiringSoon', 'info', 'TLS certificate expires in less than 14 days'],
  ['HPAMaxedOut', 'info', 'autoscaler at max replicas for 30m'],
  ['DeploymentReplicasMismatch', 'warning', 'available replicas below desired for 15m'],
  ['JobFailed', 'warning', 'job failed to complete'],
  ['UpstreamErrors', 'critical', 'upstream dependency failing over 10% of calls'],
  ['CacheHitRateLow', 'info', 'cache hit rate below 60% for 30m'],
  ['GCPauseHigh', 'info', 'GC pauses above 200ms p99'],
  ['ThreadPoolExhausted', 'critical', 'no idle worker threads for 5m'],
  ['RateLimited', 'warning', 'more than 1% of requests answered 429'],
  ['NodeNotReady', 'critical', 'node hosting the service not ready'],
  ['ConfigReloadFailed', 'warning', 'last configuration reload failed'],
  ['DNSLookupErrors', 'warning', 'DNS lookups failing above 1%'],
];

const SERVICES = ['checkout', 'cart', 'search', 'ledger', 'profile', 'payments', 'auth', 'catalog', 'shipping', 'billing', 'inventory', 'pricing', 'reviews', 'gateway', 'notifications', 'recommendations', 'orders', 'accounts', 'media', 'reporting'];

/** Groups and alerts per group of the benchmark. */
export const SHAPE = {groups: NAMES.length * SERVICES.length, perGroup: 20} as const;

/** One alert as POSTed to Alertmanager (`postableAlert`). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/**
 * `count` alerts, group by group (alertname × service), `perGroup` pods each; the first
 * `count` of the full 10,000 (so a small baseline is the same kind of alert). `now` is epoch ms.
 */
export function generateAlerts(count: number, now: number): PostableAlert[] {
  const out: PostableAlert[] = [];
  for (let g = 0; out.length < count && g < SHAPE.groups; g++) {
    const [alertname, severity, what] = NAMES[g % NAMES.length]!;
    const service = SERVICES[Math.floor(g / NAMES.length)]!;
    for (let i = 0; out.length < count && i < SHAPE.perGroup; i++) {
      const pod = `${service}-${(0x5d8f7c6b4 + g * 7919).toString(36).slice(-9)}-${(i * 7 + 11).toString(36).padStart(5, 'x')}`;
      const instance = `10.${(g % 200) + 20}.${i + 1}.${(g * 3 + i) % 250}:8080`;
      out.push({
        labels: {alertname, service, severity, namespace: `shop-${service}`, pod, instance, job: service},
        annotations: {
          summary: `${what} on ${pod}`,
          runbook_url: `https://runbooks.example.com/${alertname}`,
        },
        // Spread over the last six hours, older groups first, so ages and the order vary.
        startsAt: new Date(now - ((g * 37 + i * 53) % 360) * 60_000 - 60_000).toISOString(),
        endsAt: new Date(now + 4 * 3600_000).toISOString(),
        generatorURL: `http://prometheus.example.com/graph?g0.expr=${encodeURIComponent(`${alertname}{service="${service}"}`)}&g0.tab=1`,
      });
    }
  }
  return out;
}

/** Alertmanager's view of posted alerts (`gettableAlert`), for a fake server; fingerprints from the labels. */
export function gettableAlerts(alerts: readonly PostableAlert[], now: number): unknown[] {
  return alerts.map((a) => ({
    annotations: a.annotations,
    endsAt: a.endsAt,
    fingerprint: createHash('sha256').update(JSON.stringify(a.labels)).digest('hex').slice(0, 16),
    receivers: [{name: 'blackhole'}],
    startsAt: a.startsAt,
    status: {inhibitedBy: [], silencedBy: [], state: 'active'},
    updatedAt: new Date(now).toISOString(),
    generatorURL: a.generatorURL,
    labels: a.labels,
  }));
}

/** Average bytes of labels + annotations per alert, as JSON. */
export function labelBytes(alerts: readonly PostableAlert[]): number {
  const total = alerts.reduce((sum, a) => sum + JSON.stringify(a.labels).length + JSON.stringify(a.annotations).length, 0);
  return total / Math.max(1, alerts.length);
}
