/**
 * Reads shared while in flight (shared-requests.ts) are shared only at one instant: a past read
 * (time travel, `pastServices`) started while the live poll's read is still in flight is its own
 * request, and so is the live read sent on Esc while the past one is in flight. Otherwise the
 * past view shows what burns now under its `AT …` banner, or the live screen the past.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {QueryClient} from '@tanstack/query-core';
import {createPrometheusSource} from '../../src/sources/prometheus/prometheus-source.ts';
import {sharingReads} from '../../src/queries/shared-requests.ts';
import {sloQueryOptions} from '../../src/queries/slo-queries.ts';
import {pastServices} from '../../src/view/hooks/use-time-travel.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';

const NOW = Date.UTC(2026, 11, 7, 18, 0, 0);
const PAST = NOW - 2 * 3_600_000;

const slo: SloDefinition = {
  name: 'api', service: 'api', objective: 99.9, window: '30d', source: 'native',
  sli: {kind: 'ratio', errorQuery: 'sum(rate(err[{{.window}}]))', totalQuery: 'sum(rate(req[{{.window}}]))'},
};

let server: http.Server;
let url: string;
const asked: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const p = new URLSearchParams(body);
      const time = Number(p.get('time')) * 1000;
      asked.push(time);
      const query = p.get('query') ?? '';
      // Now: 5 % errors (a page); two hours ago: none.
      const errors = time === NOW ? '5' : '0';
      const windows = [...query.matchAll(/oncall_window", "([^"]+)"/g)].map((m) => m[1]);
      const tag = (extra: Record<string, string>) => (windows.length === 0 ? [extra] : windows.map((w) => ({...extra, oncall_window: w!})));
      const result = [
        ...tag({oncall_slo: 'api', oncall_part: 'errors'}).map((metric) => ({metric, value: [time / 1000, errors]})),
        ...tag({oncall_slo: 'api', oncall_part: 'total'}).map((metric) => ({metric, value: [time / 1000, '100']})),
      ];
      setTimeout(() => {
        res.writeHead(200, {'content-type': 'application/json'});
        res.end(JSON.stringify({status: 'success', data: {resultType: 'vector', result}}));
      }, 300);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('time travel while a live SLO read is in flight', () => {
  it('the past view is evaluated at the past instant, not given the live answer', async () => {
    // As compose.ts builds it: the runtime always passes a SharedBackends pool, so reads are shared.
    const prom = sharingReads(createPrometheusSource({name: 'prometheus', baseUrl: url}));
    const services: ContextServices = {
      context: 'prod', readOnly: false, slos: [slo],
      sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: prom},
      alertSources: [], deploySource: null, rollbacker: null,
    };
    const live = new QueryClient();
    const past = new QueryClient();
    const liveOpts = sloQueryOptions(services, {intervalMs: false, now: () => NOW});
    const pastOpts = sloQueryOptions(pastServices(services, PAST), {intervalMs: false, now: () => PAST});
    const livePoll = live.fetchQuery(liveOpts);
    // The user presses time travel 50 ms later, while the live poll waits on a slow Prometheus.
    await new Promise((r) => setTimeout(r, 50));
    const [nowSnap, pastSnap] = await Promise.all([livePoll, past.fetchQuery(pastOpts)]);
    expect(nowSnap.reports[0]!.status).toBe('page');
    // Two hours ago there were no errors: the past view must not show the live page.
    expect(asked).toContain(PAST);
    expect(pastSnap.reports[0]!.status).not.toBe('page');
    await prom.close();
  });

  it('returning to live (Esc) while the past read is in flight shows the present, not the past', async () => {
    asked.length = 0;
    const prom = sharingReads(createPrometheusSource({name: 'prometheus', baseUrl: url}));
    const services: ContextServices = {
      context: 'prod', readOnly: false, slos: [slo],
      sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: prom},
      alertSources: [], deploySource: null, rollbacker: null,
    };
    const pastRead = new QueryClient().fetchQuery(sloQueryOptions(pastServices(services, PAST), {intervalMs: false, now: () => PAST}));
    await new Promise((r) => setTimeout(r, 50));
    // Esc: the live client refetches at once, by the live clock.
    const liveRead = new QueryClient().fetchQuery(sloQueryOptions(services, {intervalMs: false, now: () => NOW}));
    const [, live] = await Promise.all([pastRead, liveRead]);
    expect(asked).toContain(NOW);
    // It pages now: the live screen must not say OK from the answer of two hours ago.
    expect(live.reports[0]!.status).toBe('page');
    await prom.close();
  });
});
