/**
 * Fetching and decoding 10,000 alerts from a real Alertmanager: our adapter against
 * `amtool alert query -o json`, alternating, in the same run.
 *
 * The compared job is the same on both sides: a fresh process connects, GETs `/api/v2/alerts`,
 * decodes every alert into typed values (amtool: its generated OpenAPI models; ours: the zod
 * schema and `alertFromWire`), prints them as JSON to a pipe and exits. Ours is the adapter
 * bundled by esbuild as the CLI is (minified, production), run by the same node binary.
 * For context, each repetition also times the adapter in-process on a warm connection (how the
 * dashboard polls), the whole CLI `oncall alerts --json`, and curl (the server and transfer).
 */
import {spawn} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build, type Plugin} from 'esbuild';
// @ts-expect-error -- plain ESM script without type declarations
import {bundlePatches} from '../scripts/bundle-patches.mjs';
import {startBackends} from '../scripts/backends.ts';
import {createAlertmanagerSource} from '../src/sources/alertmanager/alertmanager-source.ts';
import {generateAlerts, labelBytes} from './alerts-data.ts';
import {BUNDLE, NODE} from './bundle.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles `entry` (a path under the repository) to `outfile` with the CLI's build settings
 * (scripts/build.mjs), its dependency patches included; unminified, names are kept for profiles.
 */
export async function bundleEntry(entry: string, outfile: string, opts: {minify: boolean}): Promise<void> {
  const patches = (bundlePatches as () => {plugin: Plugin})();
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: opts.minify,
    keepNames: !opts.minify,
    define: {'process.env.NODE_ENV': '"production"'},
    alias: {'react-devtools-core': join(ROOT, 'scripts/stubs/react-devtools-core.mjs')},
    banner: {js: "import {createRequire as __benchCreateRequire} from 'node:module'; const require = __benchCreateRequire(import.meta.url);"},
    plugins: [patches.plugin],
    logLevel: 'warning',
  });
}

/** A program run to completion with its stdout drained into a pipe; resolves with ms and the output. */
function timed(argv: string[], env: NodeJS.ProcessEnv, keep = false): Promise<{ms: number; bytes: number; text: string}> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), {env, stdio: ['ignore', 'pipe', 'pipe']});
    let bytes = 0;
    const kept: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
      if (keep) kept.push(d);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ms, bytes, text: keep ? Buffer.concat(kept).toString() : ''});
      else reject(new Error(`${argv.slice(0, 3).join(' ')} exited ${code}: ${stderr.trim().slice(0, 300)}`));
    });
  });
}

/** Raw samples of the fetch benchmark, one per repetition, in ms. */
export interface FetchSamples {
  alerts: number;
  /** Average bytes of labels and annotations per alert. */
  labelBytes: number;
  /** Bytes of `GET /api/v2/alerts`. */
  responseBytes: number;
  amtoolMs: number[];
  /** Fresh node process running the bundled adapter. */
  oursMs: number[];
  /** The adapter in-process, connection kept alive between calls. */
  inProcessMs: number[];
  /** `oncall alerts --json` (the whole CLI bundle); empty when the bundle is missing. */
  cliMs: number[];
  curlMs: number[];
  /**
   * When curl had the answer's first byte, in ms after it started (its `time_starttransfer`):
   * Alertmanager writes nothing until the whole answer is encoded, so the rest of `curlMs` is
   * only the transfer, and little of a client's decoding can overlap the server's work.
   */
  curlFirstByteMs: number[];
}

/** Options of {@link measureFetch}. */
export interface FetchOptions {
  runs: number;
  alerts: number;
  /** A scratch directory (bundle, config, HOME for both clients). */
  dir: string;
  log: (line: string) => void;
}

/** Starts Alertmanager, loads it with alerts, and measures `runs` alternating repetitions. */
export async function measureFetch(opts: FetchOptions): Promise<FetchSamples> {
  const backends = await startBackends({prometheus: false});
  const url = backends.alertmanagerUrl!;
  const source = createAlertmanagerSource({name: 'bench', baseUrl: url, timeoutMs: 60_000});
  try {
    const alerts = generateAlerts(opts.alerts, Date.now());
    opts.log(`posting ${alerts.length} alerts (${Math.round(labelBytes(alerts))} bytes of labels and annotations each) to Alertmanager…`);
    for (let i = 0; i < alerts.length; i += 500) {
      const res = await fetch(`${url}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(alerts.slice(i, i + 500))});
      if (res.status !== 200) throw new Error(`POST /api/v2/alerts: HTTP ${res.status}`);
    }
    let responseBytes = 0;
    for (let waited = 0; ; waited += 200) {
      const text = await (await fetch(`${url}/api/v2/alerts`)).text();
      const count = (JSON.parse(text) as unknown[]).length;
      responseBytes = Buffer.byteLength(text);
      if (count === alerts.length) break;
      if (waited > 30_000) throw new Error(`Alertmanager holds ${count} of ${alerts.length} alerts after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const fetchBundle = join(opts.dir, 'alerts-fetch.mjs');
    await bundleEntry('bench/alerts-fetch-main.ts', fetchBundle, {minify: true});
    const config = join(opts.dir, 'config.yaml');
    await writeFile(config, `current-context: bench\ncontexts:\n  - name: bench\n    alertmanagers:\n      - name: am\n        url: ${url}\n        timeout: 60s\n`);
    // An empty HOME: no user amtool or oncall config, no action log of the user's.
    const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: opts.dir, XDG_CONFIG_HOME: opts.dir, XDG_STATE_HOME: opts.dir, LANG: 'C.UTF-8'};
    const amtool = ['amtool', 'alert', 'query', '-o', 'json', `--alertmanager.url=${url}`];
    const ours = [NODE, fetchBundle, url];
    const cli = [NODE, BUNDLE, 'alerts', '--json', '--config', config];
    const curl = ['curl', '-s', '-S', '--fail', '-o', '/dev/null', '-w', '%{time_starttransfer}', `${url}/api/v2/alerts`];

    // Warm-up, not counted: page cache, Alertmanager's first pass; and both print every alert.
    for (const [name, argv] of [['amtool', amtool], ['ours', ours]] as const) {
      const n = (JSON.parse((await timed(argv, env, true)).text) as unknown[]).length;
      if (n !== alerts.length) throw new Error(`${name} printed ${n} alerts, not ${alerts.length}`);
    }
    const withCli = await timed(cli, env).then(() => true, (error: unknown) => (opts.log(`skipping oncall alerts --json: ${(error as Error).message}`), false));
    await source.listAlerts();

    const out: FetchSamples = {alerts: alerts.length, labelBytes: labelBytes(alerts), responseBytes, amtoolMs: [], oursMs: [], inProcessMs: [], cliMs: [], curlMs: [], curlFirstByteMs: []};
    const inProcess = async () => {
      const started = performance.now();
      const {value} = await source.listAlerts();
      if (value.length !== alerts.length) throw new Error(`listAlerts returned ${value.length} alerts`);
      return performance.now() - started;
    };
    for (let rep = 0; rep < opts.runs; rep++) {
      // Alternate which side goes first, so neither always runs right after the other warmed a cache.
      const pair = rep % 2 === 0 ? [amtool, ours] : [ours, amtool];
      for (const argv of pair) (argv === amtool ? out.amtoolMs : out.oursMs).push((await timed(argv, env)).ms);
      out.inProcessMs.push(await inProcess());
      if (withCli) out.cliMs.push((await timed(cli, env)).ms);
      const curled = await timed(curl, env, true);
      out.curlMs.push(curled.ms);
      out.curlFirstByteMs.push(Number(curled.text) * 1000);
      opts.log(`fetch rep ${rep + 1}/${opts.runs}: amtool ${out.amtoolMs.at(-1)!.toFixed(0)} ms, ours ${out.oursMs.at(-1)!.toFixed(0)} ms, in-process ${out.inProcessMs.at(-1)!.toFixed(0)} ms`);
    }
    return out;
  } finally {
    await source.close();
    await backends.stop();
  }
}
