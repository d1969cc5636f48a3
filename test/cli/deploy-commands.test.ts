import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parseArgs} from '../../src/cli/args.ts';
import {main} from '../../src/cli/main.ts';
import type {EndSignal, RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {argoApp, githubDeployment, githubDispatchDetails, githubRun, githubStatus} from '../helpers/fake-ci-bodies.ts';
import {errorBody, sequence, startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {run, tempDir} from './cli-fixtures.ts';
import {githubDeploysYaml, githubRollbackYaml} from '../helpers/github-context.ts';
import {fakeToken} from '../helpers/fake-tokens.ts';

const TOKEN = fakeToken('ghp_', 36, 21);
const NOW = Date.parse('2026-05-04T10:00:00Z');
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
// v2.13.2's own commit: a rollback to the running commit under another tag would change nothing.
const SHA_PREV = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';
const KEY = `oncall:prod:checkout:production:v2.14.0->v2.13.2:${NOW}`;

let tmp: ReturnType<typeof tempDir>;
let fake: FakeCi;

/** The checkout history on the fake GitHub: v2.14.0 12 minutes ago, v2.13.2 two days before. */
function routeHistory(): void {
  fake.route('GET', '/repos/{owner}/{repo}/deployments', {
    body: [
      githubDeployment({id: 1187, sha: SHA, ref: 'v2.14.0', environment: 'production', createdAt: '2026-05-04T09:48:00Z', login: 'storefront-dev'}),
      githubDeployment({id: 1181, sha: SHA_PREV, ref: 'v2.13.2', environment: 'production', createdAt: '2026-05-02T09:48:00Z', login: 'release-bot'}),
    ],
  });
  fake.route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', (req) => ({
    body: [githubStatus({id: Number(req.path.split('/')[5]), state: 'success', createdAt: '2026-05-02T09:50:00Z', logUrl: 'https://ci.example/logs/1'})],
  }));
}

const rollbackYaml = (url: string) => githubRollbackYaml(url, '2s');

/** The GitHub deploy history of a context. */
const deploysYaml = (url: string) => githubDeploysYaml(url, '2s');

function configFile(url: string): string {
  const deploys = deploysYaml(url);
  return tmp.write(
    'config.yaml',
    `current-context: prod
contexts:
  - name: prod
${deploys}${rollbackYaml(url)}  - name: frozen
    readOnly: true
${deploys}${rollbackYaml(url)}  - name: bare
${rollbackYaml(url)}`,
  );
}

const SHA_OLD = '5f0c2d1e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
const SHA_NEW = '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c';

/** A context `prod` with history and a rollback whose inputs ask for `{{sha}}`, and `bare` without history. */
function shaConfigFile(url: string): string {
  const rollback = rollbackYaml(url).replace(/inputs: .*/, "inputs: {version: '{{version}}', sha: '{{sha}}'}");
  return tmp.write(
    'config-sha.yaml',
    `current-context: prod
contexts:
  - name: prod
${deploysYaml(url)}${rollback}  - name: bare
${rollback}`,
  );
}

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state'), GH_TOKEN: TOKEN});
const logEntries = () => readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'));

/** A terminal whose stdin is a TTY or not, whose sleeps are instant, and whose Ctrl-C and end signals the test sends. */
function terminal(opts: {tty: boolean; typed?: string}): RollbackTerminal & {stdin: PassThrough; sleeps: number[]; interrupt(): void; end(signal: EndSignal): void} {
  const stdin = Object.assign(new PassThrough(), {isTTY: opts.tty});
  if (opts.typed !== undefined) stdin.end(opts.typed);
  const handlers = new Set<() => void>();
  const enders = new Set<(signal: EndSignal) => void>();
  const sleeps: number[] = [];
  return {
    stdin,
    sleeps,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => void handlers.delete(handler);
    },
    onEnd(handler) {
      enders.add(handler);
      return () => void enders.delete(handler);
    },
    sleep: async (ms) => void sleeps.push(ms),
    interrupt: () => handlers.forEach((h) => h()),
    end: (signal) => enders.forEach((h) => h(signal)),
  };
}

async function cli(argv: string[], term: Partial<RollbackTerminal> = terminal({tty: false})): Promise<{code: number; out: string; err: string}> {
  let out = '';
  let err = '';
  const code = await main(argv, {USER: 'tester', LANG: 'C.UTF-8', ...env()}, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: term});
  return {code, out, err};
}

beforeEach(async () => {
  tmp = tempDir();
  fake = await startFakeCi({flavor: 'github', token: TOKEN});
  routeHistory();
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
  tmp.cleanup();
});

describe('oncall rollback', () => {
  it('--yes: prints the plan, dispatches exactly once with the rendered inputs, follows the run to done, logs every step', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(555)});
    fake.route('GET', RUN, sequence([{body: githubRun({id: 555, status: 'in_progress'})}, {body: githubRun({id: 555, status: 'completed', conclusion: 'success'})}]));
    const config = configFile(fake.url);
    const term = terminal({tty: false});
    const {code, out, err} = await cli(['rollback', 'checkout', '--yes', '--config', config], term);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'Rollback of checkout in production (context prod):',
        '  provider    github-actions',
        '  from        v2.14.0  (deploy 1187, 12m ago by storefront-dev)',
        '  to          v2.13.2  (deploy 1181, 2d ago by release-bot)',
        `  request id  ${KEY}`,
        '  sends       workflow_dispatch of rollback.yml in acme/shop on ref main',
        `              POST ${fake.url}/repos/acme/shop/actions/workflows/rollback.yml/dispatches`,
        '              input service = "checkout"',
        '              input version = "v2.13.2"',
        '              input environment = "production"',
        "              no oncall_request_id input: if GitHub answers without the run's id (older GitHub Enterprise), its run will not be followable from here; to make it so, add oncall_request_id to the workflow's inputs and run-name and to the rollback's inputs",
        'calling github-actions…',
        'called github-actions: run 555 queued https://github.com/acme/shop/actions/runs/555',
        'following the run every 2s (Ctrl-C stops following; the run keeps going):',
        '  queued',
        '  running',
        '  done',
        'rollback of checkout to v2.13.2 done: https://github.com/acme/shop/actions/runs/555',
        '',
      ].join('\n'),
    );
    expect(err).toBe(`(attempt and result logged to ${join(tmp.dir, 'state', 'oncall', 'actions.jsonl')})\n`);
    expect(term.sleeps).toEqual([2000, 2000]);
    const posts = fake.calls('POST', DISPATCH);
    expect(posts.map((p) => p.json)).toEqual([{ref: 'main', inputs: {service: 'checkout', version: 'v2.13.2', environment: 'production'}, return_run_details: true}]);
    expect(fake.calls('GET', RUN)).toHaveLength(2);
    const entries = await logEntries();
    expect(entries.map((e) => [e.action, e.phase, e.source, e.error])).toEqual([
      ['rollback', 'attempt', 'github-actions', undefined],
      ['rollback', 'success', 'github-actions', undefined],
      ['rollback-watch', 'success', 'github-actions', undefined],
    ]);
    expect(entries[0]?.target).toEqual({service: 'checkout', environment: 'production', from: 'v2.14.0', to: 'v2.13.2', idempotencyKey: KEY});
    expect(entries[2]?.details).toEqual({runId: '555', status: 'success', url: 'https://github.com/acme/shop/actions/runs/555'});
    // The token went to the server and nowhere else.
    expect(posts[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(`${out}${err}${JSON.stringify(entries)}`).not.toContain(TOKEN);
  });

  it('without --yes and without a TTY: refuses with exit 2, says why, and calls nothing', async () => {
    const config = configFile(fake.url);
    const {code, out, err} = await cli(['rollback', 'checkout', '--config', config], terminal({tty: false}));
    expect(code).toBe(2);
    expect(out).toContain('Rollback of checkout in production (context prod):');
    expect(err).toBe('rollback: stdin is not a terminal, so nobody can type the confirmation; add --yes to confirm from a script (nothing was called)\n');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    expect(await logEntries()).toEqual([]);
  });

  it('on a TTY asks for the service name: the right name rolls back once, anything else cancels', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(556)});
    fake.route('GET', RUN, {body: githubRun({id: 556, status: 'completed', conclusion: 'success'})});
    const config = configFile(fake.url);
    const wrong = await cli(['rollback', 'checkout', '--config', config], terminal({tty: true, typed: 'checkou\n'}));
    expect([wrong.code, wrong.err]).toEqual([1, 'Type "checkout" and Enter to roll back (anything else cancels): rollback: cancelled; nothing was called\n']);
    const closed = await cli(['rollback', 'checkout', '--config', config], terminal({tty: true, typed: ''}));
    expect(closed.code).toBe(1);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
    const right = await cli(['rollback', 'checkout', '--config', config], terminal({tty: true, typed: 'checkout\n'}));
    expect(right.code).toBe(0);
    expect(right.out).toContain('  done\nrollback of checkout to v2.13.2 done');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('a run started before with no outcome logged (another process following it, or one that died) is named; only a typed confirmation starts another', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(560)});
    const term = terminal({tty: false});
    fake.route('GET', RUN, () => {
      term.interrupt();
      return {body: githubRun({id: 560, status: 'in_progress'})};
    });
    const config = configFile(fake.url);
    // Stopped following with Ctrl-C: the run keeps going, its end is not known.
    expect((await cli(['rollback', 'checkout', '--yes', '--config', config], term)).code).toBe(1);
    const scripted = await cli(['rollback', 'checkout', '--yes', '--config', config]);
    expect(scripted.code).toBe(1);
    expect(scripted.out).toContain('(run 560 https://github.com/acme/shop/actions/runs/560) has no outcome logged yet: it may still be running');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    fake.route('GET', RUN, {body: githubRun({id: 561, status: 'completed', conclusion: 'success'})});
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(561)});
    const typed = await cli(['rollback', 'checkout', '--config', config], terminal({tty: true, typed: 'checkout\n'}));
    expect(typed.out).toContain('has no outcome logged yet');
    expect(typed.code).toBe(0);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(2);
    expect((await logEntries()).filter((e) => e.action === 'rollback-watch').map((e) => [e.details?.['runId'], e.phase])).toEqual([['560', 'failure'], ['561', 'success']]);
  });

  it('--dry-run prints the plan and calls nothing', async () => {
    const config = configFile(fake.url);
    const {code, out} = await cli(['rollback', 'checkout', '--dry-run', '--config', config]);
    expect(code).toBe(0);
    expect(out).toContain('  sends       workflow_dispatch of rollback.yml in acme/shop on ref main\n');
    expect(out.endsWith('dry run: nothing was called (github-actions has no server-side dry run)\n')).toBe(true);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(await logEntries()).toEqual([]);
  });

  it('a read-only context refuses with exit 2 and the reason, before any request', async () => {
    const config = configFile(fake.url);
    const {code, out, err} = await cli(['rollback', 'checkout', '--yes', '--context', 'frozen', '--config', config]);
    expect([code, out]).toEqual([2, '']);
    expect(err).toBe('rollback: context frozen is read-only (readOnly: true in the config, or --read-only); nothing was called\n');
    expect(fake.requests).toHaveLength(0);
  });

  it('--to VERSION works on a context with only a rollback provider (from: unknown)', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(557)});
    fake.route('GET', RUN, {body: githubRun({id: 557, status: 'completed', conclusion: 'success'})});
    const config = configFile(fake.url);
    const {code, out} = await cli(['rollback', 'checkout', '--to', 'v2.12.0', '--environment', 'production', '--yes', '--context', 'bare', '--config', config]);
    expect(code).toBe(0);
    expect(out).toContain('  from        unknown  (no deploy history)\n  to          v2.12.0  (no deploy history)\n');
    expect(out).toContain(`  request id  oncall:bare:checkout:production:unknown->v2.12.0:${NOW}\n`);
    expect(fake.calls('POST', DISPATCH).map((p) => p.json)).toEqual([
      {ref: 'main', inputs: {service: 'checkout', version: 'v2.12.0', environment: 'production'}, return_run_details: true},
    ]);
    expect(fake.calls('GET', '/repos/{owner}/{repo}/deployments')).toHaveLength(0);
  });

  it('--to VERSION needs no environment when no template uses {{environment}}: exactly one dispatch', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(561)});
    fake.route('GET', RUN, {body: githubRun({id: 561, status: 'completed', conclusion: 'success'})});
    const lean = rollbackYaml(fake.url).replace(/inputs: .*/, "inputs: {service: '{{service}}', version: '{{ version }}'}");
    const config = tmp.write('config-lean.yaml', `current-context: lean\ncontexts:\n  - name: lean\n${lean}`);
    const {code, out, err} = await cli(['rollback', 'checkout', '--to', 'v2.13.0', '--yes', '--config', config]);
    expect(code).toBe(0);
    expect(err).not.toContain('which environment');
    expect(out).toContain('Rollback of checkout (no environment: the rollback sends none) (context lean):\n');
    expect(out).toContain(`  request id  oncall:lean:checkout::unknown->v2.13.0:${NOW}\n`);
    expect(fake.calls('POST', DISPATCH).map((p) => p.json)).toEqual([{ref: 'main', inputs: {service: 'checkout', version: 'v2.13.0'}, return_run_details: true}]);
    expect((await logEntries()).map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'success'],
      ['rollback-watch', 'success'],
    ]);
  });

  it('fills {{sha}} with the commit of the target deploy when its version is a tag (v1.4.2)', async () => {
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [
        githubDeployment({id: 1190, sha: SHA_NEW, ref: 'v1.4.3', environment: 'production', createdAt: '2026-05-04T09:48:00Z', login: 'storefront-dev'}),
        githubDeployment({id: 1189, sha: SHA_OLD, ref: 'v1.4.2', environment: 'production', createdAt: '2026-05-02T09:48:00Z', login: 'release-bot'}),
      ],
    });
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(560)});
    fake.route('GET', RUN, {body: githubRun({id: 560, status: 'completed', conclusion: 'success'})});
    const config = shaConfigFile(fake.url);
    const {code, out} = await cli(['rollback', 'checkout', '--yes', '--config', config]);
    expect(code).toBe(0);
    expect(out).toContain(`              input version = "v1.4.2"\n              input sha = "${SHA_OLD}"\n`);
    expect(fake.calls('POST', DISPATCH).map((p) => p.json)).toEqual([{ref: 'main', inputs: {version: 'v1.4.2', sha: SHA_OLD}, return_run_details: true}]);
  });

  it('--to VERSION takes {{sha}} from the history when it knows that version, else only from a hex VERSION', async () => {
    fake.route('GET', '/repos/{owner}/{repo}/deployments', {
      body: [
        githubDeployment({id: 1190, sha: SHA_NEW, ref: 'v1.4.3', environment: 'production', createdAt: '2026-05-04T09:48:00Z', login: 'storefront-dev'}),
        githubDeployment({id: 1189, sha: SHA_OLD, ref: 'v1.4.2', environment: 'production', createdAt: '2026-05-02T09:48:00Z', login: 'release-bot'}),
      ],
    });
    const config = shaConfigFile(fake.url);
    const known = await cli(['rollback', 'checkout', '--to', 'v1.4.2', '--dry-run', '--config', config]);
    expect(known.out).toContain(`              input sha = "${SHA_OLD}"\n`);
    // Without history, as before: a tag is no commit, a hex version is.
    const bare = await cli(['rollback', 'checkout', '--to', 'v1.4.2', '--environment', 'production', '--dry-run', '--context', 'bare', '--config', config]);
    expect(bare.out).toContain('cannot render the inputs: input sha: {{sha}} needs a commit sha, but the target version is "v1.4.2"; use {{version}}\n');
    const hex = await cli(['rollback', 'checkout', '--to', 'a84d88e', '--environment', 'production', '--dry-run', '--context', 'bare', '--config', config]);
    expect(hex.out).toContain('              input sha = "a84d88e"\n');
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('usage problems exit 2: no history and no --to, no environment, an unknown service', async () => {
    const config = configFile(fake.url);
    const bare = await cli(['rollback', 'checkout', '--yes', '--context', 'bare', '--config', config]);
    expect([bare.code, bare.err]).toEqual([2, 'rollback: context bare has no deploy history (deploys: in the config) to find the previous version in; name it with --to VERSION\n']);
    const noEnv = await cli(['rollback', 'checkout', '--to', 'v1', '--yes', '--context', 'bare', '--config', config]);
    // The error names the template that needs the environment.
    expect([noEnv.code, noEnv.err]).toEqual([2, 'rollback: which environment? context bare does not name one and rollback input environment uses {{environment}}: give --environment ENV\n']);
    const unknown = await cli(['rollback', 'cart', '--yes', '--config', config]);
    expect([unknown.code, unknown.err]).toEqual([2, 'rollback: no deploy of cart in the history of context prod (services: checkout)\n']);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(0);
  });

  it('a 422 from GitHub fails with exit 1 and the provider message, logged as attempt and failure', async () => {
    fake.route('POST', DISPATCH, {status: 422, body: errorBody('github', 422, 'Unexpected inputs provided: ["environment"]')});
    const config = configFile(fake.url);
    const {code, err} = await cli(['rollback', 'checkout', '--yes', '--config', config]);
    expect(code).toBe(1);
    expect(err).toContain('rollback failed: bad-response: github-actions acme/shop rollback.yml: rejected (HTTP 422): Unexpected inputs provided: ["environment"]');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    const entries = await logEntries();
    expect(entries.map((e) => [e.action, e.phase])).toEqual([
      ['rollback', 'attempt'],
      ['rollback', 'failure'],
    ]);
    expect(entries[1]?.error).toContain('Unexpected inputs provided: ["environment"]');
  });

  it('Ctrl-C while following leaves the run running and says so (exit 1, logged)', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(558)});
    const term = terminal({tty: false});
    fake.route('GET', RUN, () => {
      term.interrupt();
      return {body: githubRun({id: 558, status: 'in_progress'})};
    });
    const config = configFile(fake.url);
    const {code, out, err} = await cli(['rollback', 'checkout', '--yes', '--config', config], term);
    expect(code).toBe(1);
    expect(out).toContain('  queued\n  running\n');
    expect(err).toContain('Ctrl-C: stopping; a rollback already sent keeps going in the CI system');
    expect(err).toContain('rollback: stopped following (Ctrl-C); run 558 keeps going in github-actions: https://github.com/acme/shop/actions/runs/558\n');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    const watch = (await logEntries()).at(-1);
    expect([watch?.action, watch?.phase, watch?.error]).toEqual(['rollback-watch', 'failure', 'stopped following (Ctrl-C); the run keeps going']);
  });

  it('SIGTERM while a read of the run hangs: stops at once, logs the run as no longer followed, exit 143', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(562)});
    const term = terminal({tty: false});
    fake.route('GET', RUN, () => {
      // The read is in flight and never answered: the stop must not wait for its 2 s timeout.
      setTimeout(() => term.end('SIGTERM'), 50);
      return {hang: true};
    });
    const config = configFile(fake.url);
    const started = performance.now();
    const {code, out, err} = await cli(['rollback', 'checkout', '--yes', '--config', config], term);
    expect(code).toBe(143);
    expect(out).toContain('\nSIGTERM (asked to stop): stopping; a rollback already sent keeps going in the CI system\n');
    expect(err).toContain('rollback: stopped following (SIGTERM: asked to stop); run 562 keeps going in github-actions: https://github.com/acme/shop/actions/runs/562\n');
    expect(err).not.toContain('could not read the run');
    const watch = (await logEntries()).at(-1);
    expect(watch).toMatchObject({action: 'rollback-watch', phase: 'failure', error: 'stopped following (SIGTERM: asked to stop); the run keeps going', details: {runId: '562', status: 'queued'}});
    // Only closing the client waits for the hanging read, up to its 2 s timeout.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
  });

  it('stops following after 10 minutes of polls, or after five failed reads in a row; the run is left alone', async () => {
    fake.route('POST', DISPATCH, {status: 200, body: githubDispatchDetails(559)});
    fake.route('GET', RUN, {body: githubRun({id: 559, status: 'in_progress'})});
    const config = configFile(fake.url);
    const slow = terminal({tty: false});
    const long = await cli(['rollback', 'checkout', '--yes', '--config', config], slow);
    expect(long.code).toBe(1);
    expect(slow.sleeps).toHaveLength(300);
    expect(long.err).toContain('rollback: still running after 10m, stopped following; run 559 keeps going in github-actions: https://github.com/acme/shop/actions/runs/559\n');
    // Run 559 keeps going and nothing says it ended: a second rollback is not sent with --yes.
    const again = await cli(['rollback', 'checkout', '--yes', '--config', config]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('⚠ a rollback of checkout in production started at 10:00Z (run 559 https://github.com/acme/shop/actions/runs/559) has no outcome logged yet: it may still be running\n');
    expect(again.err).toContain('rollback: not starting a second rollback of checkout with --yes while run 559 may still be running');
    expect(fake.calls('POST', DISPATCH)).toHaveLength(1);
    rmSync(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'));
    fake.route('GET', RUN, {status: 503, body: errorBody('github', 503, 'Service Unavailable')});
    const lost = await cli(['rollback', 'checkout', '--yes', '--config', config]);
    // The run could no longer be read: a failed source (3), not a failed rollback.
    expect(lost.code).toBe(3);
    expect(lost.err).toContain('  could not read the run (5/5): unavailable: github-actions acme/shop rollback.yml: server error (HTTP 503): Service Unavailable\n');
    expect(lost.err).toContain('rollback: lost track of the run: unavailable: github-actions acme/shop rollback.yml: server error (HTTP 503): Service Unavailable; run 559 keeps going');
    // One dispatch per command: polling never re-sends.
    expect(fake.calls('POST', DISPATCH)).toHaveLength(2);
  });
});

describe('oncall rollback --dry-run on Argo CD', () => {
  it('asks Argo CD with dryRun: true and rolls nothing back', async () => {
    const argo = await startFakeCi({flavor: 'argocd', token: TOKEN});
    try {
      const history = [
        {id: 6, revision: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', deployedAt: '2026-05-02T09:00:00Z'},
        {id: 7, revision: '3333333ccccccccccccccccccccccccccccccccc', deployedAt: '2026-05-04T09:48:00Z'},
      ];
      argo.route('GET', '/api/v1/applications/{name}', {body: argoApp({name: 'checkout-prod', history})});
      argo.route('POST', '/api/v1/applications/{name}/rollback', {body: argoApp({name: 'checkout-prod', history})});
      const config = tmp.write(
        'argo.yaml',
        `current-context: argo
contexts:
  - name: argo
    rollback: {provider: argocd, apiUrl: '${argo.url}', app: checkout-prod, tokenEnv: GH_TOKEN}
`,
      );
      const {code, out} = await cli(['rollback', 'checkout', '--to', '2222222', '--environment', 'production', '--dry-run', '--config', config]);
      expect(code).toBe(0);
      expect(out).toContain('  sends       rollback of application checkout-prod to history entry 6 (revision 2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)\n');
      expect(out).toContain(`              POST ${argo.url}/api/v1/applications/checkout-prod/rollback (id: 6, prune: false)\n`);
      expect(out.endsWith('dry run: argocd checkout-prod: dry run accepted: would roll back to history entry 6 (revision 2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)\n')).toBe(true);
      expect(argo.calls('POST', '/api/v1/applications/{name}/rollback').map((r) => r.json)).toEqual([{name: 'checkout-prod', id: 6, dryRun: true, prune: false}]);
      expect(argo.problems).toEqual([]);
      expect(await logEntries()).toEqual([]);
    } finally {
      await argo.close();
    }
  });
});

describe('oncall rollback --to on Argo CD: the history entry is named, never guessed', () => {
  const APP = '/api/v1/applications/{name}';
  const ROLLBACK = '/api/v1/applications/{name}/rollback';
  let argo: FakeCi;
  beforeEach(async () => {
    argo = await startFakeCi({flavor: 'argocd', token: TOKEN});
  });
  afterEach(async () => {
    expect(argo.problems).toEqual([]);
    await argo.close();
  });
  const argoConfig = () =>
    tmp.write('argo.yaml', `current-context: argo\ncontexts:\n  - name: argo\n    rollback: {provider: argocd, apiUrl: '${argo.url}', app: checkout-prod, tokenEnv: GH_TOKEN}\n`);
  function routeApp(history: Array<{id: number; revision: string; deployedAt: string}>): void {
    argo.route('GET', APP, {body: argoApp({name: 'checkout-prod', history})});
    // What was asked for is what these tests read: the server refuses it, so nothing is followed.
    argo.route('POST', ROLLBACK, {status: 400, body: errorBody('argocd', 400, 'refused by the test')});
  }
  const rollbackArgs = (to: string, ...more: string[]) => ['rollback', 'checkout', '--to', to, '--environment', 'production', ...more, '--config', argoConfig()];

  it('does not take chart 1.20.0 for --to 1.2, and rolls back to the chart named in full', async () => {
    routeApp([
      {id: 6, revision: '1.20.0', deployedAt: '2026-05-02T09:00:00Z'},
      {id: 7, revision: '1.21.0', deployedAt: '2026-05-04T09:48:00Z'},
    ]);
    for (const more of [['--yes'], ['--dry-run']]) {
      const refused = await cli(rollbackArgs('1.2', ...more));
      expect(refused.code).toBe(1);
      expect(refused.err).toBe('rollback: bad-response: argocd checkout-prod: no earlier history entry has revision 1.2 (Argo CD keeps the last 2 syncs); roll back in Git (nothing was sent)\n');
    }
    expect(argo.calls('POST', ROLLBACK)).toEqual([]);
    const {out} = await cli(rollbackArgs('1.20.0', '--yes'));
    expect(out).toContain('  sends       rollback of application checkout-prod to history entry 6 (revision 1.20.0)\n');
    expect(out).toContain(`              POST ${argo.url}/api/v1/applications/checkout-prod/rollback (id: 6, prune: false)\n`);
    expect(argo.calls('POST', ROLLBACK).map((r) => r.json)).toEqual([{name: 'checkout-prod', id: 6, dryRun: false, prune: false}]);
  });

  it('refuses a commit prefix that several revisions share, naming them, and a prefix too short to be a commit', async () => {
    const first = '2222222aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const second = '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    routeApp([
      {id: 5, revision: first, deployedAt: '2026-05-01T09:00:00Z'},
      {id: 6, revision: second, deployedAt: '2026-05-02T09:00:00Z'},
      {id: 7, revision: '3333333ccccccccccccccccccccccccccccccccc', deployedAt: '2026-05-04T09:48:00Z'},
    ]);
    for (const more of [['--yes'], ['--dry-run']]) {
      const ambiguous = await cli(rollbackArgs('2222222', ...more));
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.err).toBe(`rollback: bad-response: argocd checkout-prod: 2222222 matches 2 different revisions in the history (entry 6: ${second}, entry 5: ${first}); give the one meant exactly as listed after its entry (nothing was sent)\n`);
      const short = await cli(rollbackArgs('2', ...more));
      expect([short.code, short.err]).toEqual([1, 'rollback: bad-response: argocd checkout-prod: no earlier history entry has revision 2 (Argo CD keeps the last 3 syncs); roll back in Git (nothing was sent)\n']);
    }
    expect(argo.calls('POST', ROLLBACK)).toEqual([]);
    const {out} = await cli(rollbackArgs('2222222a', '--yes'));
    expect(out).toContain(`  sends       rollback of application checkout-prod to history entry 5 (revision ${first})\n`);
    expect(argo.calls('POST', ROLLBACK).map((r) => r.json)).toEqual([{name: 'checkout-prod', id: 5, dryRun: false, prune: false}]);
  });
});

describe('oncall deploys', () => {
  it('--json prints the documented deploy entries', async () => {
    const config = configFile(fake.url);
    const {code, out, err} = await cli(['deploys', '--json', '--config', config]);
    expect([code, err]).toEqual([0, '']);
    expect(JSON.parse(out)).toEqual([
      // The fake dates every deployment's status 2026-05-02 09:50: before 1187 began, so no end
      // (bad data, not a finish), and 1181's end two minutes after its start.
      {id: '1187', service: 'checkout', version: 'v2.14.0', environment: 'production', status: 'success', startedAt: '2026-05-04T09:48:00.000Z', author: 'storefront-dev', url: 'https://ci.example/logs/1', suspect: false},
      {id: '1181', service: 'checkout', version: 'v2.13.2', environment: 'production', status: 'success', startedAt: '2026-05-02T09:48:00.000Z', finishedAt: '2026-05-02T09:50:00.000Z', author: 'release-bot', url: 'https://ci.example/logs/1', suspect: false},
    ]);
  });

  it('a context without deploy history is a config error (exit 2)', async () => {
    const config = configFile(fake.url);
    const {code, err} = await cli(['deploys', '--context', 'bare', '--config', config]);
    expect([code, err]).toEqual([2, 'deploys: context bare has no deploy history (add deploys: to it in the config)\n']);
  });
});

describe('oncall deploys --demo', () => {
  it('lists the demo deploys with the suspect marked', async () => {
    const {code, out, err} = await run(['deploys', '--demo'], env());
    expect([code, err]).toEqual([0, '']);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('context demo: 12 deploys, 1 suspect');
    expect(lines[1]).toBe('  SUSPECT  checkout   v2.14.0  success  production  12m ago  by storefront-dev  https://ci.example.com/checkout/deploys/demo-deploy-1187');
    expect(lines[2]).toMatch(/^ {11}search {5}7f3a9c1 {2}success {2}staging {5}40m ago/);
    expect(lines).toHaveLength(13);
  });
});

describe('parsing deploys and rollback', () => {
  it('reads the rollback service and flags; they are options of rollback only', async () => {
    const args = await parseArgs(['rollback', 'checkout', '--to', 'v2.13.2', '--environment', 'production', '--dry-run', '--yes'], '0.0.0', () => {});
    expect(args).toMatchObject({command: 'rollback', service: 'checkout', to: 'v2.13.2', environment: 'production', dryRun: true, yes: true});
    expect(await parseArgs(['deploys', '--json'], '0.0.0', () => {})).toMatchObject({command: 'deploys', json: true, dryRun: undefined, yes: undefined});
    expect(await parseArgs(['status', '--yes'], '0.0.0', () => {})).toEqual({message: 'Unknown argument: yes\nDid you mean --yes (an option of "oncall rollback")?'});
    expect(await parseArgs(['rollback'], '0.0.0', () => {})).toEqual({message: 'Missing required argument: service'});
  });
});
