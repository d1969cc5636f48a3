/**
 * A timeline whose SLO history is read in part, against a real Prometheus behind a front: the
 * range request carrying the 3d window and the period answers Prometheus' own load-limit 422, or
 * one SLO's query is refused. The other windows and SLOs are still drawn (a page the short
 * windows show is an event), and what was not read is a missing part naming the SLO and its
 * windows (exit 3), never every SLO's lines lost nor a refused SLO read as "no data".
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import type {TimelineDocument} from '../../src/domain/timeline-document.ts';
import {runIn, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const MIN = 60;
const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
const start = end - 4 * 3600;
const spikeStart = end - 2 * 3600;
const spikeEnd = spikeStart + 30 * MIN;
const iso = (sec: number) => new Date(sec * 1000).toISOString();

const slo = (name: string, service: string, errors: string) =>
  [`      - name: ${name}`, `        service: ${service}`, '        objective: 99.9', '        window: 30d', `        errorQuery: '${errors}'`, `        totalQuery: 'sum(rate(http_requests_total{service="${service}"}[{{.window}}]))'`].join('\n');
const errorsOf = (service: string) => `sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`;

const config = (prometheus: string, slos: string[]) => ['current-context: prod', 'contexts:', '  - name: prod', `    prometheus: {url: ${prometheus}}`, '    slos:', ...slos, ''].join('\n');

describe('timeline: SLO history read in part', () => {
  let backends: Backends;
  let proxy: FaultProxy;
  let heavy = true;
  let spanFails = false;
  let spanRequests = 0;
  const tmp = tempDir();
  const cli = runIn(tmp);

  beforeAll(async () => {
    const {openMetrics} = generateBackfill(
      [
        {service: 'checkout', requestsPerStep: () => 1000, errorRatio: (i) => (start + i * MIN > spikeStart && start + i * MIN <= spikeEnd ? 0.05 : 0.0005)},
        {service: 'search', requestsPerStep: () => 800, errorRatio: () => 0.0002},
      ],
      start,
      end,
    );
    backends = await startTestBackends({openMetrics, alertmanager: false});
    const forward = forwardTo(backends.prometheusUrl!);
    proxy = await startFaultProxy(
      async (req, body) => {
        const query = new URLSearchParams(body).get('query') ?? '';
        // The range request of the 3d window (the period rides with it) is too heavy for the server.
        if (heavy && (req.url ?? '').startsWith('/api/v1/query_range') && query.includes('[3d]')) {
          return {status: 422, contentType: 'application/json', body: '{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"}'};
        }
        // The budget spent's instant query: its span is the only window in milliseconds.
        if ((req.url ?? '').split('?')[0] === '/api/v1/query' && /\d+ms\]/.test(query)) {
          spanRequests += 1;
          if (spanFails) return {status: 503, contentType: 'text/plain', body: 'Service Unavailable: upstream overloaded'};
        }
        return forward(req, body);
      },
      {prometheus: true},
    );
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await backends?.stop();
    tmp.cleanup();
  });

  it('the 3d and period request failing: the page from the short windows is an event, each SLO names its unread windows, exit 3', async () => {
    const file = tmp.write('heavy.yaml', config(proxy.url, [slo('checkout-availability', 'checkout', errorsOf('checkout')), slo('search-availability', 'search', errorsOf('search'))]));
    const {code, out} = await cli('timeline', '--format', 'json', '--config', file, '--from', iso(spikeStart - 30 * MIN), '--to', iso(end));
    const doc = JSON.parse(out) as TimelineDocument;
    // The 1h and 5m pair read: the spike pages.
    expect(doc.events.filter((e) => e.kind === 'slo-page').map((e) => e.subject?.slo)).toEqual(['checkout-availability']);
    const slos = doc.missing.filter((g) => g.part === 'slos');
    expect(slos.map((g) => g.reason.replace(/\(.*\)/, '(…)'))).toEqual([
      "SLO checkout-availability: the 3d, period windows could not be read (…); its status is unknown wherever they could change it",
      "SLO search-availability: the 3d, period windows could not be read (…); its status is unknown wherever they could change it",
    ]);
    expect(slos[0]!.reason).toContain('too many samples');
    expect(code).toBe(3);
  }, 120_000);

  it('one SLO whose query Prometheus refuses: the others are read, the refused one is a missing part and unknown, never "no data"', async () => {
    heavy = false;
    const file = tmp.write('refused.yaml', config(proxy.url, [slo('checkout-availability', 'checkout', errorsOf('checkout')), slo('broken', 'search', 'sum(no_such_function(http_requests_total[{{.window}}]))')]));
    const {code, out} = await cli('timeline', '--format', 'json', '--config', file, '--from', iso(spikeStart - 30 * MIN), '--to', iso(end));
    const doc = JSON.parse(out) as TimelineDocument;
    expect(doc.events.filter((e) => e.kind === 'slo-page').map((e) => e.subject?.slo)).toEqual(['checkout-availability']);
    expect(doc.events.filter((e) => e.subject?.slo === 'broken').map((e) => e.kind)).toEqual(['slo-unknown']);
    const slos = doc.missing.filter((g) => g.part === 'slos' && !g.reason.startsWith('budget spent'));
    expect(slos.map((g) => g.reason)).toEqual([expect.stringMatching(/^SLO broken could not be read: .*no_such_function/)]);
    // The budget spent too: the refused SLO loses its own, named, and the other keeps its.
    const budgetGaps = doc.missing.filter((g) => g.part === 'slos' && g.reason.startsWith('budget spent'));
    expect(budgetGaps.map((g) => g.reason)).toEqual([expect.stringMatching(/^budget spent: SLO broken could not be read: Prometheus refused its query \(HTTP 400\): .*no_such_function/)]);
    const spent = new Map(doc.budgetSpent!.slos.map((b) => [b.slo, b.spent] as const));
    expect(spent.get('broken')).toBeNull();
    expect(spent.get('checkout-availability')).toBeGreaterThan(0);
    // Its null is unknown, never "no data", in the JSON and in the postmortem's Markdown.
    expect(doc.budgetSpent!.slos.filter((b) => b.unread).map((b) => b.slo)).toEqual(['broken']);
    const md = await cli('timeline', '--config', file, '--from', iso(spikeStart - 30 * MIN), '--to', iso(end));
    expect(md.out).toContain('- broken: unknown (could not be read: see the missing parts)');
    expect(md.out).not.toMatch(/- broken: no data/);
    expect(code).toBe(3);
  }, 120_000);

  it('every SLO read: the budget spent is still one request for all SLOs', async () => {
    heavy = false;
    spanRequests = 0;
    const file = tmp.write('healthy.yaml', config(proxy.url, [slo('checkout-availability', 'checkout', errorsOf('checkout')), slo('search-availability', 'search', errorsOf('search'))]));
    const {code, out} = await cli('timeline', '--format', 'json', '--config', file, '--from', iso(spikeStart - 30 * MIN), '--to', iso(end));
    const doc = JSON.parse(out) as TimelineDocument;
    expect(doc.budgetSpent!.slos.map((b) => [b.slo, b.spent !== null])).toEqual([['checkout-availability', true], ['search-availability', true]]);
    // No alerting rule runs in this fixture, so only the SLO part is read whole here.
    expect(doc.missing.filter((g) => g.part === 'slos')).toEqual([]);
    expect(spanRequests).toBe(1);
    expect(code).toBe(3);
  }, 120_000);

  it('the budget spent request failing: one missing part naming the source, not its address', async () => {
    heavy = false;
    spanFails = true;
    try {
      const file = tmp.write('span-down.yaml', config(proxy.url, [slo('checkout-availability', 'checkout', errorsOf('checkout')), slo('search-availability', 'search', errorsOf('search'))]));
      const {code, out} = await cli('timeline', '--format', 'json', '--config', file, '--from', iso(spikeStart - 30 * MIN), '--to', iso(end));
      const doc = JSON.parse(out) as TimelineDocument;
      const budgetGaps = doc.missing.filter((g) => g.part === 'slos' && g.reason.startsWith('budget spent'));
      expect(budgetGaps.map((g) => g.reason)).toEqual([expect.stringMatching(/^budget spent: unavailable: prometheus \/api\/v1\/query HTTP 503/)]);
      expect(budgetGaps[0]!.reason).not.toContain('http://');
      expect(doc.budgetSpent!.slos.map((b) => [b.spent, b.unread])).toEqual([[null, true], [null, true]]);
      expect(code).toBe(3);
    } finally {
      spanFails = false;
    }
  }, 120_000);
});
