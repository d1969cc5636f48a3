/**
 * The standalone build (`dist/oncall-linux-x64`, `npm run build:exe`) on a host without Node:
 * copied into an empty directory, run with an empty environment, a PATH holding no node and as a
 * user who is not root (test/helpers/standalone.ts). It must be the same program as the bundle:
 * the same help, completion, demo, config errors and exit codes, and `status --json` against the
 * real Prometheus and Alertmanager gives what the bundle gives.
 */
import {execFile} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, readlinkSync, statSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import pkg from '../../package.json' with {type: 'json'};
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {builtExe, makeBastion, type Bastion, type Ran} from '../helpers/standalone.ts';
import {TmuxTerminal} from '../helpers/tmux.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'oncall.mjs');

/** The bundle, run by the tests' Node 24 in the tests' environment (with the host's locale): what the executable must equal. */
async function bundle(args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLE, ...args], {env: {HOME: process.env['HOME'] ?? '/', PATH: process.env['PATH'] ?? '', LANG: 'C.UTF-8'}}, (error, stdout, stderr) => {
      resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr});
    });
  });
}

let host: Bastion;

beforeAll(() => {
  host = makeBastion();
});

afterAll(() => host?.cleanup());

describe('the standalone executable on a host without Node', () => {
  it('runs where PATH has no node, as a user who is not root', async () => {
    const who = await host.run(['-c', 'id -u; command -v node || echo "no node"'], {program: ['/bin/sh']});
    expect(who.stdout.trim().split('\n')).toEqual([expect.not.stringMatching(/^0$/), 'no node']);
    expect(Object.keys(host.env).sort()).toEqual(['HOME', 'LANG', 'PATH']);
  });

  it('--version says the version and that it is the standalone build', async () => {
    const r = await host.run(['--version']);
    expect(r).toEqual({code: 0, stdout: `${pkg.version} (standalone build: Node ${process.versions.node} inside, linux-x64)\n`, stderr: ''});
    // The bundle says only the version.
    expect((await bundle(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('status --demo --json prints the scripted incident and exits 1 (something pages)', async () => {
    const r = await host.run(['status', '--demo', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as StatusDocument;
    expect(doc.context).toBe('demo');
    expect(doc.slos.find((s) => s.name === 'checkout-availability')).toMatchObject({status: 'page', trippedBy: '1h&5m'});
    expect(doc.slos.find((s) => s.name === 'inventory-reservations')).toMatchObject({status: 'no-data'});
    expect(doc.alerts.find((a) => a.name === 'CheckoutHighErrorRate')).toMatchObject({severity: 'critical', state: 'firing'});
    expect(doc.deploys.find((d) => d.service === 'checkout' && d.version === 'v2.14.0')).toMatchObject({suspect: true});
  });

  it('restarts the dashboard once with its heap flags and allocator settings, as the launcher does (one-shot commands start as they are)', {timeout: 60_000}, async () => {
    const config = join(host.dir, 'heap.yaml');
    // An Alertmanager nobody listens on: the dashboard keeps running and says so.
    await writeFile(config, 'current-context: h\ncontexts:\n  - name: h\n    alertmanagers:\n      - url: http://127.0.0.1:9\n');
    const t = await TmuxTerminal.start(host.commandLine(['--config', config], {}, ['TERM']), 120, 30);
    try {
      await t.waitFor(/Alerts/);
      // The running executable, found by its working directory (this host's own): its command
      // line carries the flags as --node-options, which the blob's execArgvExtension 'cli' makes
      // Node's own flags; the same pid (process.execve), so only one such process.
      const running = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
        try {
          return readlinkSync(`/proc/${pid}/cwd`) === host.dir ? [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)] : [];
        } catch {
          return [];
        }
      });
      const dashboards = running.filter((argv) => argv[0] !== undefined && [`./${host.exe}`, join(host.dir, host.exe)].includes(argv[0]));
      expect(dashboards.map((argv) => argv.slice(1)), JSON.stringify(running)).toEqual([['--node-options=--max-semi-space-size=1', '--config', config]]);
      // Started with glibc's allocator settings too (what glibc read: the environment it started with).
      const pid = readdirSync('/proc').find((p) => /^\d+$/.test(p) && (() => {
        try {
          return readlinkSync(`/proc/${p}/cwd`) === host.dir && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--node-options=');
        } catch {
          return false;
        }
      })());
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(environ.filter((v) => v.startsWith('MALLOC_')).sort()).toEqual(['MALLOC_ARENA_MAX=1', 'MALLOC_MMAP_THRESHOLD_=65536', 'MALLOC_TRIM_THRESHOLD_=65536']);
    } finally {
      await t.kill();
    }
  });

  it("keeps Node's compile cache in the user's own cache directory, private to them, not in the shared tmpdir", async () => {
    expect((await host.run(['status', '--demo', '--json'])).code).toBe(1);
    const cache = join(host.home, '.cache', 'oncall', 'compile-cache');
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    // Node writes each version's entries into a subdirectory: the chunks were cached.
    const [version] = readdirSync(cache);
    expect(readdirSync(join(cache, version!)).length).toBeGreaterThan(0);
  });

  it('holds no path of the machine that built it (which made every build differ)', () => {
    const bytes = readFileSync(builtExe());
    // The checkout's folder, and the random work folder the build used (dist/.sea-XXXXXX).
    expect(bytes.indexOf(ROOT.replace(/\/$/, ''))).toBe(-1);
    expect(bytes.indexOf('/dist/.sea-')).toBe(-1);
  });

  it('config validate on a bad config names the file, line and key, and exits 2', async () => {
    const file = join(host.dir, 'bad.yaml');
    await writeFile(file, 'current-context: x\ncontexts:\n  - name: x\n    prometheus: {url: ftp://x}\n');
    const r = await host.run(['config', 'validate', '--config', file]);
    expect(r).toEqual({code: 2, stdout: '', stderr: `${file}:4:23: contexts[0].prometheus.url: must be an http or https URL (got "ftp://x")\n`});
  });

  // Ten program starts: on a loaded 2-core machine more than the default 20 s.
  it('prints the same help, completion script and usage errors as the bundle', {timeout: 60_000}, async () => {
    for (const args of [['--help'], ['status', '--help'], ['completion'], ['--contxt', 'x'], ['rollback']]) {
      const [exe, js] = [await host.run(args), await bundle(args)];
      expect(exe, args.join(' ')).toEqual(js);
    }
  });

  it('with no config says where it looked and exits 2, as the bundle does', async () => {
    const r = await host.run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(host.home, '.config', 'oncall', 'config.yaml'));
    expect(r.stderr).toContain('oncall demo');
  });
});

describe('the standalone executable against a real Prometheus and Alertmanager', () => {
  let backends: Backends;
  let config: string;

  beforeAll(async () => {
    // Two hours of checkout traffic, its last hour at 3 % errors: 1h and 5m burn at ~30×.
    const end = Math.floor(Date.now() / 60_000) * 60;
    const backfill = generateBackfill([{service: 'checkout', requestsPerStep: () => 1000, errorRatio: (i) => (i >= 60 ? 0.03 : 0)}], end - 2 * 3600, end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics});
    const alert = {labels: {alertname: 'CheckoutErrors', service: 'checkout', severity: 'critical'}, annotations: {runbook_url: 'https://runbooks.example.com/checkout'}};
    const posted = await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify([alert])});
    expect(posted.status).toBe(200);
    config = join(host.dir, 'config.yaml');
    const slo = (name: string, service: string) =>
      [`      - name: ${name}`, `        service: ${service}`, '        objective: 99.9', '        window: 30d', `        errorQuery: 'sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))'`, `        totalQuery: 'sum(rate(http_requests_total{service="${service}"}[{{.window}}]))'`].join('\n');
    await writeFile(
      config,
      ['current-context: lab', 'contexts:', '  - name: lab', `    prometheus: {url: ${backends.prometheusUrl}}`, `    alertmanagers: [{url: ${backends.alertmanagerUrl}}]`, '    slos:', slo('checkout-availability', 'checkout'), slo('ghost-availability', 'ghost'), ''].join('\n'),
    );
  });

  afterAll(async () => backends?.stop());

  it('status --json reads both and agrees with the bundle', async () => {
    const r = await host.run(['status', '--json', '--config', config]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as StatusDocument;
    expect(doc.context).toBe('lab');
    expect(doc.sources.map((s) => [s.kind, s.ok, s.error])).toEqual([
      ['prometheus', true, null],
      ['alertmanager', true, null],
    ]);
    expect(doc.slos.find((s) => s.name === 'checkout-availability')).toMatchObject({status: 'page', trippedBy: '1h&5m'});
    expect(doc.slos.find((s) => s.name === 'ghost-availability')).toMatchObject({status: 'no-data', trippedBy: null});
    expect(doc.alerts).toEqual([expect.objectContaining({name: 'CheckoutErrors', severity: 'critical', state: 'firing', runbookUrl: 'https://runbooks.example.com/checkout', ack: null})]);

    const js = await bundle(['status', '--json', '--config', config]);
    const same = (d: StatusDocument) => ({
      sources: d.sources.map((s) => [s.name, s.ok]),
      slos: d.slos.map((s) => [s.name, s.status, s.trippedBy]),
      alerts: d.alerts.map((a) => [a.fingerprint, a.state]),
    });
    expect(js.code).toBe(1);
    expect(same(JSON.parse(js.stdout) as StatusDocument)).toEqual(same(doc));
  });
});

describe('the linux-arm64 executable (under qemu-aarch64-static)', () => {
  it('says its version and prints the demo status', async () => {
    const qemu = '/usr/bin/qemu-aarch64-static';
    const sysroot = '/usr/aarch64-linux-gnu';
    // npm test installs both (scripts/ensure-test-deps.mjs): qemu-user-static and the arm64 C libraries.
    expect(existsSync(qemu) && existsSync(join(sysroot, 'lib', 'libstdc++.so.6')), 'qemu-user-static and libc6/libstdc++6-arm64-cross').toBe(true);
    const arm = makeBastion(builtExe('oncall-linux-arm64'));
    try {
      const version = await arm.run(['--version'], {program: [qemu, '-L', sysroot, `./${arm.exe}`], timeoutMs: 60_000});
      expect(version).toEqual({code: 0, stdout: `${pkg.version} (standalone build: Node ${process.versions.node} inside, linux-arm64)\n`, stderr: ''});
      const status = await arm.run(['status', '--demo', '--json'], {program: [qemu, '-L', sysroot, `./${arm.exe}`], timeoutMs: 60_000});
      expect(status.code).toBe(1);
      expect((JSON.parse(status.stdout) as StatusDocument).slos.find((s) => s.name === 'checkout-availability')).toMatchObject({status: 'page'});
    } finally {
      arm.cleanup();
    }
  }, 120_000);
});
