/**
 * The demo's SLOs and their traffic, as data. Every time is an offset in milliseconds from the
 * moment the demo starts (T0; negative = before it), so the same story plays whenever it is run.
 *
 * The story: checkout shipped a bad release twelve minutes ago and pages; search has been slowly
 * burning its latency budget for two days and wants a ticket; payments and auth are healthy; a
 * new inventory endpoint has no traffic yet, so it has no data (which is not "zero errors").
 */
import type {SloDefinition} from '../../domain/slo.ts';

/** One minute, hour and day in milliseconds, to keep the literals below readable. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE;
/** One day in milliseconds. */
export const DAY = 24 * HOUR;

/** The environment every demo SLO measures; rollbacks elsewhere (staging) do not end incidents. */
export const DEMO_ENVIRONMENT = 'production';

/** A stretch of time [start, end) during which an SLO's bad-event ratio differs from its baseline. */
export interface DemoEpisodeSpec {
  startOffsetMs: number;
  /** `null` = still going on; a rollback of the service may end it (see `endsOnRollback`). */
  endOffsetMs: number | null;
  ratio: number;
  /** True when a successful production rollback of the SLO's service ends this episode. */
  endsOnRollback: boolean;
}

/** An SLO of the demo with the constant traffic and the error ratios that drive its windows. */
export interface DemoSloSpec extends Omit<SloDefinition, 'source' | 'sli'> {
  /** Constant traffic; 0 means the SLI has no events at all, hence no data in every window. */
  requestsPerSecond: number;
  /** Bad-event ratio outside every episode. */
  baselineRatio: number;
  /** Non-overlapping episodes, in time order. */
  episodes: DemoEpisodeSpec[];
}

/** When checkout's bad release v2.14.0 went out: twelve minutes before the demo starts. */
export const CHECKOUT_DEPLOY_OFFSET_MS = -12 * MINUTE;
/** checkout's 5xx ratio since that release. */
export const CHECKOUT_INCIDENT_RATIO = 0.02;
/**
 * checkout's 5xx ratio before the release. The 30-day budget of 99.98 % is a 0.0002 ratio; running
 * at 0.00008 for thirty days spends 40 % of it, so 60 % remains when the incident starts.
 */
export const CHECKOUT_BASELINE_RATIO = 0.00008;
/**
 * 99.98 %, not the 99.9 % the incident story was first told with. With a 0.001 budget, twelve
 * minutes at 2 % give a 1h ratio of 0.02 × 12/60 = 0.004, a burn of only 4× — no page. With a
 * 0.0002 budget the same 1h ratio (0.004 plus 48 minutes of baseline = 0.004064) burns ≈ 20.3×
 * and the 5m window (all incident: 0.02) burns 100×: both above 14.4×, so the 1h&5m pair pages.
 */
export const CHECKOUT_AVAILABILITY_OBJECTIVE = 99.98;

/** When search-latency's slow burn started: two days before the demo. */
export const SEARCH_BURN_OFFSET_MS = -2 * DAY;
/**
 * Fraction of search requests slower than the threshold during the slow burn: 4× the 0.005 budget
 * of 99.5 %. Every window up to 1d sees only the burn (4×: above 3×, below 6× and 14.4×); the 3d
 * window sees two days of it and one of baseline, (2 × 0.02 + 0.001) / 3 ≈ 0.01367, a 2.7× burn.
 * So 1d&2h and 3d&6h trip the ticket rows and no page row trips.
 */
export const SEARCH_BURN_RATIO = 0.02;
/** search-latency's slow-request ratio before the burn: 0.2× its budget. */
export const SEARCH_LATENCY_BASELINE_RATIO = 0.001;

/** The demo SLOs: every service has an availability and a latency SLO, except as noted. */
export const DEMO_SLOS: readonly DemoSloSpec[] = [
  {
    name: 'checkout-availability',
    service: 'checkout',
    objective: CHECKOUT_AVAILABILITY_OBJECTIVE,
    window: '30d',
    description: 'Checkout API requests answered without a 5xx',
    requestsPerSecond: 120,
    baselineRatio: CHECKOUT_BASELINE_RATIO,
    episodes: [{startOffsetMs: CHECKOUT_DEPLOY_OFFSET_MS, endOffsetMs: null, ratio: CHECKOUT_INCIDENT_RATIO, endsOnRollback: true}],
  },
  {
    name: 'checkout-latency',
    service: 'checkout',
    objective: 99.5,
    window: '30d',
    description: 'Checkout API requests served within 300ms',
    requestsPerSecond: 120,
    baselineRatio: 0.0015, // 0.3× budget: the bad release fails fast, it is not slow
    episodes: [],
  },
  {
    name: 'payments-availability',
    service: 'payments',
    objective: 99.95,
    window: '30d',
    description: 'Payment authorisations without a 5xx',
    requestsPerSecond: 40,
    baselineRatio: 0.0001, // 0.2× budget
    episodes: [],
  },
  {
    name: 'payments-latency',
    service: 'payments',
    objective: 99,
    window: '30d',
    description: 'Payment authorisations within 1s',
    requestsPerSecond: 40,
    baselineRatio: 0.003, // 0.3× budget
    episodes: [],
  },
  {
    name: 'search-availability',
    service: 'search',
    objective: 99.9,
    window: '30d',
    description: 'Search queries answered without a 5xx',
    requestsPerSecond: 300,
    baselineRatio: 0.0002, // 0.2× budget
    episodes: [],
  },
  {
    name: 'search-latency',
    service: 'search',
    objective: 99.5,
    window: '30d',
    description: 'Search queries served within 500ms',
    requestsPerSecond: 300,
    baselineRatio: SEARCH_LATENCY_BASELINE_RATIO,
    // An index that keeps growing: not fixed by a rollback, so the ticket stays open.
    episodes: [{startOffsetMs: SEARCH_BURN_OFFSET_MS, endOffsetMs: null, ratio: SEARCH_BURN_RATIO, endsOnRollback: false}],
  },
  {
    name: 'inventory-availability',
    service: 'inventory',
    objective: 99.9,
    window: '30d',
    description: 'Stock lookups answered without a 5xx',
    requestsPerSecond: 25,
    baselineRatio: 0.0003, // 0.3× budget
    episodes: [],
  },
  {
    name: 'inventory-reservations',
    service: 'inventory',
    objective: 99.9,
    window: '30d',
    description: 'Stock reservations (new endpoint, not yet called by anyone)',
    requestsPerSecond: 0, // no events → every window is no-data
    baselineRatio: 0,
    episodes: [],
  },
  {
    name: 'auth-availability',
    service: 'auth',
    objective: 99.99,
    window: '28d', // auth reports on four-week periods
    description: 'Token requests answered without a 5xx',
    requestsPerSecond: 200,
    baselineRatio: 0.00002, // 0.2× budget
    episodes: [],
  },
  {
    name: 'auth-latency',
    service: 'auth',
    objective: 99.9,
    window: '28d',
    description: 'Token requests served within 200ms',
    requestsPerSecond: 200,
    baselineRatio: 0.0004, // 0.4× budget
    episodes: [],
  },
];

/** The SLO definitions the rest of the app sees, with source `demo` and no SLI queries. */
export function demoSloDefinitions(): SloDefinition[] {
  return DEMO_SLOS.map(({name, service, objective, window, description}) => ({
    name,
    service,
    objective,
    window,
    source: 'demo' as const,
    ...(description === undefined ? {} : {description}),
  }));
}
