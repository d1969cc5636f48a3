/**
 * A bastion whose clock drifted, against a real Alertmanager: the built CLI, its wall clock
 * moved by a preloaded module, acks an alert. Before, 5 minutes ahead made the silence start in
 * Alertmanager's future ("pending": the alert kept paging while `oncall ack` said ok), and 20
 * minutes behind made Alertmanager refuse it (its end already past). Now the CLI takes the time
 * from Alertmanager's Date headers: the silence is active at once for the chosen 15 minutes, and
 * the command says the clock is off.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {needBundle, runBuiltCli} from '../helpers/built-cli.ts';
import {startAlertmanagerPeer, postAlerts, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';

const SHIFT = join(import.meta.dirname, '..', 'helpers', 'shifted-clock.mjs');
const MIN = 60_000;

let am: AlertmanagerPeer;
let prometheus: Backends;
let dir: string;
let config: string;

beforeAll(async () => {
  needBundle();
  [am, prometheus] = await Promise.all([startAlertmanagerPeer(), startTestBackends({alertmanager: false})]);
  await postAlerts(am.url, ['Ahead', 'Behind', 'Listed'].map((alertname) => ({alertname, service: 'checkout', severity: 'critical'})));
  dir = mkdtempSync(join(tmpdir(), 'oncall-clock-'));
  config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'current-context: prod',
      'contexts:',
      '  - name: prod',
      `    prometheus: {url: ${prometheus.prometheusUrl}}`,
      '    alertmanagers:',
      `      - name: am`,
      `        url: ${am.url}`,
      '    slos:',
      '      - name: api-availability',
      '        service: api',
      '        objective: 99.9',
      '        window: 30d',
      `        errorQuery: 'sum(rate(prometheus_http_requests_total{code=~"5.."}[{{.window}}]))'`,
      `        totalQuery: 'sum(rate(prometheus_http_requests_total[{{.window}}]))'`,
      '',
    ].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([am?.cleanup(), prometheus?.stop()]);
  if (dir) rmSync(dir, {recursive: true, force: true});
});

/** Runs the built CLI with this machine's clock moved by `shiftMs`. */
function cli(shiftMs: number, args: string[]) {
  return runBuiltCli([...args, '--config', config], {env: {HOME: dir, XDG_STATE_HOME: dir, ONCALL_TEST_CLOCK_SHIFT_MS: String(shiftMs)}, nodeArgs: ['--import', SHIFT]});
}

interface WireSilence {
  id: string;
  startsAt: string;
  endsAt: string;
  status: {state: string};
  matchers: Array<{name: string; value: string}>;
}

async function silenceFor(alertname: string): Promise<WireSilence> {
  const all = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as WireSilence[];
  const found = all.find((s) => s.matchers.some((m) => m.name === 'alertname' && m.value === alertname));
  if (!found) throw new Error(`no silence for ${alertname}`);
  return found;
}

async function suppressed(alertname: string): Promise<boolean> {
  const alerts = (await (await fetch(`${am.url}/api/v2/alerts?filter=alertname%3D%22${alertname}%22`)).json()) as Array<{status: {state: string}}>;
  return alerts.length === 1 && alerts[0]!.status.state === 'suppressed';
}

describe('ack from a machine whose clock is off', () => {
  it('5 minutes ahead: the silence is active at once, not pending for 5 minutes, and the command says so', async () => {
    const run = await cli(5 * MIN, ['ack', 'alertname=Ahead']);
    expect(run.code, run.stderr).toBe(0);
    // A Date header has whole seconds and the answer takes its time to come: ±1 s of the shift.
    expect(run.stderr).toMatch(/note: this machine's clock is (5m|5m1s|4m59s) ahead of its backends'/);
    const silence = await silenceFor('Ahead');
    expect(silence.status.state).toBe('active');
    expect(Date.parse(silence.startsAt)).toBeLessThanOrEqual(Date.now() + 2_000);
    await pollUntil(() => suppressed('Ahead'), (yes) => yes, 10_000, 'Ahead suppressed');
  });

  it('20 minutes behind: Alertmanager takes the ack (its end was in the past) and it lasts the 15 minutes asked', async () => {
    const run = await cli(-20 * MIN, ['ack', 'alertname=Behind']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/note: this machine's clock is (20m|19m59s|20m1s) behind its backends'/);
    const silence = await silenceFor('Behind');
    expect(silence.status.state).toBe('active');
    const left = Date.parse(silence.endsAt) - Date.now();
    expect(left).toBeGreaterThan(14 * MIN);
    expect(left).toBeLessThanOrEqual(15 * MIN + 2_000);
    await pollUntil(() => suppressed('Behind'), (yes) => yes, 10_000, 'Behind suppressed');
  });

  it('a day behind: alerts --json is stamped with the backends\' time', async () => {
    const run = await cli(-24 * 60 * MIN, ['alerts', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as {generatedAt: string};
    expect(Math.abs(Date.parse(doc.generatedAt) - Date.now())).toBeLessThan(10_000);
    expect(run.stderr).toContain("this machine's clock is 1d behind");
  });

  it('on time: no note, and the times are the machine\'s', async () => {
    const run = await cli(0, ['alerts', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('clock');
    expect(Math.abs(Date.parse((JSON.parse(run.stdout) as {generatedAt: string}).generatedAt) - Date.now())).toBeLessThan(10_000);
  });

  it('20 minutes behind: status reads again by the backends\' clock, so its data is not 20 minutes old', async () => {
    const run = await cli(-20 * MIN, ['status', '--json']);
    expect(run.stderr).toMatch(/this machine's clock is (20m|19m59s|20m1s) behind/);
    const doc = JSON.parse(run.stdout) as {generatedAt: string; sources: Array<{name: string; state: string; ageSeconds: number | null}>};
    expect(Math.abs(Date.parse(doc.generatedAt) - Date.now())).toBeLessThan(10_000);
    expect(doc.sources.map((s) => s.name).sort()).toEqual(['am', 'prometheus']);
    for (const source of doc.sources) {
      expect(source.state, source.name).toBe('ok');
      expect(source.ageSeconds, source.name).toBeLessThanOrEqual(5);
    }
  });

  it('20 minutes behind: the timeline\'s range ends at the backends\' now, not 20 minutes before it', async () => {
    const run = await cli(-20 * MIN, ['timeline', '--since', '10m', '--format', 'json']);
    expect(run.stderr).toMatch(/this machine's clock is (20m|19m59s|20m1s) behind/);
    const doc = JSON.parse(run.stdout) as {from: string; to: string};
    expect(Math.abs(Date.parse(doc.to) - Date.now())).toBeLessThan(10_000);
    expect(Date.parse(doc.to) - Date.parse(doc.from)).toBe(10 * MIN);
  });
});
