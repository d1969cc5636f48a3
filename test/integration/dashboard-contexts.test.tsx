/**
 * The dashboard over two contexts, against two real Prometheus and two real Alertmanagers with
 * different data (prod-eu calm with a warning, prod-us burning its checkout SLO and firing a
 * critical alert) and a fake GitHub per context (contract-checked): the merged SLO and alert
 * panes worst first with the right context on each row; an ack from a prod-us row lands only in
 * prod-us' Alertmanager; a rollback from a prod-eu deploy reaches only prod-eu's CI; prod-us'
 * Prometheus stopped marks only its rows stale (with the age), and they recover on restart.
 * Timers are real (the servers answer in real time); only `Date` is faked, advancing with it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {dashboardContext} from '../../src/cli/dashboard-command.tsx';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {createActionLog, readActionLog, type ActionLog} from '../../src/platform/action-log.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {pollUntil, type Backends} from '../helpers/backends.ts';
import {githubDeployment, githubDispatchDetails, githubRun, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {realDashboardHooks} from '../helpers/real-frames.ts';
import {activeSilences as silences, backendsYaml, CHECKOUT_SLO, startTwoContexts, type TwoContexts} from '../helpers/two-contexts.ts';
import type {Harness} from '../view/dashboard-harness.tsx';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 26);
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
// The previous version's own commit: a rollback to the running commit would change nothing.
const SHA_PREV = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A fake GitHub listing two deploys of `service` (`newest` minutes ago, and the one before). */
async function fakeGithub(newest: {ref: string; minutesAgo: number}, previous: string): Promise<FakeCi> {
  const ci = await startFakeCi({flavor: 'github', token: TOKEN});
  const now = Date.now();
  ci.route('GET', '/repos/{owner}/{repo}/deployments', {
    body: [
      githubDeployment({id: 20, sha: SHA, ref: newest.ref, environment: 'production', createdAt: iso(now - newest.minutesAgo * 60_000), login: 'dev'}),
      githubDeployment({id: 10, sha: SHA_PREV, ref: previous, environment: 'production', createdAt: iso(now - 3 * 86_400_000), login: 'release-bot'}),
    ],
  });
  ci.route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {body: [githubStatus({id: 1, state: 'success', createdAt: iso(now - 60_000), logUrl: 'https://ci.example/logs/1'})]});
  ci.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(777)});
  ci.route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', {body: githubRun({id: 777, status: 'in_progress'})});
  return ci;
}

const context = (name: string, b: Backends, ci: FakeCi, service: string, extra = '') => `  - name: ${name}
${extra}${backendsYaml(b, 'am')}${CHECKOUT_SLO}    deploys: {provider: github, apiUrl: ${ci.url}, repo: acme/shop, environment: production, services: {shop: ${service}}, tokenEnv: GH_TOKEN}
    rollback:
      provider: github-actions
      apiUrl: ${ci.url}
      repo: acme/shop
      workflow: rollback.yml
      inputs: {service: '{{service}}', version: '{{version}}'}
      tokenEnv: GH_TOKEN
`;

let two: TwoContexts;
let eu: Backends;
let us: Backends;
let euCi: FakeCi;
let usCi: FakeCi;
let tmp: ReturnType<typeof tempDir>;
let runtime: Runtime;
let log: ActionLog;
let harness: Harness | undefined;
const dashboard = realDashboardHooks();
const frameWith = dashboard.frame;

/** The lines of `frame` that mention `text`, each cut at the end of its first pane (panes sit side by side). */
const linesWith = (frame: string, text: string) => frame.split('\n').map((l) => l.split(/[│║]{2}/)[0]!).filter((l) => l.includes(text));

beforeAll(async () => {
  two = await startTwoContexts();
  ({eu, us} = two);
  [euCi, usCi] = await Promise.all([fakeGithub({ref: 'v7', minutesAgo: 5}, 'v6'), fakeGithub({ref: 'v42', minutesAgo: 120}, 'v41')]);
  tmp = tempDir();
  const config = tmp.write(
    'config.yaml',
    `current-context: prod-eu
refresh: {slos: 1s, alerts: 1s, deploys: 2s, history: 10m}
contexts:
${context('prod-eu', eu, euCi, 'api')}${context('prod-us', us, usCi, 'checkout', '    production: true\n')}`,
  );
  const args = {command: 'dashboard', config, context: 'prod-eu,prod-us', demo: false, readOnly: false, json: false} as CliArgs;
  const made = await configRuntime(args, {HOME: tmp.dir, GH_TOKEN: TOKEN}, () => Date.now());
  if (typeof made === 'string') throw new Error(made);
  runtime = made;
  log = createActionLog(`${tmp.dir}/actions.jsonl`);
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  await Promise.allSettled([two?.stop(), euCi?.close(), usCi?.close()]);
  tmp?.cleanup();
});

async function render(): Promise<void> {
  harness = await dashboard.render(runtime.composed.services, {contexts: runtime.members.map(dashboardContext), columns: 160, rows: 48, record: log.record});
}

describe('the dashboard over two contexts, against two real Prometheus and two real Alertmanagers', () => {
  it('merges the SLO and alert panes worst first, each row naming its context (PROD in words)', async () => {
    await render();
    const frame = await frameWith((f) => /PAGE/.test(f) && f.includes('DiskFilling') && f.includes('HighErrorRate') && /✔ ok/.test(f) && f.includes('v41'), 'both contexts\' data');
    const lines = frame.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    // The same SLO in both: prod-us pages above prod-eu's ok one.
    expect(at(/PROD prod-us .*PAGE.*checkout-availability/)).toBeGreaterThan(0);
    expect(at(/prod-eu .*OK.*checkout-availability/)).toBeGreaterThan(at(/PROD prod-us .*PAGE.*checkout-availability/));
    // prod-us' critical alert above prod-eu's warning, each on its context's row.
    expect(at(/PROD prod-us .*HighErrorRate/)).toBeGreaterThan(0);
    expect(at(/prod-eu .*DiskFilling/)).toBeGreaterThan(at(/PROD prod-us .*HighErrorRate/));
    expect(linesWith(frame, 'HighErrorRate').every((l) => l.includes('PROD prod-us'))).toBe(true);
    expect(linesWith(frame, 'DiskFilling').every((l) => l.includes('prod-eu') && !l.includes('prod-us'))).toBe(true);
    // Deploys newest first across contexts; the header names both contexts with their health.
    expect(at(/prod-eu .*api .*v7/)).toBeLessThan(at(/PROD prod-us .*checkout .*v42/));
    expect(lines[0]).toMatch(/ctx prod-eu,PROD prod-us .*│ prod-eu ✔.*│ PROD prod-us ✔/);
    expect(frame).toContain('CONTEXT');
    // prod-us spent its budget: the freeze above the deploys names the context.
    expect(frame).toContain('DEPLOY FREEZE: prod-us/checkout');
  }, 60_000);

  it('names the row\'s context in its details, a production one as PROD', async () => {
    await render();
    await frameWith((f) => f.includes('HighErrorRate') && f.includes('DiskFilling'), 'the alerts');
    await harness!.press('2');
    // The prod-us group header first; its alert is the next row (before the ack test below acks it).
    await harness!.press('g');
    await harness!.press('j');
    await harness!.press('\r');
    const details = await frameWith((f) => f.includes('Alert details'), 'the details');
    expect(details).toMatch(/context\s+PROD prod-us/);
  }, 60_000);

  it('acks from a prod-us row in prod-us\' Alertmanager only, and logs the context', async () => {
    const before = (await silences(eu)).length;
    await render();
    await frameWith((f) => f.includes('HighErrorRate') && f.includes('DiskFilling'), 'the alerts');
    await harness!.press('2');
    // The prod-us group header comes first (g: wherever the selection followed its row); its alert is the next row.
    await harness!.press('g');
    await harness!.press('j');
    await harness!.press('a');
    await pollUntil(() => silences(us), (s) => s.some((x) => x.comment.startsWith('ACK!')), 10_000, 'the ack in prod-us');
    await frameWith((f) => f.includes('tester@host'), 'the ACK column');
    // The footer's answer names the context it acted in.
    await frameWith((f) => /prod-us: acked/.test(f), 'the ack message naming prod-us');
    expect((await silences(eu)).length).toBe(before);
    const entries = await readActionLog(log.path);
    expect(entries.filter((e) => e.action === 'ack').map((e) => [e.phase, e.context])).toEqual([['attempt', 'prod-us'], ['success', 'prod-us']]);
  }, 60_000);

  it('rolls back a prod-eu deploy through prod-eu\'s CI only, the confirmation naming the context', async () => {
    await render();
    await frameWith((f) => f.includes('v7') && f.includes('v42'), 'the deploys');
    await harness!.press('3');
    // Newest first: prod-eu's api v7 is the first deploy row.
    await harness!.press('g');
    await harness!.press('R');
    const preview = await frameWith((f) => f.includes('ROLL BACK api?'), 'the rollback preview');
    expect(preview).toContain('confirm rollback in prod-eu');
    await harness!.press('api');
    await harness!.press('\r');
    await frameWith((f) => f.includes('rollback of api to v6 started'), 'started');
    // The run followed above the deploys names its context.
    await frameWith((f) => /ROLLBACK .*prod-eu\/api v7 → v6/.test(f), 'the run line');
    expect(euCi.calls('POST', DISPATCH).map((r) => r.json)).toEqual([{ref: 'main', inputs: {service: 'api', version: 'v6'}, return_run_details: true}]);
    expect(usCi.calls('POST', DISPATCH)).toEqual([]);
    expect([...euCi.problems, ...usCi.problems]).toEqual([]);
  }, 60_000);

  it('names a production context as PROD in the typed confirmation of a rollback from its row, and sends nothing on Esc', async () => {
    await render();
    await frameWith((f) => f.includes('v7') && f.includes('v42'), 'the deploys');
    await harness!.press('3');
    // prod-eu's api v7 first (newer), then prod-us' checkout v42.
    await harness!.press('g');
    await harness!.press('j');
    await harness!.press('R');
    const preview = await frameWith((f) => f.includes('ROLL BACK checkout?'), 'the rollback preview');
    expect(preview).toContain('confirm rollback in PROD prod-us');
    await harness!.press('\u001b');
    expect(usCi.calls('POST', DISPATCH)).toEqual([]);
  }, 60_000);

  it('marks only prod-us stale with its age when its Prometheus stops, and recovers when it is back', async () => {
    await render();
    await frameWith((f) => /PROD prod-us .*PAGE/.test(f) && /prod-eu .*OK/.test(f), 'both SLOs');
    await us.stopPrometheus();
    const down = await frameWith((f) => /PROD prod-us .*STALE \d+s/.test(f) && /PROD prod-us ✖/.test(f.split('\n')[0] ?? ''), 'prod-us stale', 30_000);
    expect(linesWith(down, 'checkout-availability').filter((l) => l.includes('prod-eu')).every((l) => !l.includes('STALE'))).toBe(true);
    expect(down.split('\n')[0]).toMatch(/│ prod-eu ✔/);
    // Last good data kept: the page is still shown, marked stale.
    expect(linesWith(down, 'PROD prod-us').some((l) => /STALE \d+s.*PAGE/.test(l))).toBe(true);
    await us.restartPrometheus();
    await frameWith((f) => /PROD prod-us .*PAGE/.test(f) && !/STALE/.test(f) && /│ PROD prod-us ✔/.test(f.split('\n')[0] ?? ''), 'prod-us back', 60_000);
  }, 120_000);
});
