/**
 * `maxConcurrentRequests` bounds the polls of every backend kind, not only Prometheus' and
 * Alertmanager's: contexts each reading a PagerDuty, a Grafana and a GitHub deploy history keep
 * at most that many reads in flight across all of them. Before, those clients were given no
 * gate, so twenty such contexts opened sixty connections at once whatever the config said.
 * Actions are not held behind the polls: a PagerDuty acknowledge, an Argo CD rollback (whose
 * backend reads the application before it posts) and an Alertmanager ack (which reads the
 * silences to find its own earlier one before it posts) go while the gate is full of slow reads.
 */
import http from 'node:http';
import {QueryClient} from '@tanstack/query-core';
import {afterEach, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {argoApp} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {startFakeGrafana, type FakeGrafana} from '../helpers/fake-grafana.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {githubDeploysYaml} from '../helpers/github-context.ts';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import {tempDir} from './cli-fixtures.ts';

const GH_TOKEN = 'gh-token';
const PD_TOKEN = 'pd-token';
const CONTEXTS = ['eu', 'us', 'ap'];

/** What every front saw together: requests in flight now, the most at once, reads answered. */
interface Tally {
  now: number;
  max: number;
  readsDone: number;
}

let runtime: Runtime | null = null;
let tmp: ReturnType<typeof tempDir> | null = null;
let pd: FakePagerduty | null = null;
let grafana: FakeGrafana | null = null;
let github: FakeCi | null = null;
let argo: FakeCi | null = null;
const fronts: LocalServer[] = [];

afterEach(async () => {
  await runtime?.close();
  runtime = null;
  tmp?.cleanup();
  tmp = null;
  await Promise.all(fronts.splice(0).map((f) => f.close()));
  expect([...(pd?.fake.problems ?? []), ...(grafana?.problems ?? []), ...(github?.problems ?? []), ...(argo?.problems ?? [])]).toEqual([]);
  await Promise.all([pd?.close(), grafana?.close(), github?.close(), argo?.close()]);
  pd = grafana = github = argo = null;
});

const SKIPPED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * A front on a port of its own that counts the requests it holds in `tally`, holds a read (GET)
 * `readMs` (or until `readMs` settles) before passing it to `upstream` with its headers and
 * body, and passes anything else at once. Each front is an origin of its own: a backend of one
 * context.
 */
async function front(upstream: string, tally: Tally, readMs: number | Promise<void>): Promise<string> {
  const server = await startLocalServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const read = req.method === 'GET';
    tally.now++;
    tally.max = Math.max(tally.max, tally.now);
    // The server noted this request (its body read) just before calling here.
    const body = server.requests.at(-1)?.body ?? '';
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !SKIPPED.has(name)).map(([name, value]) => [name, String(value)]));
    void (async () => {
      if (read) await (typeof readMs === 'number' ? new Promise((resolve) => setTimeout(resolve, readMs)) : readMs);
      const answer = await fetch(`${upstream}${req.url ?? '/'}`, {method: req.method, headers, body: read || body === '' ? undefined : body});
      const text = await answer.text();
      tally.now--;
      if (read) tally.readsDone++;
      res.writeHead(answer.status, answer.headers.get('content-type') ? {'content-type': answer.headers.get('content-type')!} : {}).end(text);
    })();
  });
  fronts.push(server);
  return server.url;
}

/** Three contexts, each with a PagerDuty, a Grafana and a GitHub deploy history of its own front; `extra` per context. */
async function load(tally: Tally, readMs: number | Promise<void>, extra: (ctx: string) => Promise<string> = async () => ''): Promise<Runtime> {
  pd = await startFakePagerduty(PD_TOKEN, [{id: 'P1', number: 3, title: 'checkout down', status: 'triggered', serviceId: 'PSVC', serviceName: 'Shop'}]);
  grafana = await startFakeGrafana(GH_TOKEN, [{fingerprint: '0123456789abcdef', labels: {alertname: 'CheckoutLatencyHigh', severity: 'warning'}, annotations: {}, startsAt: new Date().toISOString()}]);
  github = await startFakeCi({flavor: 'github', token: GH_TOKEN});
  github.route('GET', '/repos/{owner}/{repo}/deployments', {body: []});
  const blocks: string[] = [];
  for (const name of CONTEXTS) {
    blocks.push(`  - name: ${name}
    alertSources:
      - kind: pagerduty
        name: pd
        apiUrl: ${await front(pd.url, tally, readMs)}
        tokenEnv: PD_TOKEN
        from: alice@example.com
        serviceIds: [PSVC]
      - {kind: grafana, name: grafana, url: ${await front(grafana.url, tally, readMs)}, tokenEnv: GH_TOKEN}
${githubDeploysYaml(await front(github.url, tally, readMs))}${await extra(name)}`);
  }
  tmp = tempDir();
  const config = tmp.write('config.yaml', `current-context: eu\nmaxConcurrentRequests: 2\ncontexts:\n${blocks.join('')}`);
  const made = await configRuntime({command: 'alerts', config, demo: false, readOnly: false, json: false, allContexts: true} as CliArgs, {HOME: tmp.dir, GH_TOKEN, PD_TOKEN}, Date.now);
  if (typeof made === 'string') throw new Error(made);
  expect(made.members.map((m) => m.composed.services.context)).toEqual(CONTEXTS);
  return made;
}

/** One poll of every context's alert sources and deploy history, at once. */
function pollAll(r: Runtime): Promise<unknown[]> {
  return Promise.all(r.members.flatMap((m) => [...m.composed.services.alertSources.map((s) => s.capabilities.listAlerts()), m.composed.services.deploySource!.capabilities.listDeploys()]));
}

describe('maxConcurrentRequests bounds the reads of every backend kind', () => {
  it('three contexts polling PagerDuty, Grafana and GitHub together keep at most 2 reads in flight', async () => {
    const tally: Tally = {now: 0, max: 0, readsDone: 0};
    runtime = await load(tally, 60);
    const answers = (await pollAll(runtime)) as Array<{value: Array<{incident?: {number: number}; labels?: Record<string, string>}>}>;
    // Every read answered in full: PagerDuty's incident, Grafana's alert, GitHub's empty history.
    expect(answers.map((a) => a.value.length)).toEqual(CONTEXTS.flatMap(() => [1, 1, 0]));
    expect(answers.filter((_, i) => i % 3 === 0).map((a) => a.value[0]?.incident?.number)).toEqual([3, 3, 3]);
    // PagerDuty: the incidents and the incident's alerts; Grafana: its alerts; GitHub: the deployments.
    expect(tally.readsDone).toBe(CONTEXTS.length * 4);
    expect(tally.max).toBeLessThanOrEqual(2);
    // Bounded, not one by one: reads of different backends did overlap.
    expect(tally.max).toBe(2);
  });

  it('a PagerDuty acknowledge, an Argo CD rollback and an Alertmanager ack go while the gate is full of slow reads', async () => {
    const tally: Tally = {now: 0, max: 0, readsDone: 0};
    argo = await startFakeCi({flavor: 'argocd', token: GH_TOKEN});
    const history = [
      {id: 1, revision: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', deployedAt: '2026-05-01T09:00:00Z'},
      {id: 2, revision: '3333333ccccccccccccccccccccccccccccccccc', deployedAt: '2026-05-04T09:00:00Z'},
    ];
    argo.route('GET', '/api/v1/applications/{name}', {body: argoApp({name: 'checkout-prod', history})});
    argo.route('POST', '/api/v1/applications/{name}/rollback', {body: argoApp({name: 'checkout-prod', history, operation: true})});
    // Argo CD and context ap's Alertmanager (Grafana's, reached as a plain Alertmanager) answer
    // at once (a tally of their own): an action whose read queued in the gate would still wait
    // for the polls ahead of it, slow waves of two.
    const quick: Tally = {now: 0, max: 0, readsDone: 0};
    const argoUrl = await front(argo.url, quick, 0);
    // The slow reads are held until the actions are done, not for a fixed time: on a loaded
    // machine the three actions could outlast any fixed hold and a read would end meanwhile.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    runtime = await load(tally, held, async (ctx) =>
      ctx !== 'ap'
        ? ''
        : `    rollback: {provider: argocd, apiUrl: '${argoUrl}', app: checkout-prod, tokenEnv: GH_TOKEN}
    alertmanagers:
      - {name: am-now, url: '${await front(grafana!.url, quick, 0)}', pathPrefix: /api/alertmanager/grafana, bearerTokenEnv: GH_TOKEN}
`,
    );
    const polls = pollAll(runtime);
    // Wait until the gate is full: two slow reads in flight, the other ten queued behind them.
    while (tally.now < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const pagerduty = runtime.members[1]!.composed.services.alertSources.find((s) => s.kind === 'pagerduty')!.capabilities as {acknowledgeIncident(id: string): Promise<void>};
    await pagerduty.acknowledgeIncident('P1');
    expect(tally.readsDone).toBe(0);
    expect(pd!.acks()).toHaveLength(1);
    const plan: RollbackPlan = {service: 'checkout', environment: 'checkout-prod', fromVersion: '3333333', toVersion: '2222222', description: 'roll back checkout', idempotencyKey: `oncall:ap:checkout:checkout-prod:3333333->2222222:${Date.now()}`};
    const run = await runtime.members[2]!.composed.services.rollbacker!.capabilities.rollback(plan);
    expect(argo.calls('GET', '/api/v1/applications/{name}')).toHaveLength(1);
    expect(argo.calls('POST', '/api/v1/applications/{name}/rollback')).toHaveLength(1);
    expect(run.status).toBe('queued');
    expect(tally.readsDone).toBe(0);
    const ap = runtime.members[2]!.composed.services;
    const alert = makeAlert({fingerprint: 'f1', name: 'CheckoutLatencyHigh', labels: {alertname: 'CheckoutLatencyHigh', severity: 'warning'}, seenBy: ['am-now']});
    const {drafts} = planAck([alert], [alert], {volatileLabels: [], durationMs: 15 * 60_000, author: 'alice@bastion', prefix: 'ACK!', comment: 'on it', now: Date.now()});
    const outcome = await runSilenceMutation(new QueryClient(), ackMutationOptions(ap, {record: async () => undefined, now: Date.now}), ackVariables(ap, drafts));
    expect(outcome.results.map((r) => [r.source, r.ok])).toEqual([['am-now', true]]);
    expect(grafana!.requests.filter((r) => r.method === 'POST').map((r) => (r.json as {comment: string}).comment)).toEqual(['ACK! on it']);
    expect(tally.readsDone).toBe(0);
    release();
    await polls;
  });
});
