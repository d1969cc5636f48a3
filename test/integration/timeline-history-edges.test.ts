/**
 * The edges of a range against a real Prometheus with backfilled history (`ALERTS` and the `up`
 * heartbeat): CheckoutDown (critical) fires over all 8 hours of data except while Prometheus was
 * down (no sample of anything) from end-5h to end-4h30m. A range that starts off the step grid
 * keeps the alert as ongoing; a range that starts or ends inside the outage says so (exit 3), and
 * never tells the alert as resolving or starting there; a `--to` in the future is refused; a
 * context without an Alertmanager says its acks were not read. Behind a front that answers in
 * part (as Thanos does with a store down), every history read says it was read in part.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {prodConfigText, runIn, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const STEP = 15;
const MIN = 60;
const iso = (sec: number) => new Date(sec * 1000).toISOString();
const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
const start = end - 8 * 3600;
const outFrom = end - 5 * 3600;
const outTo = end - 4 * 3600 - 30 * MIN;
const down = (t: number) => t >= outFrom && t < outTo;

function openMetrics(): string {
  const up = ['# TYPE up gauge'];
  const alerts = ['# TYPE ALERTS gauge'];
  for (let t = start; t <= end; t += STEP) {
    if (down(t)) continue;
    up.push(`up{job="self",instance="x"} 1 ${t}`);
    alerts.push(`ALERTS{alertname="CheckoutDown",alertstate="firing",service="checkout",severity="critical"} 1 ${t}`);
  }
  return `${[...up, ...alerts].join('\n')}\n# EOF\n`;
}

type Doc = {events: Array<{at: string; kind: string; service: string; ongoing?: boolean}>; missing: Array<{part: string; reason: string}>; notes: string[]};

describe('timeline and handover at the edges of a real Prometheus history', () => {
  let backends: Backends;
  const tmp = tempDir();
  const cli = runIn(tmp);
  let config = '';

  beforeAll(async () => {
    backends = await startTestBackends({openMetrics: openMetrics(), interval: `${STEP}s`, alertmanager: false});
    config = tmp.write('prod.yaml', prodConfigText(backends.prometheusUrl!));
  }, 120_000);

  afterAll(async () => {
    await backends?.stop();
    tmp.cleanup();
  });

  it('timeline --since 2h lists the alert firing all along as ongoing at the start', async () => {
    const {code, out} = await cli('timeline', '--since', '2h', '--format', 'json', '--config', config);
    const doc = JSON.parse(out) as Doc;
    expect(doc.events.map((e) => [e.kind, e.service, e.ongoing ?? false])).toEqual([['alert-firing', 'checkout', true]]);
    expect(code).toBe(0);
    const md = await cli('timeline', '--since', '2h', '--config', config);
    expect(md.out).toContain('CheckoutDown firing (critical)');
    expect(md.out).not.toContain('Nothing happened in this range.');
  }, 60_000);

  it('handover --since 2h: the alert paging all shift is under Paged, still paging', async () => {
    const {out} = await cli('handover', '--since', '2h', '--format', 'json', '--config', config);
    const doc = JSON.parse(out) as {pages: Array<{name: string; ongoing: boolean}>; stillFiring: Array<{name: string}>};
    expect(doc.stillFiring.map((f) => f.name)).toEqual(['CheckoutDown']);
    expect(doc.pages.map((p) => [p.name, p.ongoing])).toEqual([['CheckoutDown', true]]);
  }, 60_000);

  it('a range ending inside the outage: the alert is not drawn as resolved but unknown where the data stops, the outage is a missing part, exit 3', async () => {
    const {code, out} = await cli('timeline', '--from', iso(end - 6 * 3600), '--to', iso(outFrom + 20 * MIN), '--format', 'json', '--config', config);
    const doc = JSON.parse(out) as Doc;
    // The last samples before the outage still answer for Prometheus' lookback (5 minutes).
    expect(doc.events.map((e) => [e.kind, e.at])).toEqual([['alert-firing', iso(end - 6 * 3600)], ['alert-unknown', iso(outFrom + 5 * MIN)]]);
    expect(doc.missing.map((g) => [g.part, g.reason.replace(/ \(down.*$/, '')])).toEqual([['alerts', `prometheus held no data from ${iso(outFrom + 5 * MIN)} to the range's end, ${iso(outFrom + 20 * MIN)}`]]);
    expect(code).toBe(3);
  }, 60_000);

  it('a range starting inside the outage: the alert is not told as starting when the data came back, the outage is a missing part, exit 3', async () => {
    const {code, out} = await cli('timeline', '--from', iso(outFrom + 10 * MIN), '--to', iso(end), '--format', 'json', '--config', config);
    const doc = JSON.parse(out) as Doc;
    expect(doc.missing.map((g) => [g.part, g.reason.replace(/ \(down.*$/, '')])).toEqual([['alerts', `prometheus held no data from the range's start, ${iso(outFrom + 10 * MIN)}, to ${iso(outTo)}`]]);
    expect(code).toBe(3);
  }, 60_000);

  it('a --to in the future is refused, exit 2, as a --from in the future is', async () => {
    const {code, out, err} = await cli('timeline', '--from', iso(end - 3600), '--to', new Date(Date.now() + 3_600_000).toISOString(), '--config', config);
    expect([code, out]).toEqual([2, '']);
    expect(err).toMatch(/^--to: \S+ is in the future \(now \S+\); a timeline looks back only/);
  }, 60_000);

  it('a context without an Alertmanager: the timeline says its acks were not read, exit unchanged', async () => {
    const range = ['--from', iso(outTo + 10 * MIN), '--to', iso(end)];
    const {code, out} = await cli('timeline', ...range, '--format', 'json', '--config', config);
    const doc = JSON.parse(out) as Doc;
    expect(doc.notes).toContain('acks not read: no Alertmanager configured, so no ack event does not mean nobody acked');
    expect(code).toBe(0);
    const md = await cli('timeline', ...range, '--config', config);
    expect(md.out).toContain('> **Note:** acks not read: no Alertmanager configured, so no ack event does not mean nobody acked');
    expect(md.code).toBe(0);
  }, 60_000);

  describe('behind a front answering in part', () => {
    // Forwards to the real Prometheus and, as Thanos does with a store down, adds a
    // partial-response warning to every query's answer.
    const WARNING = 'partial response: store 10.0.0.7:10901 (eu-west long-term) unavailable';
    let server: http.Server;
    let thanos = '';

    beforeAll(async () => {
      const upstream = backends.prometheusUrl!;
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          void (async () => {
            const type = req.headers['content-type'];
            const r = await fetch(`${upstream}${req.url}`, {method: req.method, headers: type ? {'content-type': String(type)} : {}, body: req.method === 'GET' ? undefined : body});
            let text = await r.text();
            if ((req.url ?? '').startsWith('/api/v1/query') && r.status === 200) {
              const env = JSON.parse(text) as Record<string, unknown>;
              env['warnings'] = [WARNING];
              text = JSON.stringify(env);
            }
            res.writeHead(r.status, {'content-type': r.headers.get('content-type') ?? 'application/json'});
            res.end(text);
          })();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      thanos = tmp.write('thanos.yaml', prodConfigText(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    });

    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    it('timeline: the alert history answered in part is a missing part naming the warning, exit 3', async () => {
      const {code, out} = await cli('timeline', '--from', iso(outTo + 10 * MIN), '--to', iso(end), '--format', 'json', '--config', thanos);
      const doc = JSON.parse(out) as Doc;
      expect(doc.events.map((e) => e.kind)).toEqual(['alert-firing']);
      expect(doc.missing).toEqual([{part: 'alerts', context: 'prod', source: 'prometheus', reason: `answered in part (${WARNING}): what it left out is missing`}]);
      expect(code).toBe(3);
    }, 60_000);

    it('handover: Still firing read from an answer in part is incomplete, exit 3', async () => {
      const {code, out} = await cli('handover', '--since', '30m', '--format', 'json', '--config', thanos);
      const doc = JSON.parse(out) as {incomplete: Record<string, string[]>; stillFiring: Array<{name: string}>};
      expect(doc.stillFiring.map((f) => f.name)).toEqual(['CheckoutDown']);
      expect(doc.incomplete['stillFiring']).toEqual([`prometheus answered in part (${WARNING})`]);
      expect(code).toBe(3);
    }, 60_000);

    it('status --json --at: the alerts of the past answered in part say partial: true', async () => {
      const {out} = await cli('status', '--json', '--at', '1h', '--config', thanos);
      const doc = JSON.parse(out) as {sources: Array<{partial: boolean; warnings: string[]}>};
      expect(doc.sources[0]!.warnings).toContain(WARNING);
      expect(doc.sources[0]!.partial).toBe(true);
    }, 60_000);
  });
});
