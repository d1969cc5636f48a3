/**
 * A refresh whose first request fails gives up its other requests, against a real Prometheus
 * behind a front that can fail or stall its instant queries: the refresh fails with the first
 * error at once, reads still queued in the request gate are never sent, and reads in flight are
 * cut (the server stops evaluating them). Healed, the next refresh reads every window again.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import type {RatioWindow, SloDefinition} from '../../src/domain/slo.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {createRequestGate} from '../../src/sources/http/request-gate.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const SLO: SloDefinition = {
  name: 'checkout-availability',
  service: 'checkout',
  objective: 99.9,
  window: '30d',
  source: 'native',
  sli: {
    kind: 'ratio',
    errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))',
  },
};
// Seven requests: the seven burn windows, the period riding in the first.
const WINDOWS: RatioWindow[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'];

/** How the front treats instant queries: forwards them, fails them all, or fails the first and stalls the rest. */
type Mode = 'forward' | 'fail-all' | 'fail-first-stall-rest';

interface Front {
  url: string;
  mode: Mode;
  /** Instant queries received since the last reset; of them, those the client hung up on before an answer. */
  queries: number;
  cut: number;
  reset(): void;
  close(): Promise<void>;
}

async function startFront(upstream: string): Promise<Front> {
  const stalled = new Set<http.ServerResponse>();
  const front: Front = {
    url: '',
    mode: 'forward',
    queries: 0,
    cut: 0,
    reset: () => Object.assign(front, {queries: 0, cut: 0}),
    close: async () => {
      for (const res of stalled) res.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      const instant = (req.url ?? '').startsWith('/api/v1/query') && !(req.url ?? '').startsWith('/api/v1/query_range');
      if (instant) front.queries++;
      const failNow = instant && (front.mode === 'fail-all' || (front.mode === 'fail-first-stall-rest' && front.queries === 1));
      if (failNow) {
        // Prometheus under too much load: a quick 503 for this one.
        res.writeHead(503, {'content-type': 'application/json'}).end('{"status":"error","errorType":"unavailable","error":"too many queries"}');
        return;
      }
      if (instant && front.mode === 'fail-first-stall-rest') {
        // Still evaluating: no answer until the client gives up on it.
        stalled.add(res);
        res.on('close', () => {
          stalled.delete(res);
          if (!res.writableEnded) front.cut++;
        });
        return;
      }
      const answer = await fetch(`${upstream}${req.url}`, {method: req.method, headers: {'content-type': String(req.headers['content-type'] ?? 'text/plain')}, body: req.method === 'POST' ? body : undefined});
      res.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'application/json'}).end(await answer.text());
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return front;
}

describe('a refresh gives up its other requests when one fails (real Prometheus behind a failing front)', () => {
  let backends: Backends;
  let front: Front;
  const end = Math.floor(Date.now() / 60_000) * 60;
  const at = (end + 30) * 1000;

  beforeAll(async () => {
    const backfill = generateBackfill([{service: 'checkout', requestsPerStep: () => 600, errorRatio: () => 0.002}], end - 2 * 3600, end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    front = await startFront(backends.prometheusUrl ?? '');
  });

  afterAll(async () => {
    await front?.close();
    await backends?.stop();
  });

  it('sends none of the reads still queued behind a failed one, and reads every window once healed', async () => {
    // Two slots, one per backend: the seven reads of a refresh go one after another.
    const source = createPrometheusSource({name: 'prom', baseUrl: front.url, timeoutMs: 5000, gate: createRequestGate(2)});
    try {
      front.mode = 'fail-all';
      for (let attempt = 0; attempt < 5; attempt++) {
        front.reset();
        const failure = await source.readRatios([SLO], WINDOWS, at).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(SourceFailure);
        expect((failure as SourceFailure).message).toContain('HTTP 503');
        // Let anything still on its way arrive.
        await new Promise((r) => setTimeout(r, 100));
        expect(front.queries).toBe(1);
      }
      front.mode = 'forward';
      front.reset();
      const {value} = await source.readRatios([SLO], WINDOWS, at);
      expect(front.queries).toBe(7);
      expect(value[0]!.ratios.map((r) => r.window).sort()).toEqual([...WINDOWS].sort());
      // The backfill's 0.2 % errors, in every window (whole counts per step: not exactly 0.002).
      for (const r of value[0]!.ratios) expect(r.ratio, r.window).toBeCloseTo(0.002, 3);
    } finally {
      await source.close();
    }
  });

  it('cuts the reads in flight when one fails, instead of leaving them to the timeout', async () => {
    const source = createPrometheusSource({name: 'prom', baseUrl: front.url, timeoutMs: 30_000, gate: createRequestGate(64)});
    try {
      front.mode = 'fail-first-stall-rest';
      front.reset();
      const started = performance.now();
      const failure = await source.readRatios([SLO], WINDOWS, at).catch((e: unknown) => e);
      expect((failure as SourceFailure).message).toContain('HTTP 503');
      // The refresh failed with the 503 at once, not after the stalled reads' 30 s timeout.
      expect(performance.now() - started).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(front.queries).toBe(7);
      // The six stalled reads were hung up on by the client.
      expect(front.cut).toBe(6);
    } finally {
      front.mode = 'forward';
      await source.close();
    }
  });
});
