/**
 * The incident over time, against real servers: a real Prometheus with eight hours of backfilled
 * history (SLO counters with a planted error spike, `ALERTS` series with planted transitions), a
 * real Alertmanager holding silences by two authors (one expired early), a fake GitHub with two
 * deploys, and an action log with a rollback and a note. `timeline --format json` must have every
 * planted transition at its exact instant (to the step), in order; `handover` must count them;
 * `status --json --at T` must equal what the generator says for T; and six hours of 50 SLOs must
 * cost at most 7 range queries for the SLOs plus one for `ALERTS`.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCountingProxy, type CountingProxy} from '../../scripts/counting-proxy.ts';
import {generateBackfill, type Backfill} from '../../scripts/slo-backfill.ts';
import {sloFleetConfig, sloFleetNames} from '../../scripts/slo-fleet.ts';
import {main} from '../../src/cli/main.ts';
import {createActionLog} from '../../src/platform/action-log.ts';
import {actionLogPath} from '../../src/platform/paths.ts';
import type {TimelineDocument} from '../../src/domain/timeline-document.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {githubDeployment, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {postSilence} from '../helpers/alertmanager-peer.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const STEP = 15; // the rule evaluation interval of this Prometheus, seconds
const SLO_STEP = 60; // the SLO history's step: a minute at the finest
const WINDOWS: Record<string, number> = {'5m': 300, '30m': 1800, '1h': 3600, '2h': 7200, '6h': 21600, '1d': 86400, '3d': 259200};
const BUDGET = 0.001; // 99.9 %
const FLEET = ['cart', 'ledger', 'profile', 'find', 'auth', 'media', 'mail', 'maps', 'feed', 'pay'];
const iso = (sec: number) => new Date(sec * 1000).toISOString();

// Wall-clock anchors: the data ends on the last whole minute.
const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
const start = end - 8 * 3600;
const from = end - 6 * 3600;
const spikeStart = end - 3 * 3600;
const spikeEnd = spikeStart + 30 * MIN;
const deployAt = spikeStart - 3 * MIN;
// Alert transitions, on the evaluation grid.
const pendingAt = spikeStart + 2 * MIN + STEP;
const firingAt = pendingAt + 5 * MIN;
const resolvedAt = spikeEnd + 4 * MIN + 2 * STEP;
const searchPendingAt = spikeStart - 90 * MIN;
const searchGoneAt = searchPendingAt + 2 * MIN;

/** ALERTS samples every STEP from `a` until `b` (exclusive), then 0 at `b`: the series ends there. */
function alertSeries(labels: Record<string, string>, a: number, b: number): string[] {
  const text = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  const lines: string[] = [];
  for (let t = a; t < b; t += STEP) lines.push(`ALERTS{${text}} 1 ${t}`);
  lines.push(`ALERTS{${text}} 0 ${b}`);
  return lines;
}

function openMetrics(backfill: Backfill): string {
  const checkout = {alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'};
  const search = {alertname: 'SearchSlow', service: 'search', severity: 'warning'};
  const alerts = [
    '# TYPE ALERTS gauge',
    ...alertSeries({...checkout, alertstate: 'pending'}, pendingAt, firingAt),
    ...alertSeries({...checkout, alertstate: 'firing'}, firingAt, resolvedAt),
    ...alertSeries({...search, alertstate: 'pending'}, searchPendingAt, searchGoneAt),
  ];
  return backfill.openMetrics.replace('# EOF\n', `${alerts.join('\n')}\n# EOF\n`);
}

/** The Workbook table, written out again: the expected statuses are not the code's own. */
function expectedStatus(backfill: Backfill, service: string, atSec: number): string {
  const burn = (w: string) => (backfill.expectedRatio(service, atSec, WINDOWS[w]!) ?? NaN) / BUDGET;
  const over = (a: string, b: string, f: number) => burn(a) > f && burn(b) > f;
  if (over('1h', '5m', 14.4) || over('6h', '30m', 6)) return 'page';
  if (over('1d', '2h', 3) || over('3d', '6h', 1)) return 'ticket';
  return backfill.expectedRatio(service, atSec, 30 * 86400) === null ? 'no-data' : 'ok';
}

const CONFIG = (prom: string, am: string, ci: string, slos: string) =>
  [
    'current-context: prod',
    'contexts:',
    '  - name: prod',
    `    prometheus: {url: ${prom}}`,
    `    alertmanagers: [{name: am, url: ${am}}]`,
    `    deploys: {provider: github, apiUrl: ${ci}, repo: acme/checkout, environment: production}`,
    '    slos:',
    slos,
    '',
  ].join('\n');

const SLOS = ['checkout', 'search']
  .map((s) => [`      - name: ${s}-availability`, `        service: ${s}`, '        objective: 99.9', '        window: 30d', `        errorQuery: 'sum(rate(http_requests_total{service="${s}",code=~"5.."}[{{.window}}]))'`, `        totalQuery: 'sum(rate(http_requests_total{service="${s}"}[{{.window}}]))'`].join('\n'))
  .join('\n');

async function cli(argv: string[], home: string): Promise<{code: number; out: string; err: string}> {
  let out = '';
  let err = '';
  const code = await main(argv, {HOME: home, USER: 'tester'}, {out: (t) => void (out += t), err: (t) => void (err += t)});
  return {code, out, err};
}

describe('timeline, handover and status --at against a real Prometheus and Alertmanager', () => {
  let backends: Backends;
  let ci: FakeCi;
  let proxy: CountingProxy;
  let backfill: Backfill;
  const files = tempDir();
  let config = '';
  let to = 0;
  const silences: Record<string, {id: string; startsAt: string; endsAt: string; updatedAt: string}> = {};

  beforeAll(async () => {
    backfill = generateBackfill(
      [
        {service: 'checkout', requestsPerStep: () => 1000, errorRatio: (i) => (start + i * MIN > spikeStart && start + i * MIN <= spikeEnd ? 0.05 : 0.0005)},
        {service: 'search', requestsPerStep: () => 800, errorRatio: () => 0.0002},
        ...FLEET.map((service) => ({service, requestsPerStep: () => 500, errorRatio: () => 0.001})),
      ],
      start,
      end,
    );
    backends = await startTestBackends({openMetrics: openMetrics(backfill), interval: `${STEP}s`});
    proxy = await startCountingProxy(backends.prometheusUrl!);
    ci = await startFakeCi({flavor: 'github'});
    ci.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [
        githubDeployment({id: 7, sha: 'a84d88e0000000000000000000000000000000aa', ref: 'v2.14.0', environment: 'production', createdAt: iso(deployAt), login: 'carol'}),
        githubDeployment({id: 6, sha: 'a84d88e0000000000000000000000000000000bb', ref: 'v2.13.0', environment: 'production', createdAt: iso(start - 86400), login: 'carol'}),
      ],
    });
    ci.route('GET', '/repos/{owner}/{repo}/deployments/7/statuses', {body: [githubStatus({id: 70, state: 'success', createdAt: iso(deployAt + 2 * MIN), logUrl: 'https://ci.example/runs/7'})]});
    ci.route('GET', '/repos/{owner}/{repo}/deployments/6/statuses', {body: [githubStatus({id: 60, state: 'success', createdAt: iso(start - 86400 + 60), logUrl: 'https://ci.example/runs/6'})]});

    // Two authors ack the checkout alert; bob's ack is expired early.
    const labels = {alertname: 'CheckoutHighErrorRate', service: 'checkout'};
    await postSilence(backends.alertmanagerUrl!, labels, 'ACK! looking at the deploy', 'alice@ops');
    const bob = await postSilence(backends.alertmanagerUrl!, labels, 'ACK! rolling back', 'bob@ops');
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await fetch(`${backends.alertmanagerUrl}/api/v2/silence/${bob}`, {method: 'DELETE'});
    expect(expired.status).toBe(200);
    const listed = (await (await fetch(`${backends.alertmanagerUrl}/api/v2/silences`)).json()) as Array<{id: string; createdBy: string; startsAt: string; endsAt: string; updatedAt: string}>;
    for (const s of listed) silences[s.createdBy] = s;

    const log = createActionLog(actionLogPath({HOME: files.dir}, files.dir));
    const target = {service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.0', idempotencyKey: 'k1'};
    await log.record({at: iso(spikeStart + 20 * MIN), action: 'rollback', phase: 'attempt', context: 'prod', target, source: 'gha'});
    await log.record({at: iso(spikeStart + 20 * MIN), action: 'rollback', phase: 'success', context: 'prod', target, source: 'gha', details: {runId: '9', status: 'queued', url: 'https://ci.example/runs/9'}});
    await log.record({at: iso(spikeEnd), action: 'rollback-watch', phase: 'success', context: 'prod', target, source: 'gha', details: {runId: '9', status: 'success', url: 'https://ci.example/runs/9'}});
    await log.record({at: iso(spikeStart + 10 * MIN), action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: 'errors follow v2.14.0', by: 'alice@ops'}});
    await log.record({at: iso(spikeStart + 11 * MIN), action: 'note', phase: 'success', context: 'staging', target: {}, details: {text: 'another context'}});
    await log.drain();

    to = Date.now();
    config = files.write('config.yaml', CONFIG(proxy.url, backends.alertmanagerUrl!, ci.url, SLOS));
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await ci?.close();
    await backends?.stop();
    files.cleanup();
  });

  it('has every planted transition at its exact instant, in order', async () => {
    const {code, out, err} = await cli(['timeline', '--format', 'json', '--config', config, '--from', iso(from), '--to', new Date(to).toISOString()], files.dir);
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as TimelineDocument;
    expect(doc.missing).toEqual([]);
    expect(doc.stepSeconds).toBe(STEP);
    expect(doc.sloStepSeconds).toBe(SLO_STEP);
    const ats = doc.events.map((e) => Date.parse(e.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));

    // SLO transitions, from the generator at every step of the grid.
    const expectedSlo: string[] = [];
    for (const service of ['checkout', 'search']) {
      let previous: string | null = null;
      for (let t = from; t * 1000 <= to; t += SLO_STEP) {
        const status = expectedStatus(backfill, service, t);
        if (status !== previous && !(previous === null && (status === 'ok' || status === 'no-data'))) expectedSlo.push(`${iso(t)} slo-${status} ${service}`);
        previous = status;
      }
    }
    expect(expectedSlo.filter((e) => e.includes('slo-page checkout'))).toHaveLength(1);
    const expected = [
      ...expectedSlo,
      `${iso(pendingAt)} alert-pending checkout`,
      `${iso(firingAt)} alert-firing checkout`,
      `${iso(resolvedAt)} alert-resolved checkout`,
      `${iso(searchPendingAt)} alert-pending search`,
      `${iso(searchGoneAt)} alert-resolved search`,
      `${iso(deployAt)} deploy-started checkout`,
      `${iso(deployAt + 2 * MIN)} deploy-finished checkout`,
      `${new Date(silences['alice@ops']!.startsAt).toISOString()} ack checkout`,
      `${new Date(silences['bob@ops']!.startsAt).toISOString()} ack checkout`,
      `${new Date(silences['bob@ops']!.endsAt).toISOString()} unack checkout`,
      `${iso(spikeStart + 10 * MIN)} note checkout`,
      `${iso(spikeStart + 20 * MIN)} rollback-requested checkout`,
      `${iso(spikeEnd)} rollback-finished checkout`,
    ].sort();
    expect(doc.events.map((e) => `${e.at} ${e.kind} ${e.service}`).sort()).toEqual(expected);

    const acks = doc.events.filter((e) => e.kind === 'ack');
    expect(acks.map((e) => [e.by, e.expiredEarly ?? false])).toEqual([['alice@ops', false], ['bob@ops', true]]);
    expect(doc.events.find((e) => e.kind === 'deploy-started')).toMatchObject({by: 'carol', url: 'https://ci.example/runs/7'});
    // The action log is the user's own: its rollback was theirs ($USER@host).
    expect(doc.events.find((e) => e.kind === 'rollback-requested')).toMatchObject({by: expect.stringMatching(/^tester@/), url: 'https://ci.example/runs/9'});
    // The budget spent from the first event to the last, from the generator's counts.
    const first = Date.parse(doc.events[0]!.at) / 1000;
    const last = Date.parse(doc.events.at(-1)!.at) / 1000;
    const ratio = backfill.expectedRatio('checkout', last, last - first)!;
    const spent = doc.budgetSpent?.slos.find((s) => s.slo === 'checkout-availability')?.spent ?? NaN;
    expect(Math.abs(spent - ((ratio / BUDGET) * (last - first)) / (30 * 86400))).toBeLessThan(1e-6);
  }, 60_000);

  it('writes the Markdown timeline with UTC times, one event a line, who acted and links', async () => {
    const {out} = await cli(['timeline', '--config', config, '--from', iso(from), '--to', new Date(to).toISOString(), '--service', 'checkout'], files.dir);
    const lines = out.split('\n').filter((l) => l.startsWith('- ') && /^- \d\d:\d\d:\d\dZ/.test(l));
    expect(lines.some((l) => l.startsWith(`- ${iso(firingAt).slice(11, 19)}Z **alert-firing** checkout: CheckoutHighErrorRate firing (critical)`))).toBe(true);
    expect(lines.some((l) => l.includes('acked by alice@ops') && l.includes('"looking at the deploy"'))).toBe(true);
    expect(lines.some((l) => l.includes('**deploy-started**') && l.endsWith('[deploy](https://ci.example/runs/7)'))).toBe(true);
    expect(lines.every((l) => !l.includes('search'))).toBe(true);
    expect(out).toContain('## Error budget spent');
    expect(out).toMatch(/- checkout-availability: \d+\.\d\d% of its budget/);
  }, 60_000);

  it('hands over what paged and for how long, the acks, the rollback, the budget and the notes', async () => {
    const since = `${Math.ceil((to / 1000 - from) / 60)}m`;
    const {code, out} = await cli(['handover', '--format', 'json', '--config', config, '--since', since], files.dir);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as {counts: Record<string, number>; pages: Array<{name: string; seconds: number; ongoing: boolean}>; acks: Array<{by: string; holds: boolean}>; rollbacks: Array<{outcome: string}>};
    expect(doc.counts).toMatchObject({acks: 2, acksHolding: 1, rollbacks: 1, stillFiring: 0, notes: 1});
    const alert = doc.pages.find((p) => p.name === 'CheckoutHighErrorRate');
    expect(alert).toMatchObject({seconds: resolvedAt - firingAt, ongoing: false});
    expect(doc.pages.map((p) => p.name).sort()).toEqual(['CheckoutHighErrorRate', 'checkout-availability']);
    expect(doc.acks.map((a) => [a.by, a.holds])).toEqual([['alice@ops', true], ['bob@ops', false]]);
    expect(doc.rollbacks.map((r) => r.outcome)).toEqual(['success']);
    const md = await cli(['handover', '--config', config, '--since', since], files.dir);
    expect(md.out.split('\n').length).toBeLessThanOrEqual(24);
    expect(md.out).toContain('alice@ops');
  }, 60_000);

  it('status --json --at T equals the generator at T', async () => {
    const at = spikeStart + 20 * MIN + 30; // between two samples
    const {out} = await cli(['status', '--json', '--config', config, '--at', iso(at)], files.dir);
    const doc = JSON.parse(out) as StatusDocument & {at: string};
    expect(doc.at).toBe(iso(at));
    for (const service of ['checkout', 'search']) {
      const slo = doc.slos.find((s) => s.service === service)!;
      for (const [w, sec] of Object.entries(WINDOWS)) {
        const expected = backfill.expectedRatio(service, at, sec)! / BUDGET;
        expect(Math.abs((slo.burnRates[w as '5m'] ?? NaN) - expected), `${service} ${w}`).toBeLessThanOrEqual(1e-6);
      }
      expect(Math.abs((slo.sli ?? NaN) - (1 - backfill.expectedRatio(service, at, 30 * 86400)!))).toBeLessThanOrEqual(1e-6);
      expect(slo.status).toBe(expectedStatus(backfill, service, at));
    }
    expect(doc.alerts.map((a) => [a.name, a.state])).toEqual([['CheckoutHighErrorRate', 'firing']]);
    expect(doc.deploys.map((d) => [d.version, d.status, d.suspect])).toEqual([['v2.14.0', 'success', true], ['v2.13.0', 'success', false]]);
  }, 60_000);

  it('status --at an instant when nothing fired, in a Prometheus that keeps ALERTS: no alerts and no history warning', async () => {
    const at = spikeStart - 30 * MIN; // after search's short page, before checkout's
    const {code, out} = await cli(['status', '--json', '--config', config, '--at', iso(at)], files.dir);
    const doc = JSON.parse(out) as StatusDocument;
    expect(doc.alerts).toEqual([]);
    expect(doc.sources.flatMap((s) => s.warnings).filter((w) => w.includes('alert history'))).toEqual([]);
    // Not "all clear": the Alertmanager, not read in the past, may have held alerts Prometheus had not.
    expect(doc.sources.filter((s) => !s.ok).map((s) => [s.name, s.state])).toEqual([['am', 'not-in-past']]);
    expect(code).toBe(3);
  }, 60_000);

  it('a range before the oldest data Prometheus holds is a missing part, never "nothing happened" (exit 3)', async () => {
    const {code, out} = await cli(['timeline', '--config', config, '--from', iso(start - 2 * 86400), '--to', iso(start - 86400)], files.dir);
    expect(code).toBe(3);
    expect(out).toContain(`> **Missing:** alerts from prometheus: no data at ${iso(start - 2 * 86400)}: the range begins before the oldest data prometheus holds`);
    expect(out).toContain('> **Missing:** slos from prometheus: no data at');
    expect(out).not.toContain('Nothing happened');
  }, 60_000);

  it('status --at an instant before the oldest data: the no alert history note, though ALERTS exist after it', async () => {
    const {code, out} = await cli(['status', '--config', config, '--at', iso(start - 86400)], files.dir);
    expect(out).toContain(`note: prometheus: no alert history: no ALERTS series in the 7d up to ${iso(start - 86400)}`);
    // 3 for the Alertmanager not read then, not for the note.
    expect(out).toMatch(/ [·.] not read in the past: am \(incidents and alerts only they hold are not counted\)\n/);
    expect(code).toBe(3);
  }, 60_000);

  it('400 days: every alert still listed, read as the most of each step, and a note on what the step may hide', async () => {
    const {code, out} = await cli(['timeline', '--format', 'json', '--config', config, '--from', iso(end - 400 * 86400), '--to', iso(end)], files.dir);
    const doc = JSON.parse(out) as TimelineDocument;
    expect(doc.stepSeconds).toBe(3142);
    // The grid is aligned on the epoch, the data on this run's clock: in about one run in ten a
    // step ends inside checkout's five pending minutes, and at that step it was pending, which is
    // listed then, truly (the next step has it firing).
    const pendingSeen = historyGrid((end - 400 * 86400) * 1000, end * 1000, 3142).some((t) => t >= pendingAt * 1000 && t < firingAt * 1000);
    expect(doc.events.filter((e) => e.kind.startsWith('alert-')).map((e) => `${e.kind} ${e.service}`).sort()).toEqual(['alert-firing checkout', ...(pendingSeen ? ['alert-pending checkout'] : []), 'alert-pending search', 'alert-resolved checkout', 'alert-resolved search']);
    expect(doc.notes).toEqual([
      'alerts read every 3142s, not at each 15s evaluation (a range holds at most 11,000 points): every alert is listed, each change at the first step after it',
      'SLO status read every 3142s: a page or ticket shorter than that may be missing; narrow the range (7 days or less reads it every minute)',
    ]);
    // The range begins long before the data: a missing part too.
    expect(code).toBe(3);
  }, 60_000);

  it('reads six hours of 50 SLOs in at most 7 range queries plus one for ALERTS and one for the heartbeat', async () => {
    const fleet = files.write('fleet.yaml', sloFleetConfig(proxy.url, FLEET, 'fleet'));
    proxy.requests.length = 0;
    const {code, out} = await cli(['timeline', '--format', 'json', '--config', fleet, '--from', iso(from), '--to', iso(end)], files.dir);
    expect((JSON.parse(out) as TimelineDocument).missing).toEqual([]);
    expect(code).toBe(0);
    const ranges = proxy.requests.filter((r) => r.path === '/api/v1/query_range');
    // ALERTS, and beside it the heartbeat that tells an outage from a resolve (its own request,
    // so a heartbeat the backend refuses loses nothing else).
    const isAlerts = (r: (typeof ranges)[number]) => ['ALERTS', 'count(last_over_time(up[300s]))'].includes(r.params.get('query') ?? '');
    expect(ranges.filter(isAlerts)).toHaveLength(2);
    expect(ranges.length).toBeLessThanOrEqual(9);
    // Every SLO range query carries all 50 SLOs.
    const slo = ranges.filter((q) => !isAlerts(q));
    expect(slo).toHaveLength(7);
    for (const r of slo) for (const name of sloFleetNames(FLEET)) expect(r.params.get('query')).toContain(`"oncall_slo", "${name}"`);
    // 7 range queries of 50 SLOs: 2-4 s each on a quiet machine, minutes when eight test runs share two cores.
  }, 300_000);
});
