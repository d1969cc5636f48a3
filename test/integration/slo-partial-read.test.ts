/**
 * One slow or failing request of an SLO refresh loses only the windows it carries, against a
 * real Prometheus behind a front that can stall its 30-day reads or fail every instant query.
 * The period rides with the 3d window, the least urgent: when its read times out (the heaviest
 * one, the first to suffer on a loaded server during an incident), the page the burn windows show
 * still pages and the budget is unknown. A refresh whose every request fails fails as a whole.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {RatioWindow, SloDefinition} from '../../src/domain/slo.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
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
// Seven requests: the seven burn windows, the period riding in the 3d one.
const WINDOWS: RatioWindow[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'];

/** How the front treats instant queries: forwards them, stalls those reading 30 days, or fails them all. */
type Mode = 'forward' | 'stall-period' | 'fail-all';

interface Front {
  url: string;
  mode: Mode;
  /** Instant queries received since the last reset. */
  queries: number;
  reset(): void;
  close(): Promise<void>;
}

async function startFront(upstream: string): Promise<Front> {
  const stalled = new Set<http.ServerResponse>();
  const front: Front = {
    url: '',
    mode: 'forward',
    queries: 0,
    reset: () => Object.assign(front, {queries: 0}),
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
      if (instant && front.mode === 'fail-all') {
        // Prometheus under too much load: a quick 503.
        res.writeHead(503, {'content-type': 'application/json'}).end('{"status":"error","errorType":"unavailable","error":"too many queries"}');
        return;
      }
      if (instant && front.mode === 'stall-period' && new URLSearchParams(body).get('query')?.includes('[30d]')) {
        // Still scanning 30 days of samples: no answer before the client gives up (its timeout is
        // generous, so the other reads answer in time even on a busy machine).
        stalled.add(res);
        res.on('close', () => stalled.delete(res));
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

describe('one slow or failing request of an SLO refresh (real Prometheus behind a front)', () => {
  let backends: Backends;
  let front: Front;
  const end = Math.floor(Date.now() / 60_000) * 60;
  const at = (end + 30) * 1000;

  beforeAll(async () => {
    // 5 % errors against a 0.1 % budget: a 50× burn in every window, 6h and 30m included.
    const backfill = generateBackfill([{service: 'checkout', requestsPerStep: () => 600, errorRatio: () => 0.05}], end - 7 * 3600, end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    front = await startFront(backends.prometheusUrl ?? '');
  });

  afterAll(async () => {
    await front?.close();
    await backends?.stop();
  });

  it('loses only the 3d window and the period when the 30-day read times out, still in 7 requests', async () => {
    const source = createPrometheusSource({name: 'prom', baseUrl: front.url, timeoutMs: 3000});
    try {
      front.mode = 'stall-period';
      front.reset();
      const {value, warnings} = await source.readRatios([SLO], WINDOWS, at);
      expect(front.queries).toBe(7);
      const ratios = value[0]!.ratios;
      expect(ratios.map((r) => r.window).sort()).toEqual([...WINDOWS].sort());
      for (const r of ratios) {
        if (r.window === '3d' || r.window === 'period') {
          expect(r, r.window).toMatchObject({ratio: null, unread: expect.stringContaining('no answer within 3000 ms')});
        } else {
          expect(r.unread, r.window).toBeUndefined();
          // The backfill's 5 % errors (whole counts per step: not exactly 0.05).
          expect(r.ratio, r.window).toBeCloseTo(0.05, 2);
        }
      }
      expect(warnings).toEqual([expect.stringMatching(/^could not read the 3d, period windows \(.*no answer within 3000 ms\); SLOs are judged on the windows read; the error budget is unknown$/)]);
    } finally {
      front.mode = 'forward';
      await source.close();
    }
  });

  it('status --json: a timed-out 30-day read does not hide the page the burn windows show (exit 1)', async () => {
    const tmp = tempDir();
    try {
      const config = tmp.write(
        'config.yaml',
        `current-context: p
contexts:
  - name: p
    prometheus: {url: ${front.url}, timeout: 3s}
    slos:
      - {name: ${SLO.name}, service: checkout, objective: 99.9, window: 30d,
         errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
         totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'}
`,
      );
      front.mode = 'stall-period';
      let out = '';
      const code = await main(['status', '--json', '--config', config], {HOME: tmp.dir}, {out: (t) => void (out += t), err: () => undefined}, {now: () => at});
      const doc = JSON.parse(out) as StatusDocument;
      expect(doc.slos[0]).toMatchObject({name: SLO.name, status: 'page', trippedBy: '1h&5m', errorBudgetRemaining: null, sli: null, error: null});
      expect(doc.slos[0]!.burnRates['6h']).toBeGreaterThan(6);
      expect(doc.slos[0]!.burnRates['3d']).toBeNull();
      expect(doc.sources[0]).toMatchObject({ok: true, warnings: [expect.stringContaining('could not read the 3d, period windows')]});
      expect(code).toBe(1);
    } finally {
      front.mode = 'forward';
      tmp.cleanup();
    }
  });

  it('status: a ticket read while the 30-day read timed out is read in part: exit 3, its unread windows said in the JSON and the text', async () => {
    const tmp = tempDir();
    try {
      // A 1 % budget: the backfill's 5 % errors are a 5× burn, a ticket on 1d&2h and no page.
      const config = tmp.write(
        'config.yaml',
        `current-context: p
contexts:
  - name: p
    prometheus: {url: ${front.url}, timeout: 3s}
    slos:
      - {name: ${SLO.name}, service: checkout, objective: 99, window: 30d,
         errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))',
         totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'}
`,
      );
      front.mode = 'stall-period';
      const status = async (...argv: string[]) => {
        let out = '';
        const code = await main(['status', ...argv, '--config', config], {HOME: tmp.dir}, {out: (t) => void (out += t), err: () => undefined}, {now: () => at});
        return {code, out};
      };
      const json = await status('--json');
      const doc = JSON.parse(json.out) as StatusDocument;
      expect(doc.slos[0]).toMatchObject({status: 'ticket', trippedBy: '1d&2h', error: null, partial: false, unread: ['3d', 'period'], errorBudgetRemaining: null});
      // Nothing pages, and the budget (and the 3d&6h pair) is unknown: not all clear.
      expect(json.code).toBe(3);
      const text = await status();
      expect(text.out).toContain(`  TICKET (3d, period unread) ${SLO.name} 1d&2h  1h 5.00`);
      expect(text.out).toContain('SLOs: 0 page, 1 ticket, 0 ok, 0 no data, 1 read in part\n');
      expect(text.code).toBe(3);
    } finally {
      front.mode = 'forward';
      tmp.cleanup();
    }
  });

  it('fails the refresh when every request fails, and reads every window once healed', async () => {
    const source = createPrometheusSource({name: 'prom', baseUrl: front.url, timeoutMs: 5000});
    try {
      front.mode = 'fail-all';
      front.reset();
      const failure = await source.readRatios([SLO], WINDOWS, at).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SourceFailure);
      expect((failure as SourceFailure).message).toContain('HTTP 503');
      expect(front.queries).toBe(7);
      front.mode = 'forward';
      front.reset();
      const {value, warnings} = await source.readRatios([SLO], WINDOWS, at);
      expect(front.queries).toBe(7);
      expect(warnings).toEqual([]);
      expect(value[0]!.ratios.map((r) => r.window).sort()).toEqual([...WINDOWS].sort());
      for (const r of value[0]!.ratios) expect(r.ratio, r.window).toBeCloseTo(0.05, 2);
    } finally {
      front.mode = 'forward';
      await source.close();
    }
  });
});
