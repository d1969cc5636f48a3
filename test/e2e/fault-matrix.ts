/**
 * The dashboard fault matrix: the twelve fault kinds against one source kind, in one dashboard
 * session (the bundled CLI in tmux, polling every second). Each source sits behind a fault proxy
 * in front of a real Prometheus, a real Alertmanager, or the JSON deploy feed (no real server
 * serves it). Per fault: the dashboard keeps running, the header and the pane say which source
 * failed and why, the data's age grows, what was shown stays (marked stale), and once the
 * backend returns the source is fine again by itself within a poll.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {FAULT_KINDS, forwardTo, startFaultProxy, type FaultKind, type FaultProxy} from '../helpers/fault-proxy.ts';
import {TmuxTerminal} from '../helpers/tmux.ts';
import {dashboardCommand} from './dashboard-checks.ts';
import {removeDir} from '../helpers/remove-dir.ts';

/** The source kinds of the matrix, by the name the header gives them. */
export type MatrixSource = 'prometheus' | 'am' | 'json';

const COLS = 160;
const ROWS = 48;

/**
 * The failure kind the header names for each fault. Ten megabytes per request (eight requests
 * per SLO refresh) may outlast the 2 s timeout on a loaded machine: either is the truth then.
 */
export const EXPECTED_KIND: Record<FaultKind, string> = {
  refused: 'unavailable',
  reset: 'unavailable',
  hang: 'timeout',
  '500': 'unavailable',
  '503-text': 'unavailable',
  html: 'bad-response',
  'truncated-json': 'bad-response',
  'nan-inf': 'bad-response',
  empty: 'bad-response',
  '401': 'auth',
  '10mb': '(?:bad-response|timeout)',
  'wrong-shape': 'bad-response',
};

const PANE_TITLE: Record<MatrixSource, string> = {prometheus: '1 SLOs (', am: '2 Alerts (', json: '3 Deploys ('};
/** A row the pane shows while the source is healthy, and must keep (marked stale) while it fails. */
const ROW: Record<MatrixSource, RegExp> = {prometheus: /api-availability/, am: /firing .*DiskFull/, json: /checkout +v2\.0\.0/};

/** A running matrix: backends, proxies, the dashboard. */
export interface Matrix {
  term: TmuxTerminal;
  proxies: Record<MatrixSource, FaultProxy>;
  stop(): Promise<void>;
}

const DEPLOYS = JSON.stringify([{id: 'd1', service: 'checkout', version: 'v2.0.0', environment: 'production', status: 'success', startedAt: '2026-05-01T09:00:00Z', author: 'dev'}]);

/** The `slos:` block of a context: `api-availability` over the exporter's `http_requests_total`. */
export const API_SLO_YAML = [
  '    slos:',
  '      - name: api-availability',
  '        service: api',
  '        objective: 99.9',
  '        window: 30d',
  `        errorQuery: 'sum(rate(http_requests_total{service="api",code=~"5.."}[{{.window}}]))'`,
  `        totalQuery: 'sum(rate(http_requests_total{service="api"}[{{.window}}]))'`,
];

/** Traffic for `api-availability`: a counter of good requests growing with time, for Prometheus to scrape. */
export async function startTrafficExporter(): Promise<{server: http.Server; target: string}> {
  const started = Date.now();
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`# TYPE http_requests_total counter\nhttp_requests_total{service="api",code="200"} ${Math.floor((Date.now() - started) / 10)}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {server, target: `127.0.0.1:${(server.address() as AddressInfo).port}`};
}

/** Starts a real Prometheus (with traffic for one SLO) and Alertmanager (with one alert), the proxies and the dashboard. */
export async function startMatrix(): Promise<Matrix> {
  const {server: exporter, target} = await startTrafficExporter();
  let backends: Backends | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'oncall-e2e-faults-'));
  try {
    backends = await startTestBackends({scrapeTargets: [target]});
    const posted = await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify([{labels: {alertname: 'DiskFull', service: 'inventory', severity: 'critical'}, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString()}]),
    });
    expect(posted.status).toBe(200);
    const proxies = {
      prometheus: await startFaultProxy(forwardTo(backends.prometheusUrl!), {prometheus: true}),
      am: await startFaultProxy(forwardTo(backends.alertmanagerUrl!)),
      json: await startFaultProxy(async () => ({status: 200, contentType: 'application/json', body: DEPLOYS})),
    };
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        'current-context: faults',
        'refresh: {slos: 1s, history: 5s, alerts: 1s, deploys: 1s}',
        'contexts:',
        '  - name: faults',
        `    prometheus: {url: ${JSON.stringify(proxies.prometheus.url)}, timeout: 2s}`,
        `    alertmanagers: [{name: am, url: ${JSON.stringify(proxies.am.url)}, timeout: 2s}]`,
        `    deploys: {provider: json, url: ${JSON.stringify(`${proxies.json.url}/deploys.json`)}, timeout: 2s}`,
        ...API_SLO_YAML,
        '',
      ].join('\n'),
    );
    const term = await TmuxTerminal.start(dashboardCommand(['--config', config]), COLS, ROWS, {XDG_CONFIG_HOME: dir, NO_COLOR: '1'});
    return {
      term,
      proxies,
      stop: async () => {
        await term.kill();
        for (const p of Object.values(proxies)) await p.close();
        await backends?.stop();
        exporter.close();
        removeDir(dir);
      },
    };
  } catch (error) {
    await backends?.stop();
    exporter.close();
    removeDir(dir);
    throw error;
  }
}

const header = (s: string) => s.split('\n')[0] ?? '';
const titleOf = (s: string, source: MatrixSource) => s.split('\n').find((l) => l.includes(PANE_TITLE[source])) ?? '';
const rowOf = (s: string, source: MatrixSource) => s.split('\n').find((l) => ROW[source].test(l) && !l.includes(PANE_TITLE[source])) ?? '';
const healthy = (source: MatrixSource) => (s: string) => new RegExp(`│ ${source} ✔ \\d+s`).test(header(s)) && ROW[source].test(rowOf(s, source)) && !rowOf(s, source).includes('STALE');

/** Waits for the source to be fine: ✔ in the header, its row on screen and not stale. */
export async function waitHealthy(m: Matrix, source: MatrixSource, timeoutMs: number): Promise<string> {
  return m.term.waitFor(healthy(source), timeoutMs);
}

/**
 * Runs one fault against one source and checks the screen through it and after healing.
 * Prometheus' NaN/Inf samples are valid answers: the SLO must read NO DATA, never OK.
 */
export async function runFault(m: Matrix, source: MatrixSource, fault: FaultKind): Promise<void> {
  const what = `${source} × ${fault}`;
  await m.proxies[source].set(fault);
  if (source === 'prometheus' && fault === 'nan-inf') {
    const screen = await m.term.waitFor((s) => /\? NO DATA +api-availability/.test(rowOf(s, source)), 10_000).catch((e: unknown) => {
      throw new Error(`${what}: ${String(e)}`);
    });
    expect(header(screen), what).toMatch(/│ prometheus ✔ /);
  } else {
    const kind = EXPECTED_KIND[fault];
    const failing = new RegExp(`│ ${source} ✖ ${kind} \\(retrying\\) (\\d+)s │`);
    // A 10 MB answer per request (eight per SLO refresh) takes a loaded machine a while to refuse.
    const first = await m.term.waitFor((s) => failing.test(header(s)) && new RegExp(kind).test(titleOf(s, source)), 30_000).catch((e: unknown) => {
      throw new Error(`${what}: ${String(e)}`);
    });
    const age = Number(failing.exec(header(first))![1]);
    // The data's age grows while it fails, and the last good rows stay, marked stale.
    const later = await m.term.waitFor((s) => Number(failing.exec(header(s))?.[1] ?? -1) >= age + 2, 10_000).catch((e: unknown) => {
      throw new Error(`${what}: the age did not grow: ${String(e)}`);
    });
    expect(rowOf(later, source), `${what}: row kept and marked stale`).toMatch(/STALE \d+s/);
  }
  await m.proxies[source].set(null);
  // Back within a poll (1 s) of the backend's return: the next attempt (a poll, or a retry that
  // never waits longer than a poll) reads it; 4 s leaves room for the render on a loaded machine.
  await m.term.waitFor(healthy(source), 4000).catch((e: unknown) => {
    throw new Error(`${what}: not back within a poll: ${String(e)}`);
  });
}

/** Registers the twelve cases of one source kind, run in one dashboard session. */
export function defineFaultMatrix(source: MatrixSource, what: string): void {
  let matrix: Matrix | null = null;
  beforeAll(async () => {
    matrix = await startMatrix();
    await waitHealthy(matrix, source, 30_000);
  }, 90_000);
  afterAll(async () => {
    await matrix?.stop();
  });
  describe(`${what} failing in each of the twelve ways, the dashboard running`, () => {
    for (const fault of FAULT_KINDS) {
      it(`${fault}: says which source failed and why, the age grows, rows stay stale, back by itself`, async () => {
        await runFault(matrix!, source, fault);
      }, 60_000);
    }
  });
}
