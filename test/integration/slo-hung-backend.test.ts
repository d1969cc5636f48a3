/**
 * A Prometheus that hangs (accepts the connection, never answers) fails an SLO refresh after one
 * timeout, not one per turn of its share of the request gate: once a read of the refresh timed
 * out, the reads still queued behind the share are given up unsent, with that cause. Reads
 * already sent keep their own timeout and may still answer, and the next refresh asks again.
 * Against a real Prometheus behind a front that stalls instant queries.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {RatioWindow, SloDefinition} from '../../src/domain/slo.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {createRequestGate} from '../../src/sources/http/request-gate.ts';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const ERRORS = 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))';
const TOTAL = 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))';
const SLO: SloDefinition = {name: 'checkout-availability', service: 'checkout', objective: 99.9, window: '30d', source: 'native', sli: {kind: 'ratio', errorQuery: ERRORS, totalQuery: TOTAL}};
// Seven requests: the seven burn windows, the period riding in the 3d one.
const WINDOWS: RatioWindow[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'];
const NOT_SENT = 'not sent: the backend timed out on an earlier read of this refresh';

/**
 * What the front does with the n-th instant query (from 1): forward it, stall it for good, or
 * hold it and forward it once a promise settles.
 */
type Plan = (n: number) => 'forward' | 'stall' | Promise<void>;

interface Front {
  url: string;
  plan: Plan;
  /** Instant queries received since the last reset. */
  queries: number;
  /** Every request stalls, not only the instant queries the plan stalls (a Prometheus that hangs outright). */
  hangAll: boolean;
  /** Requests of any kind received since the last reset. */
  requests: number;
  /** Settles when the first stalled query's connection closes (the client gave up on it). */
  firstStallClosed: Promise<void>;
  reset(plan: Plan): void;
  close(): Promise<void>;
}

async function startFront(upstream: string): Promise<Front> {
  const stalled = new Set<http.ServerResponse>();
  let closedFirst = () => undefined as void;
  const front: Front = {
    url: '',
    plan: () => 'forward',
    queries: 0,
    hangAll: false,
    requests: 0,
    firstStallClosed: Promise.resolve(),
    reset: (plan) => {
      front.firstStallClosed = new Promise<void>((done) => (closedFirst = done));
      Object.assign(front, {queries: 0, requests: 0, hangAll: false, plan});
    },
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
      front.requests++;
      const planned = instant ? front.plan(++front.queries) : 'forward';
      const plan = front.hangAll ? 'stall' : planned;
      if (plan === 'stall') {
        // Accepted and never answered: an overloaded Prometheus.
        stalled.add(res);
        res.on('close', () => {
          stalled.delete(res);
          closedFirst();
        });
        return;
      }
      if (plan !== 'forward') await plan;
      const answer = await fetch(`${upstream}${req.url}`, {method: req.method, headers: {'content-type': String(req.headers['content-type'] ?? 'text/plain')}, body: req.method === 'POST' ? body : undefined});
      res.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'application/json'}).end(await answer.text());
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return front;
}

describe('an SLO refresh against a Prometheus that hangs (real Prometheus behind a stalling front)', () => {
  let backends: Backends;
  let front: Front;
  const end = Math.floor(Date.now() / 60_000) * 60;
  const at = (end + 30) * 1000;

  beforeAll(async () => {
    const backfill = generateBackfill([{service: 'checkout', requestsPerStep: () => 600, errorRatio: () => 0.05}], end - 7 * 3600, end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    front = await startFront(backends.prometheusUrl ?? '');
  });

  afterAll(async () => {
    await front?.close();
    await backends?.stop();
  });

  it('gives up the queued reads at the first timeout; a read already sent still answers; the next refresh asks again', async () => {
    const timeoutMs = 3000;
    // A share of two: two reads in flight, five queued behind them.
    const source = createPrometheusSource({name: 'prom', baseUrl: front.url, timeoutMs, gate: createRequestGate(4, 2)});
    try {
      // The first read hangs; the second answers halfway to the timeout and frees its slot for a
      // third, which is held until the first's connection closes (it timed out): that third is in
      // flight when the timeout comes, and answers after it, half a timeout before its own.
      const halfway = () => new Promise<void>((done) => setTimeout(done, timeoutMs / 2));
      front.reset((n) => (n === 1 ? 'stall' : n === 2 ? halfway() : n === 3 ? front.firstStallClosed : 'forward'));
      const {value, warnings} = await source.readRatios([SLO], WINDOWS, at);
      // Three sent; the four still queued at the timeout never were.
      expect(front.queries).toBe(3);
      const byCause = new Map<string, RatioWindow[]>();
      for (const r of value[0]!.ratios) {
        const cause = r.unread === undefined ? 'read' : r.unread.includes(NOT_SENT) ? 'not sent' : r.unread.includes(`no answer within ${timeoutMs} ms`) ? 'timed out' : r.unread;
        byCause.set(cause, [...(byCause.get(cause) ?? []), r.window]);
        if (r.unread === undefined) expect(r.ratio, r.window).toBeCloseTo(0.05, 2);
        else expect(r.ratio, r.window).toBeNull();
      }
      expect(byCause.get('read')).toHaveLength(2);
      expect(byCause.get('timed out')).toHaveLength(1);
      // The 3d request carries the period too: five windows in four requests.
      expect(byCause.get('not sent')).toHaveLength(5);
      expect([...byCause.keys()].sort()).toEqual(['not sent', 'read', 'timed out']);
      expect(warnings).toContainEqual(expect.stringContaining(NOT_SENT));

      // No breaker outlives the refresh: healed, the next one sends its seven and reads them all.
      front.reset(() => 'forward');
      const again = await source.readRatios([SLO], WINDOWS, at);
      expect(front.queries).toBe(7);
      expect(again.warnings).toEqual([]);
      for (const r of again.value[0]!.ratios) expect(r.ratio, r.window).toBeCloseTo(0.05, 2);
    } finally {
      front.reset(() => 'forward');
      await source.close();
    }
  });

  it('a read of another kind that times out gives up the SLO reads queued behind it, with its cause', async () => {
    const timeoutMs = 2000;
    const source = createPrometheusSource({name: 'prom', baseUrl: front.url, timeoutMs, gate: createRequestGate(2, 1)});
    try {
      front.reset(() => 'stall');
      front.hangAll = true;
      // The alerts' read takes the one slot of the share; the seven SLO reads queue behind it.
      const alerts = source.listAlerts().catch((e: unknown) => e);
      const ratios = source.readRatios([SLO], WINDOWS, at).catch((e: unknown) => e);
      const [alertsFailure, ratiosFailure] = await Promise.all([alerts, ratios]);
      expect(front.requests).toBe(1);
      expect((alertsFailure as SourceFailure).message).toContain(`no answer within ${timeoutMs} ms`);
      expect(ratiosFailure).toBeInstanceOf(SourceFailure);
      // Down as the read that timed out says: a timeout, never sent.
      expect(ratiosFailure).toMatchObject({kind: 'timeout', message: expect.stringContaining(NOT_SENT)});
    } finally {
      front.reset(() => 'forward');
      await source.close();
    }
  });

  it('status --json ends after about one timeout, every SLO unknown with the cause, never ok', async () => {
    const tmp = tempDir();
    const timeoutMs = 2000;
    try {
      // A bound of 2: a share of one slot for the Prometheus, its other six reads queued.
      const config = tmp.write(
        'config.yaml',
        `current-context: p
maxConcurrentRequests: 2
contexts:
  - name: p
    prometheus: {url: ${front.url}, timeout: ${timeoutMs}ms}
    slos:
      - {name: checkout-availability, service: checkout, objective: 99.9, window: 30d, errorQuery: '${ERRORS}', totalQuery: '${TOTAL}'}
      - {name: checkout-strict, service: checkout, objective: 99.99, window: 30d, errorQuery: '${ERRORS}', totalQuery: '${TOTAL}'}
`,
      );
      const status = async () => {
        let out = '';
        const started = performance.now();
        const code = await main(['status', '--json', '--config', config], {HOME: tmp.dir}, {out: (t) => void (out += t), err: () => undefined}, {now: () => at});
        return {code, doc: JSON.parse(out) as StatusDocument, took: performance.now() - started};
      };
      // The read sent times out; those given up behind it say so.
      const cause = new RegExp(`no answer within ${timeoutMs} ms|not sent: the backend timed out on an earlier read of this refresh`);
      front.reset(() => 'stall');
      front.hangAll = true;
      const hung = await status();
      // One read sent (an SLO window's or the alerts'); the SLO windows, the sparklines and the
      // alerts behind it given up: before, each waited its turn and its timeout.
      expect(front.requests).toBe(1);
      // The old behaviour takes seven timeouts here; generous for a loaded machine.
      expect(hung.took).toBeLessThan(1.8 * timeoutMs);
      expect(hung.doc.slos.map((s) => s.name).sort()).toEqual(['checkout-availability', 'checkout-strict']);
      for (const slo of hung.doc.slos) {
        expect(slo.status, slo.name).toBe('unknown');
        expect(slo.error, slo.name).toMatch(cause);
        // The source is named once, by the prefix: the message after it does not repeat it.
        expect(slo.error!.match(/prometheus/g), slo.name).toHaveLength(1);
      }
      expect(hung.doc.sources.length).toBeGreaterThan(0);
      for (const source of hung.doc.sources) expect(source).toMatchObject({ok: false, error: expect.stringMatching(cause)});
      expect(hung.code).not.toBe(0);

      // The next command asks again, all seven, and reads the page.
      front.reset(() => 'forward');
      const healed = await status();
      expect(front.queries).toBe(7);
      for (const slo of healed.doc.slos) expect(slo.status, slo.name).toBe('page');
    } finally {
      front.reset(() => 'forward');
      tmp.cleanup();
    }
  }, 60_000);
});
