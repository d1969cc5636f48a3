/**
 * The runtime's clock follows every backend, not only Prometheus and Alertmanager: a context
 * whose only backends are a PagerDuty alert source and a GitHub deploy history learns from their
 * `Date` headers that this machine's clock is off, and so does one reading only Grafana's alerts. Before, their clients were given no clock log,
 * so such a context ran on the machine's clock and compared their times with the wrong one.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {githubDeploysYaml} from '../helpers/github-context.ts';
import {startLocalServer} from '../sources/http/local-server.ts';
import {tempDir} from './cli-fixtures.ts';

const TEN_MINUTES = 10 * 60_000;
const GH_TOKEN = 'gh-token';
const PD_TOKEN = 'pd-token';

let runtime: Runtime | null = null;
let tmp: ReturnType<typeof tempDir> | null = null;
let pd: FakePagerduty | null = null;
let github: FakeCi | null = null;

afterEach(async () => {
  await runtime?.close();
  runtime = null;
  tmp?.cleanup();
  tmp = null;
  expect([...(pd?.fake.problems ?? []), ...(github?.problems ?? [])]).toEqual([]);
  await Promise.all([pd?.close(), github?.close()]);
  pd = github = null;
});

/** The runtime of one context holding `yaml`'s blocks and nothing else (no Prometheus, no Alertmanager). */
async function load(yaml: string): Promise<Runtime> {
  tmp = tempDir();
  const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n${yaml}`);
  const made = await configRuntime({command: 'alerts', config, demo: false, readOnly: false, json: false} as CliArgs, {HOME: tmp.dir, GH_TOKEN, PD_TOKEN}, Date.now);
  if (typeof made === 'string') throw new Error(made);
  return made;
}

const pagerdutyYaml = (url: string) => `    alertSources:
      - kind: pagerduty
        name: pd
        apiUrl: ${url}
        tokenEnv: PD_TOKEN
        from: alice@example.com
        serviceIds: [PSVC]
`;

/** The skew is whole seconds, within the header's one-second resolution of the fake's shift. */
function expectSkewNear(skewMs: number, shiftMs: number): void {
  expect(Math.abs(skewMs - shiftMs)).toBeLessThanOrEqual(1_000);
}

describe('the runtime clock follows PagerDuty and CI/CD backends', () => {
  it('a PagerDuty-only context whose answers are 10 minutes ahead: the runtime clock is 10 minutes ahead', async () => {
    pd = await startFakePagerduty(PD_TOKEN, [{id: 'P1', number: 3, title: 'checkout down', status: 'triggered', serviceId: 'PSVC', serviceName: 'Shop'}]);
    pd.fake.dateShiftMs = TEN_MINUTES;
    runtime = await load(pagerdutyYaml(pd.url));
    const source = runtime.composed.services.alertSources;
    expect(source.map((s) => s.kind)).toEqual(['pagerduty']);
    const {value} = await source[0]!.capabilities.listAlerts();
    expect(value.map((a) => a.incident?.number)).toEqual([3]);
    expectSkewNear(runtime.clockSkew(), TEN_MINUTES);
    expect(Math.abs(runtime.settings.now() - (Date.now() + TEN_MINUTES))).toBeLessThanOrEqual(1_500);
  });

  it('a context whose only backend is a GitHub deploy history 10 minutes ahead: the runtime clock is 10 minutes ahead', async () => {
    github = await startFakeCi({flavor: 'github', token: GH_TOKEN});
    github.route('GET', '/repos/{owner}/{repo}/deployments', {body: []});
    github.dateShiftMs = TEN_MINUTES;
    runtime = await load(githubDeploysYaml(github.url));
    const deploys = runtime.composed.services.deploySource;
    expect(deploys?.name).toBe('github');
    await deploys!.capabilities.listDeploys();
    expect(github.calls('GET', '/repos/{owner}/{repo}/deployments')).toHaveLength(1);
    expectSkewNear(runtime.clockSkew(), TEN_MINUTES);
  });

  it('a Grafana-only context (its Alertmanager API, reached with a token) 10 minutes ahead: the runtime clock is 10 minutes ahead', async () => {
    // No alerts: what counts is the answer's Date, set by hand where Node would set its own.
    const grafana = await startLocalServer((_req, res) => res.writeHead(200, {'content-type': 'application/json', date: new Date(Date.now() + TEN_MINUTES).toUTCString()}).end('[]'));
    try {
      runtime = await load(`    alertSources:\n      - {kind: grafana, url: ${grafana.url}, tokenEnv: GH_TOKEN}\n`);
      const {value} = await runtime.composed.services.alertSources[0]!.capabilities.listAlerts();
      expect(value).toEqual([]);
      expectSkewNear(runtime.clockSkew(), TEN_MINUTES);
    } finally {
      await grafana.close();
    }
  });

  it('backends on time leave the clock alone', async () => {
    pd = await startFakePagerduty(PD_TOKEN, []);
    runtime = await load(pagerdutyYaml(pd.url));
    await runtime.composed.services.alertSources[0]!.capabilities.listAlerts();
    expect(runtime.clockSkew()).toBe(0);
  });
});
