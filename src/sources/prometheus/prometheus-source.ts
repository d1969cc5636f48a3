/**
 * Prometheus-compatible adapter (Prometheus, Thanos Query, Mimir/Cortex, VictoriaMetrics): SLO
 * error ratios by instant query, the 1h ratio history by range query, and pending/firing alerts.
 * One instant query per burn window covers every SLO of a context (the period rides along with
 * the 3d window's), so a refresh costs 7 requests however many SLOs there are, plus one per
 * window only some SLOs' burn tables read (Pyrra's 4d), holding just those SLOs; the sparklines
 * of all SLOs share one range query. Where Sloth or Pyrra record an SLO's ratios, those series
 * are read. A request that fails or times out loses only its windows (`prometheus-unread.ts`);
 * the refresh fails only when none is answered. An SLO whose query Prometheus refuses (HTTP 400,
 * or 422 when it fails at execution, but not a load limit) is found by splitting the batch and
 * left out of that request (`prometheus-refused.ts`): the windows it carries are unread for that
 * SLO, and one refused in every request reports its own error. The others keep their numbers.
 */
import {batchRatioQuery, planRatioRequests, ratiosFromBatch, ratiosFromRequests, totalsFromRequests} from '../../domain/promql-batch.ts';
import {measurementsFromRatios, readingRatio, type RatioReading, type VectorSample} from '../../domain/promql.ts';
import {decodeRecordedRules, ratioOrigin, type RecordedSlo} from '../../domain/recorded-rules.ts';
import {readsWindow} from '../../domain/slo-windows.ts';
import type {RatioWindow, SloDefinition} from '../../domain/slo.ts';
import {SourceFailure, type AlertLister, type ExternalLabelReader, type HistoryReader, type PanelReader, type SloHistoryReader, type SloRatioReader, type Sourced} from '../capabilities.ts';
import {createHttpClient, type HttpClientOptions, type Params} from '../http/http-client.ts';
import {createReadRounds} from '../http/read-round.ts';
import {createAlertLabeling, type ExternalLabelsSetting} from './prometheus-external-labels.ts';
import {coalesceHistory, type RatioPoints} from './prometheus-history.ts';
import {createPanelReader} from './prometheus-panels.ts';
import {createRecordedDiscovery} from './prometheus-recorded.ts';
import {createRefusedSlos} from './prometheus-refused.ts';
import {refusedWindows, requestScope, unreadNote, unreadWindows, whyUnread} from './prometheus-unread.ts';
import {createHistoryReads} from './prometheus-timeline.ts';
import {historyStepSeconds, MAX_RANGE_POINTS} from '../../domain/timeline.ts';
import {decodeAlerts, decodeMatrix, decodeVector, unwrapEnvelope} from './prometheus-wire.ts';
import {checkRulesShape} from './prometheus-rules-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** How to reach one Prometheus-compatible API. */
export interface PrometheusSourceConfig extends Omit<HttpClientOptions, 'timeoutMs'> {
  /** The configured name, reported in `Alert.seenBy` and messages. */
  name: string;
  /** Defaults to 15 s. */
  timeoutMs?: number;
  /** Thanos' `partial_response` parameter; not sent when unset (the server default applies). */
  partialResponse?: boolean;
  /**
   * Prometheus' `external_labels`, which it adds to the alerts it sends but not to
   * `/api/v1/alerts`; `auto` reads them once from `/api/v1/status/config`. Default: none.
   */
  externalLabels?: ExternalLabelsSetting;
  /**
   * Prometheus' `alerting.alert_relabel_configs` as written in its YAML, which it applies (after
   * the external labels) to the alerts it sends; with `externalLabels: auto` and this unset, they
   * are read from the server too. Default: none.
   */
  alertRelabelConfigs?: readonly unknown[];
  /**
   * `discover` (default): SLOs read from Sloth or Pyrra files use those tools' recorded series
   * when `/api/v1/rules` lists them. `off`: only SLOs that declare `recorded` use them.
   */
  recordedRules?: 'discover' | 'off';
}

/** Everything a Prometheus can do for the dashboard, plus `close()` for its connections. */
export type PrometheusSource = SloRatioReader &
  SloHistoryReader &
  HistoryReader &
  ExternalLabelReader &
  PanelReader &
  AlertLister & {
    /** The SLOs Sloth or Pyrra recording rules compute on this server (`GET /api/v1/rules?type=record`). */
    discoverRecordedSlos(): Promise<Sourced<RecordedSlo[]>>;
    close(how?: CloseOptions): Promise<void>;
  };

/** How long a history read may take (unless the configured timeout is longer). */
export const HISTORY_TIMEOUT_MS = 120_000;

/** Prometheus refuses range queries of more than 11,000 points per series. */
export const MAX_POINTS = MAX_RANGE_POINTS;

/** The step (seconds) to use for a range: the one asked for, raised to stay within {@link MAX_POINTS}. */
export const rangeStepSeconds = historyStepSeconds;

/** Where a window's ratio comes from, in words for the detail view. */
function describeOrigin(slo: SloDefinition, window: RatioWindow): string | null {
  const origin = ratioOrigin(slo, window);
  if (origin === null) return null;
  return origin.kind === 'recorded' ? `recorded series ${origin.selector}` : 'computed from the SLI queries';
}

/** Creates the adapter for one Prometheus-compatible API. */
export function createPrometheusSource(config: PrometheusSourceConfig): PrometheusSource {
  const {name, timeoutMs = 15_000, partialResponse, externalLabels = {}, alertRelabelConfigs, recordedRules = 'discover', ...http} = config;
  // One timeout (or refused connection) says the backend is down: the reads of the same refresh
  // or command still queued behind its share of the gate (the other SLO windows, the sparklines,
  // the alerts) are given up (read-round.ts), so it fails after one timeout, not one per turn of
  // the share. Reads already sent keep their own chance to answer. Shared by the three clients.
  const rounds = createReadRounds();
  const client = createHttpClient({...http, timeoutMs, rounds});
  const extra: Params = partialResponse === undefined ? {} : {partial_response: partialResponse};
  const statusConfig = '/api/v1/status/config';
  const readLabeling = createAlertLabeling(
    externalLabels,
    alertRelabelConfigs,
    async () => unwrapEnvelope(await client.getJson(statusConfig), `${name} ${statusConfig}`).data,
    `${name} ${statusConfig}`,
  );

  // Long SLO queries go in a form body: a GET URL that long can hit proxy limits.
  async function query(path: string, form: Params, signal?: AbortSignal) {
    const body = await client.postForm(path, {...form, ...extra}, signal);
    return unwrapEnvelope(body, `${name} ${path}`);
  }

  async function discoverRecordedSlos(): Promise<Sourced<RecordedSlo[]>> {
    const path = '/api/v1/rules';
    const body = await client.getJson(path, {type: 'record', ...extra});
    const {data, warnings} = unwrapEnvelope(body, `${name} ${path}`);
    // The recorded-rules decoder skips what it does not recognise; an answer that is not a list
    // of rule groups at all must fail here, not pass as "no recording rules".
    checkRulesShape(data, `${name} ${path}`);
    return {value: decodeRecordedRules(data), warnings};
  }

  // History reads (the timeline, `--at`) scan hours of every series at every step: far slower than
  // a refresh, and asked for by a one-shot command that can wait. Their own client, made when first used.
  let historyClient: ReturnType<typeof createHttpClient> | null = null;
  async function historyQuery(path: string, form: Params) {
    historyClient ??= createHttpClient({...http, timeoutMs: Math.max(timeoutMs, HISTORY_TIMEOUT_MS), rounds});
    return unwrapEnvelope(await historyClient.postForm(path, {...form, ...extra}), `${name} ${path}`);
  }

  // The sparklines' range query is a background read: in the request gate it waits behind the
  // current values, so many contexts starting together show their numbers first. Its own
  // client, made when first used.
  let sparklineClient: ReturnType<typeof createHttpClient> | null = null;
  async function sparklineQuery(path: string, form: Params) {
    sparklineClient ??= createHttpClient({...http, timeoutMs, background: true, rounds});
    return unwrapEnvelope(await sparklineClient.postForm(path, {...form, ...extra}), `${name} ${path}`);
  }

  const discovery = createRecordedDiscovery(discoverRecordedSlos);
  const refused = createRefusedSlos();
  // Said with every answer while an SLO stays refused: the source answers, one SLO cannot be read.
  const refusedNote = (slos: readonly SloDefinition[], scopes: readonly string[]): string[] => {
    const names = slos.filter((s) => scopes.some((scope) => refused.errorOf(s, scope) !== undefined)).map((s) => s.name);
    return names.length === 0 ? [] : [`Prometheus refused the query of ${names.length === 1 ? 'SLO' : `${names.length} SLOs:`} ${names.join(', ')}; the others are read`];
  };
  const withRecorded = (slos: SloDefinition[]) => (recordedRules === 'off' ? Promise.resolve({slos, warnings: []}) : discovery.apply(slos));

  async function readHistoryBatch(asked: SloDefinition[], from: number, to: number, stepSeconds: number): Promise<Sourced<Map<string, RatioPoints>>> {
    const step = rangeStepSeconds(from, to, stepSeconds);
    const grid: number[] = [];
    for (let t = from; t <= to; t += step * 1000) grid.push(t);
    const {slos, warnings: notes} = await withRecorded(asked);
    const answers = await refused.run(
      slos,
      async (batch) => {
        const promql = batchRatioQuery(batch, ['1h']);
        if (promql === null) return {byTime: new Map<number, VectorSample[]>(), warnings: []};
        const answer = await sparklineQuery('/api/v1/query_range', {query: promql, start: from / 1000, end: to / 1000, step});
        return {byTime: decodeMatrix(answer.data, `${name} /api/v1/query_range`), warnings: answer.warnings};
      },
      requestScope('sparkline', ['1h']),
    );
    // Several answers when a refused SLO split the batch: their series are distinct, so they join.
    const byTime = new Map<number, VectorSample[]>();
    for (const answer of answers) for (const [t, list] of answer.byTime) byTime.set(t, [...(byTime.get(t) ?? []), ...list]);
    const warnings = [...answers.flatMap((a) => a.warnings), ...refusedNote(slos, [requestScope('sparkline', ['1h'])])];
    // Every step gets a point, so gaps in the data show as gaps in the sparkline.
    const perStep = grid.map((t) => ratiosFromBatch(byTime.get(t) ?? [], slos, ['1h']).get('1h'));
    const value = new Map(slos.map((slo) => [slo.name, grid.map((at, j) => ({at, ratio: readingRatio(perStep[j]?.get(slo.name))}))] as const));
    return {value, warnings: [...new Set([...notes, ...warnings])]};
  }

  return {
    async readRatios(asked: SloDefinition[], windows: RatioWindow[], at: number) {
      const {slos, warnings: notes} = await withRecorded(asked);
      // Each request stands alone: one that fails or times out (the period's, on a loaded server)
      // loses only the windows it carries, and the pairs read from the others are still judged.
      const groups = planRatioRequests(windows);
      // The period's request carries the period total a denominator-corrected window is weighed by.
      const apart = windows.includes('period');
      const settled = await Promise.allSettled(
        groups.map(async (group) => {
          const answers = await refused.run(
            slos,
            async (batch) => {
              const promql = batchRatioQuery(batch, group, apart);
              if (promql === null) return {samples: [], warnings: [], partial: []};
              const {data, warnings, partial} = await query('/api/v1/query', {query: promql, time: at / 1000});
              return {samples: decodeVector(data, `${name} /api/v1/query`), warnings, partial};
            },
            requestScope('instant', group),
          );
          return {group, samples: answers.flatMap((a) => a.samples), warnings: answers.flatMap((a) => a.warnings), partial: answers.flatMap((a) => a.partial)};
        }),
      );
      // Nothing answered: the source failed, as a whole, with the cause of a request sent rather
      // than one given up behind it.
      if (settled.every((r) => r.status === 'rejected')) throw (settled.find((r) => !rounds.gaveUp(r.reason)) ?? settled[0]!).reason;
      const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const unread = unreadWindows(groups, settled);
      const found = ratiosFromRequests(results, slos);
      // In the order asked, whatever request each window rode in.
      const byWindow = new Map(windows.map((w) => [w, found.get(w) ?? new Map<string, RatioReading>()] as const));
      const warnings = [...new Set([...notes, ...results.flatMap((r) => r.warnings), ...unreadNote(unread), ...refusedNote(slos, groups.map((g) => requestScope('instant', g)))])];
      // A window only some tables read (Pyrra's 4d) is not part of the other SLOs' measurements.
      const value = measurementsFromRatios(slos, byWindow, at, describeOrigin, totalsFromRequests(results, slos)).map((m, i) => {
        const own = refusedWindows('instant', groups, (scope) => refused.errorOf(slos[i]!, scope));
        const ratios = m.ratios.filter((r) => readsWindow(slos[i]!, r.window)).map((r) => {
          const why = whyUnread(slos[i]!, r.window, unread, own);
          return why === undefined ? r : {...r, ratio: null, unread: why};
        });
        // Refused in every request it rides in: its query is wrong, and it says so on its own.
        // Refused in some: those windows are unread, and the windows read still judge it.
        const error = ratios.length > 0 && ratios.every((r) => own.has(r.window)) ? own.get(ratios[0]!.window) : undefined;
        return {...m, ratios: error === undefined ? ratios : m.ratios.filter((r) => readsWindow(slos[i]!, r.window)), ...(error === undefined ? {} : {error})};
      });
      return {value, warnings, partial: [...new Set(results.flatMap((r) => r.partial))]};
    },

    readHistory: coalesceHistory(readHistoryBatch),

    readPanels: createPanelReader(name, query).readPanels,

    async listAlerts() {
      const [labeling, body] = await Promise.all([readLabeling(), client.getJson('/api/v1/alerts')]);
      const {data, warnings, partial} = unwrapEnvelope(body, `${name} /api/v1/alerts`);
      const {external, relabel} = labeling.value;
      return {value: decodeAlerts(data, `${name} /api/v1/alerts`, name, external, relabel), warnings: [...labeling.warnings, ...warnings], partial};
    },

    // The same reading as the alerts' (one request per start with `auto`), for the handover to
    // match an alert of the history to the incident it paged.
    async externalLabelNames() {
      const {value} = await readLabeling();
      if (value.unread !== undefined) throw value.unread instanceof Error ? value.unread : new SourceFailure('bad-response', String(value.unread));
      return {value: Object.keys(value.external), warnings: []};
    },

    discoverRecordedSlos,

    ...createHistoryReads({name, query: historyQuery, get: async (path, query) => unwrapEnvelope(await client.getJson(path, query), `${name} ${path}`), withRecorded, refused}),

    close: async (how) => {
      await Promise.all([client.close(how), historyClient?.close(how), sparklineClient?.close(how)]);
    },
  };
}
