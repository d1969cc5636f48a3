/**
 * A fleet of native SLOs for load tests and benchmarks: five variants (objectives, error
 * selectors, 7d/28d/30d windows) per service, over the `http_requests_total` series that
 * `slo-backfill.ts` generates, written as an oncall config.
 */

/** The SLO variants every service gets. */
export const SLO_VARIANTS = [
  {suffix: 'availability', errors: 'code=~"5.."', objective: 99.9, window: '30d'},
  {suffix: 'server-errors', errors: 'code="500"', objective: 99.5, window: '30d'},
  {suffix: 'strict', errors: 'code=~"5.."', objective: 99.99, window: '30d'},
  {suffix: 'relaxed', errors: 'code=~"5..|429"', objective: 99, window: '7d'},
  {suffix: 'four-weeks', errors: 'code=~"5.."', objective: 99.9, window: '28d'},
] as const;

/** The SLO names of the fleet, in config order. */
export function sloFleetNames(services: readonly string[]): string[] {
  return services.flatMap((service) => SLO_VARIANTS.map((v) => `${service}-${v.suffix}`));
}

/** The `slos:` entries of the fleet over `services`, indented for a context's `slos:` key. */
export function sloFleetEntries(services: readonly string[]): string[] {
  return services.flatMap((service) =>
    SLO_VARIANTS.map((v) =>
      [
        `      - name: ${service}-${v.suffix}`,
        `        service: ${service}`,
        `        objective: ${v.objective}`,
        `        window: ${v.window}`,
        `        errorQuery: 'sum(rate(http_requests_total{service="${service}",${v.errors}}[{{.window}}]))'`,
        `        totalQuery: 'sum(rate(http_requests_total{service="${service}"}[{{.window}}]))'`,
      ].join('\n'),
    ),
  );
}

/** An oncall config with one context named `context` reading the fleet's SLOs from `url`. */
export function sloFleetConfig(url: string, services: readonly string[], context: string): string {
  return ['current-context: ' + context, 'contexts:', `  - name: ${context}`, '    prometheus:', `      url: ${url}`, '    slos:', ...sloFleetEntries(services), ''].join('\n');
}
