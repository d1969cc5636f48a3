/**
 * Prometheus-compatible adapter (Prometheus, Thanos Query, Mimir/Cortex, VictoriaMetrics): SLO
 * error ratios by instant query, the 1h ratio history by range query, and pending/firing alerts.
 * One instant query per window covers every SLO of a context, so a refresh costs a handful of
 * requests however many SLOs there are.
 */
import {combinedRatioQuery, measurementsFromRatios, ratiosFromVector} from '../../domain/promql.ts';
import type {BurnWindow, SloDefinition} from '../../domain/slo.ts';
import type {AlertLister, SloHistoryReader, SloRatioReader} from '../capabilities.ts';
import {createHttpClient, type HttpClientOptions, type Params} from '../http/http-client.ts';
import {decodeAlerts, decodeMatrix, decodeVector, unwrapEnvelope} from './prometheus-wire.ts';

/** How to reach one Prometheus-compatible API. */
export interface PrometheusSourceConfig extends Omit<HttpClientOptions, 'timeoutMs'> {
  /** The configured name, reported in `Alert.seenBy` and messages. */
  name: string;
  /** Defaults to 15 s. */
  timeoutMs?: number;
  /** Thanos' `partial_response` parameter; not sent when unset (the server default applies). */
  partialResponse?: boolean;
  /** Prometheus' `external_labels`, which it adds to alerts it sends (see `decodeAlerts`). */
  externalLabels?: Record<string, string>;
}

/** Everything a Prometheus can do for the dashboard, plus `close()` for its connections. */
export type PrometheusSource = SloRatioReader & SloHistoryReader & AlertLister & {close(): Promise<void>};

/** Prometheus refuses range queries of more than 11,000 points per series. */
export const MAX_POINTS = 11_000;

/** The step (seconds) to use for a range: the one asked for, raised to stay within {@link MAX_POINTS}. */
export function rangeStepSeconds(fromMs: number, toMs: number, wantedSeconds: number): number {
  const minimum = Math.ceil((toMs - fromMs) / 1000 / MAX_POINTS);
  return Math.max(1, Math.ceil(wantedSeconds), minimum);
}

/** Creates the adapter for one Prometheus-compatible API. */
export function createPrometheusSource(config: PrometheusSourceConfig): PrometheusSource {
  const {name, timeoutMs = 15_000, partialResponse, externalLabels = {}, ...http} = config;
  const client = createHttpClient({...http, timeoutMs});
  const extra: Params = partialResponse === undefined ? {} : {partial_response: partialResponse};

  // Long SLO queries go in a form body: a GET URL that long can hit proxy limits.
  async function query(path: string, form: Params) {
    const body = await client.postForm(path, {...form, ...extra});
    return unwrapEnvelope(body, `${name} ${path}`);
  }

  return {
    async readRatios(slos: SloDefinition[], windows: Array<BurnWindow | 'period'>, at: number) {
      const results = await Promise.all(
        windows.map(async (window) => {
          const promql = combinedRatioQuery(slos, window);
          if (promql === null) return {window, samples: [], warnings: []};
          const {data, warnings} = await query('/api/v1/query', {query: promql, time: at / 1000});
          return {window, samples: decodeVector(data, `${name} /api/v1/query`), warnings};
        }),
      );
      const byWindow = new Map(results.map((r) => [r.window, ratiosFromVector(r.samples, slos)] as const));
      const warnings = [...new Set(results.flatMap((r) => r.warnings))];
      return {value: measurementsFromRatios(slos, byWindow, at), warnings};
    },

    async readHistory(slo: SloDefinition, from: number, to: number, stepSeconds: number) {
      const step = rangeStepSeconds(from, to, stepSeconds);
      const grid: number[] = [];
      for (let t = from; t <= to; t += step * 1000) grid.push(t);
      const promql = combinedRatioQuery([slo], '1h');
      if (promql === null) return {value: grid.map((t) => ({at: t, ratio: null})), warnings: []};
      const {data, warnings} = await query('/api/v1/query_range', {query: promql, start: from / 1000, end: to / 1000, step});
      const byTime = decodeMatrix(data, `${name} /api/v1/query_range`);
      // Every step gets a point, so gaps in the data show as gaps in the sparkline.
      const value = grid.map((t) => ({at: t, ratio: ratiosFromVector(byTime.get(t) ?? [], [slo]).get(slo.name) ?? null}));
      return {value, warnings};
    },

    async listAlerts() {
      const body = await client.getJson('/api/v1/alerts');
      const {data, warnings} = unwrapEnvelope(body, `${name} /api/v1/alerts`);
      return {value: decodeAlerts(data, `${name} /api/v1/alerts`, name, externalLabels), warnings};
    },

    close: () => client.close(),
  };
}
