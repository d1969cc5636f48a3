/**
 * Fuzzing the Prometheus decoders: the envelope, instant vectors and range matrices (SLO ratios
 * and sparklines), `/api/v1/alerts`, `/api/v1/rules` and `/api/v1/status/config`; each alone and
 * behind the real HTTP client of the source.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import type {SloDefinition} from '../../src/domain/slo.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {decodeAlertRelabelConfigs, decodeExternalLabels} from '../../src/sources/prometheus/prometheus-external-labels.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {decodeAlerts, decodeMatrix, decodeVector, unwrapEnvelope} from '../../src/sources/prometheus/prometheus-wire.ts';
import {decodeRecordedRules} from '../../src/domain/recorded-rules.ts';
import {anyJson, decoderInput} from './arbitraries.ts';
import {drawnAlerts, drawnProblems, expectDrawnSafe} from './drawn.ts';
import {anyAnswer, fakeBackend, json} from './fake-backend.ts';
import {expectDecoded, expectSourceFailure, fuzz, fuzzAsync, RUNS, settle, settleAsync} from './fuzz-run.ts';
import {envelope, FUZZ_SLOS, matrixAnswer, promAlertsAnswer, rulesAnswer, statusConfigAnswer, vectorAnswer} from './metrics-shapes.ts';

const WHAT = 'prom /api/v1/query';
const AT = Date.UTC(2026, 4, 4, 12);

const slos: SloDefinition[] = FUZZ_SLOS.map((name) => ({
  name,
  service: name,
  objective: 99.9,
  window: '30d',
  source: 'native',
  sli: {kind: 'ratio', errorQuery: `sum(rate(errors_total{svc="${name}"}[{{.window}}]))`, totalQuery: `sum(rate(requests_total{svc="${name}"}[{{.window}}]))`},
}));


describe('Prometheus wire decoders on arbitrary and mutated JSON', () => {
  it('unwrapEnvelope, decodeVector and decodeMatrix give samples or a bad-response naming the endpoint', () => {
    fuzz(RUNS.decoder, [decoderInput(fc.oneof(vectorAnswer, matrixAnswer))], (body) => {
      const unwrapped = expectDecoded(settle(() => unwrapEnvelope(body, WHAT)), WHAT);
      if (unwrapped === null) return;
      expectDrawnSafe(drawnProblems(null, unwrapped.warnings), 'warnings');
      const vector = expectDecoded(settle(() => decodeVector(unwrapped.data, WHAT)), WHAT);
      for (const s of vector ?? []) expect(typeof s.value).toBe('number');
      const matrix = expectDecoded(settle(() => decodeMatrix(unwrapped.data, WHAT)), WHAT);
      for (const [at, samples] of matrix ?? []) {
        expect(Number.isFinite(at)).toBe(true);
        for (const s of samples) expect(typeof s.value).toBe('number');
      }
    });
  });

  it('decodeAlerts gives pending and firing alerts whose drawn text is sanitized, or a bad-response', () => {
    fuzz(RUNS.decoder, [decoderInput(promAlertsAnswer), fc.oneof(fc.constant({}), fc.constant({cluster: 'eu-1'}))], (body, external) => {
      const data = (body as {data?: unknown} | null)?.data ?? body;
      const alerts = expectDecoded(settle(() => decodeAlerts(data, 'prom /api/v1/alerts', 'prom', external)), 'prom /api/v1/alerts');
      if (alerts === null) return;
      for (const a of alerts) expect(['pending', 'firing']).toContain(a.state);
      expectDrawnSafe(drawnAlerts(alerts), 'alerts');
    });
  });

  it('decodeRecordedRules never throws and finds only SLOs with a window it can read', () => {
    fuzz(RUNS.decoder, [fc.oneof(decoderInput(rulesAnswer).map((b) => (b as {data?: unknown} | null)?.data ?? b), anyJson)], (data) => {
      const found = settle(() => decodeRecordedRules(data));
      expect(found.ok).toBe(true);
      for (const r of found.ok ? found.value : []) {
        expect(['sloth', 'pyrra']).toContain(r.kind);
        expect(r.windows.length).toBeGreaterThan(0);
      }
    });
  });

  it('the status/config decoders give labels and rules, or a bad-response naming the endpoint', () => {
    const what = 'prom /api/v1/status/config';
    fuzz(RUNS.decoder, [decoderInput(statusConfigAnswer).map((b) => (b as {data?: unknown} | null)?.data ?? b)], (data) => {
      const labels = expectDecoded(settle(() => decodeExternalLabels(data, what)), what);
      for (const v of Object.values(labels ?? {})) expect(typeof v).toBe('string');
      expectDecoded(settle(() => decodeAlertRelabelConfigs(data, what)), what);
    });
  });
});

describe('createPrometheusSource on any answer', () => {
  const backend = fakeBackend('http://prom.fuzz:9090');
  afterAll(() => backend.close());
  const source = createPrometheusSource({name: 'prom', baseUrl: backend.origin, dispatcher: backend.dispatcher, timeoutMs: 2_000, recordedRules: 'off'});
  const label = /^(prom \/api\/v1\/|POST http:\/\/prom\.fuzz:9090\/api\/v1\/)/;

  it('readRatios gives a measurement per SLO, or a SourceFailure', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(vectorAnswer)], async (answer) => {
      backend.answer(answer);
      const read = expectDecoded(await settleAsync(() => source.readRatios(slos, ['5m', '1h', 'period'], AT)), label);
      if (read === null) return;
      expect(read.value.map((m) => m.slo)).toEqual([...FUZZ_SLOS]);
      for (const m of read.value) for (const r of m.ratios) expect(r.ratio === null || (r.ratio >= 0 && Number.isFinite(r.ratio))).toBe(true);
      expectDrawnSafe(drawnProblems(null, read.warnings), 'warnings');
    });
  });

  it('readHistory gives a point per step, or a SourceFailure', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(matrixAnswer)], async (answer) => {
      backend.answer(answer);
      const history = expectDecoded(await settleAsync(() => source.readHistory(slos[0]!, AT - 3_600_000, AT, 600)), /^(prom \/api\/v1\/query_range|POST http:\/\/prom\.fuzz:9090\/api\/v1\/query_range)/);
      if (history !== null) expect(history.value).toHaveLength(7);
    });
  });

  it('discoverRecordedSlos gives the recorded SLOs, or a SourceFailure', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(rulesAnswer)], async (answer) => {
      backend.answer(answer);
      expectDecoded(await settleAsync(() => source.discoverRecordedSlos()), /^(prom \/api\/v1\/rules|GET http:\/\/prom\.fuzz:9090\/api\/v1\/rules)/);
    });
  });

  it('listAlerts with externalLabels auto gives alerts drawn sanitized, its warnings too, or a SourceFailure', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(promAlertsAnswer), anyAnswer(statusConfigAnswer)], async (alerts, config) => {
      // A fresh source per run: the external labels are read once per source.
      const auto = createPrometheusSource({name: 'prom', baseUrl: backend.origin, dispatcher: backend.dispatcher, timeoutMs: 2_000, externalLabels: 'auto'});
      backend.answer((path) => (path.endsWith('/status/config') ? config : alerts));
      const listed = expectDecoded(await settleAsync(() => auto.listAlerts()), /^(prom \/api\/v1\/alerts|GET http:\/\/prom\.fuzz:9090\/api\/v1\/alerts)/);
      if (listed === null) return;
      expectDrawnSafe(drawnAlerts(listed.value), 'alerts');
      expectDrawnSafe(drawnProblems(null, listed.warnings), 'warnings');
    });
  });

  it('decodes every valid answer, however hostile its strings', async () => {
    await fuzzAsync(RUNS.valid, [vectorAnswer, promAlertsAnswer], async (vector, alerts) => {
      backend.answer((path) => json(path.endsWith('/alerts') ? alerts : vector));
      const read = await settleAsync(() => source.readRatios(slos, ['5m'], AT));
      expect(read.ok, read.ok ? '' : String(read.error)).toBe(true);
      const listed = await settleAsync(() => source.listAlerts());
      expect(listed.ok, listed.ok ? '' : String(listed.error)).toBe(true);
      if (listed.ok) expectDrawnSafe(drawnAlerts(listed.value.value), 'alerts');
    });
  });

  it('an error envelope is a bad-response with its own text, sanitized', () => {
    fuzz(RUNS.decoder, [envelope(anyJson).map((e) => ({...e, status: 'error', errorType: 'bad_data', error: e.warnings}))], (body) => {
      const outcome = settle(() => unwrapEnvelope(body, WHAT));
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(expectSourceFailure(outcome.error, WHAT)).toBeInstanceOf(SourceFailure);
    });
  });
});
