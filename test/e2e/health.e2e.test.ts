/**
 * End to end: source health is a fact, and the SLO pane keeps what it knows. The bundled CLI in a
 * real terminal (tmux), polling every second, against a context whose Prometheus refuses
 * connections, and against a real Prometheus that is killed mid-session and started again.
 * The screen is captured on a fixed cadence here on purpose: the claim is about every frame in a
 * span of time ("never shows ✔"), which no single wait-for-a-frame can prove.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import type http from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {TmuxTerminal} from '../helpers/tmux.ts';
import {closedPort} from '../sources/http/local-server.ts';
import {dashboardCommand} from './dashboard-checks.ts';
import {API_SLO_YAML, startTrafficExporter} from './fault-matrix.ts';
import {removeDir} from '../helpers/remove-dir.ts';

const COLS = 120;
const ROWS = 30;

let term: TmuxTerminal | null = null;
let dir = '';

afterEach(async () => {
  await term?.kill();
  term = null;
  if (dir) removeDir(dir);
  dir = '';
});

/** A config with one context: its Prometheus at `url`, one availability SLO, 1 s polls. */
function writeConfig(url: string): string {
  dir = mkdtempSync(join(tmpdir(), 'oncall-e2e-health-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'current-context: e2e',
      'refresh: {slos: 1s, history: 5s, alerts: 1s, deploys: 1s}',
      'contexts:',
      '  - name: e2e',
      `    prometheus: {url: ${JSON.stringify(url)}, timeout: 2s}`,
      ...API_SLO_YAML,
      '',
    ].join('\n'),
  );
  return config;
}

const header = (screen: string) => screen.split('\n')[0] ?? '';
const sloRow = (screen: string) => screen.split('\n').find((l) => l.includes('api-availability')) ?? '';

/** Captures the screen every `everyMs` for `forMs` and returns every capture. */
async function captureFor(t: TmuxTerminal, forMs: number, everyMs: number): Promise<string[]> {
  const screens: string[] = [];
  const start = Date.now();
  while (Date.now() - start < forMs) {
    screens.push(await t.capture());
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return screens;
}

describe('source health in the dashboard (bundled CLI in tmux)', () => {
  it('never shows ✔ for a Prometheus that refuses connections, in any capture of the first 20 s', async () => {
    const config = writeConfig(`http://127.0.0.1:${await closedPort()}`);
    term = await TmuxTerminal.start(dashboardCommand(['--config', config]), COLS, ROWS, {XDG_CONFIG_HOME: dir});
    const screens = await captureFor(term, 20_000, 250);
    const lying = screens.filter((s) => /prometheus ✔/.test(header(s)));
    expect(lying.map(header)).toEqual([]);
    // It did say what is wrong, and the configured SLO stayed listed as unknown, not "no SLOs".
    const last = screens.at(-1)!;
    // Never answered: no age, but how long it has been tried.
    expect(header(last)).toMatch(/│ prometheus ✖ unavailable \(retrying\) no data yet \(trying \d+s\) │/);
    expect(last).toMatch(/SLOs \(1\) {2}⚠ unavailable: .*connection refused \(no data yet\)/);
    expect(sloRow(last)).toContain('? UNKNOWN (prometheus unavailable)');
    expect(screens.filter((s) => s.includes('no SLOs'))).toEqual([]);
  }, 40_000);

  describe('against a real Prometheus, killed and started again', () => {
    let backends: Backends | null = null;
    let exporter: http.Server | null = null;

    beforeAll(async () => {
      const traffic = await startTrafficExporter();
      exporter = traffic.server;
      backends = await startTestBackends({alertmanager: false, scrapeTargets: [traffic.target]});
    });

    afterAll(async () => {
      await backends?.stop();
      exporter?.close();
    });

    it('turns ✖ within a poll of the kill and never shows ✔ for 20 s; SLO rows stay, STALE with their age; fresh again by itself after a restart', async () => {
      const config = writeConfig(backends!.prometheusUrl!);
      // NO_COLOR: a stale row must read as stale in text alone.
      term = await TmuxTerminal.start(dashboardCommand(['--config', config]), COLS, ROWS, {XDG_CONFIG_HOME: dir, NO_COLOR: '1'});
      const t = term;
      const fresh = await t.waitFor((s) => /prometheus ✔/.test(header(s)) && /✔ OK +api-availability/.test(sloRow(s)), 30_000);
      expect(sloRow(fresh)).not.toContain('STALE');

      await backends!.stopPrometheus();
      // Polls run every second, so the first attempt after the kill is at most 1 s away.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const screens = await captureFor(t, 20_000, 1000);
      expect(screens.filter((s) => /prometheus ✔/.test(header(s))).map(header)).toEqual([]);
      expect(screens.map(header).filter((h) => !/│ prometheus ✖ unavailable \(retrying\) \d+s │/.test(h))).toEqual([]);
      // The SLO stays listed with its last good numbers, marked stale, and the age grows.
      const ages = screens.map((s) => /STALE (\d+)s ✔ OK +api-availability/.exec(sloRow(s))?.[1] ?? null);
      expect(ages.filter((a) => a === null)).toEqual([]);
      expect(Number(ages.at(-1))).toBeGreaterThan(Number(ages[0]) + 15);

      await backends!.restartPrometheus();
      // No key is pressed: the next poll brings it back.
      const back = await t.waitFor((s) => /prometheus ✔/.test(header(s)) && /^\s*✔ OK +api-availability/.test(sloRow(s).replace(/^[║│›\s]+/, ' ')), 30_000);
      expect(sloRow(back)).not.toContain('STALE');
    }, 120_000);
  });
});
