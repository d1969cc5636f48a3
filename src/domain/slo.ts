/**
 * SLO definitions and evaluated reports. Times are epoch milliseconds; ratios are fractions
 * (0.02 = 2 %); objectives are percents (99.9) because that is how every SLO tool writes them.
 */

import type {BurnLevel, BurnTable, TableWindow} from './burn-table.ts';

/** The burn-rate windows of the SRE Workbook multiwindow table, shortest first. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** One of {@link BURN_WINDOWS}. */
export type BurnWindow = (typeof BURN_WINDOWS)[number];

/**
 * A window a ratio is read over: one of {@link BURN_WINDOWS}, another window an SLO's burn table
 * names (Pyrra's `4d`), or `period`, the SLO's own window.
 */
export type RatioWindow = TableWindow | 'period';

/** Where an SLO definition came from. */
export type SloSource = 'native' | 'sloth' | 'pyrra' | 'openslo' | 'demo';

/** How the SLI is measured: a ratio of bad to all events, or latency buckets from a histogram. */
export type SliSpec =
  | {
      kind: 'ratio';
      errorQuery: string;
      totalQuery: string;
      /**
       * Sloth's `denominator_corrected_rules` plugin: a burn window's error ratio is weighted by
       * that window's share of the period's traffic (ratio × total over the window ÷ total over
       * the period), so a few errors in a quiet hour burn less than in a busy one. The period's
       * own ratio is not changed.
       */
      denominatorCorrected?: boolean;
    }
  | {kind: 'latency'; bucketQuery: string; totalQuery: string; threshold: string};

/** One SLO as the rest of the app sees it, whatever file format it came from. */
export interface SloDefinition {
  name: string;
  service: string;
  /** Target in percent, e.g. 99.9. */
  objective: number;
  /** SLO period as a Prometheus duration, e.g. `30d`. */
  window: string;
  source: SloSource;
  description?: string;
  /** Absent for SLOs the simulation computes itself (the demo). */
  sli?: SliSpec;
  /**
   * Sloth or Pyrra recording rules that already compute this SLO's error ratios in Prometheus:
   * where set, those series are read instead of recomputing (see `recorded-rules.ts`).
   */
  recorded?: RecordedSeries;
}

/** Where a tool's recorded error-ratio series of one SLO are found. */
export interface RecordedSeries {
  kind: 'sloth' | 'pyrra';
  /** PromQL label matchers without braces that pick this SLO's series, e.g. `sloth_id="api-availability"`. */
  selector: string;
  /** Windows the tool records, as written in its rule names (`5m`, `1d`); absent = the tool's defaults. */
  windows?: string[];
  /**
   * The SLO period the tool generated its rules for, when they say it (Sloth's
   * `slo:sli_error:ratio_rate4w`, 28 days): the SLO is judged over it (see `attachRecorded`).
   */
  period?: string;
}

/** Error ratio measured over one window; `null` when there was no traffic or no series. */
export interface WindowRatio {
  window: RatioWindow;
  /** Bad events over all events, as a fraction. `null` = no data (never "0 errors"). */
  ratio: number | null;
  /**
   * Set when the window was answered with no requests over it (its total was 0, or the tool's
   * recorded ratio 0/0): `ratio` is `null` (nothing to show), yet the series are there. An idle
   * short window decides its pair (it cannot trip) when the long window's {@link totalRate} makes
   * an empty short window plausible; one with no series may hide a burn.
   */
  idle?: true;
  /**
   * Requests per second over the window (its total query's answer), where the SLI computes it;
   * absent for a tool's recorded ratio, which says no traffic.
   */
  totalRate?: number;
  /** Where the number came from, for the detail view: a recorded series, or `computed` from the SLI queries. */
  origin?: string;
  /**
   * Why the window could not be read (its request failed or timed out while others of the
   * refresh were answered); its ratio is then `null`, unknown rather than no data.
   */
  unread?: string;
}

/** Everything measured for one SLO at one instant, before evaluation. */
export interface SloMeasurement {
  slo: string;
  at: number;
  ratios: WindowRatio[];
  /** Set when the numbers were read from a tool's recorded series: its burn factors then apply. */
  recorded?: 'sloth' | 'pyrra';
  /**
   * The SLO period the tool's recorded rules say (its {@link RecordedSeries.period}), which the
   * period ratio was read over: the SLO is judged over it, its factors scaled to it, even where
   * the definition (read from a file that cannot say it) has another.
   */
  period?: string;
  /**
   * Why this SLO could not be measured: its query was refused (e.g. a function Prometheus does
   * not know) while the other SLOs of the same request were read, or the whole read failed.
   * Its ratios are then absent.
   */
  error?: string;
}

/**
 * The status of one SLO by the multiwindow, multi-burn-rate table. `no-data`: the source answered
 * and had nothing (no traffic, no series); `unknown`: it could not be asked or refused the query,
 * or a pair's long window burns past its factor while its short one has no series (a service that
 * stopped reporting), and the report's `error` says why.
 */
export type SloStatus = 'ok' | 'ticket' | 'page' | 'no-data' | 'unknown';

/** One window of an SLO as judged: the measured ratio, its burn rate and its level by the SLO's table. */
export interface WindowVerdict {
  window: TableWindow;
  /** Error ratio measured over the window; `null` = no data. */
  ratio: number | null;
  /** `ratio ÷ error budget`; `null` = no data, `Infinity` for any error against a 100 % objective. */
  burnRate: number | null;
  /** How hot the window runs by the table's factors (see `burnLevel`); rows colour it from this. */
  level: BurnLevel;
}

/** An evaluated SLO: the numbers the pane and `status --json` show. */
export interface SloReport {
  definition: SloDefinition;
  /**
   * The burn table the SLO was judged by: its recording tool's or its source's (Pyrra's scaled to
   * the period, else the Workbook's), or the one the caller passed. Every level below uses its factors.
   */
  table: BurnTable;
  /** The error budget as an exact fraction (0.001 for 99.9 %); `null` if the objective is not in [0, 100]. */
  errorBudget: number | null;
  /** The seven windows, then those only its table reads, each with its ratio, burn and level. */
  windows: WindowVerdict[];
  /** Good-event fraction over the SLO period; `null` = no data. */
  sli: number | null;
  /** 1 − period error ratio ÷ budget. May be negative; `null` = no data. */
  errorBudgetRemaining: number | null;
  burnRates: Record<BurnWindow, number | null>;
  /**
   * Burn rates of the windows its burn table reads beyond the seven (Pyrra's `4d`), shortest
   * first; absent when the table reads none. The table's columns stay the seven.
   */
  extraBurnRates?: Record<string, number | null>;
  status: SloStatus;
  /** The window pair that set the status, e.g. `1h&5m`; `null` when ok or no data. */
  trippedBy: string | null;
  /** Seconds until the remaining budget is spent at the current 1h burn; `null` = not burning. */
  exhaustsInSeconds: number | null;
  /** Per window, where the ratio came from (recorded series or computed), for the detail view. */
  origins?: Partial<Record<RatioWindow, string>>;
  /** Burn-rate history of the 1h window for the sparkline, oldest first. */
  history?: Array<{at: number; burnRate: number | null}>;
  /** Why this SLO could not be measured (see {@link SloMeasurement.error}); it is then `unknown`. */
  error?: string;
  /**
   * The windows whose request failed this refresh (see {@link WindowRatio.unread}); absent when
   * every window was read. A read pair may still page; otherwise the SLO may be `unknown` for them.
   */
  unread?: RatioWindow[];
  /**
   * Why each of the `unread` windows could not be read (its {@link WindowRatio.unread}), for the
   * detail view: a page read without them has no `error` to say it. Present with `unread`.
   */
  unreadWhy?: Partial<Record<RatioWindow, string>>;
  /**
   * The short windows with no series, or answered with no requests where the long window's
   * traffic makes that implausible (see {@link WindowRatio.idle}), beside a long window burning
   * past its pair's factor, which leave the SLO `unknown` (`error` says which burns how fast);
   * absent otherwise.
   */
  undecided?: TableWindow[];
  /**
   * Set when a page pair cannot be decided (its long window burns past the factor while its short
   * one has no series, or could not be read): the SLO may be paging, and is ranked with the pages
   * (see `sloRank`); absent otherwise.
   */
  mayPage?: true;
}
