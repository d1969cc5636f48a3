/**
 * Benchmark: `oncall status --json` for 50 SLOs against a real Prometheus holding 30 days of
 * minute-resolution counters, against a baseline of the SAME instant queries sent with curl in
 * parallel (`curl -Z`), measured in the same run, alternating, N repetitions. The figure is the
 * median of the per-repetition ratios status ÷ curl; the goal is ≤ 1.5.
 *
 * The status command runs IN-PROCESS through `main()` (config load, composition, the 7 instant
 * queries, the sparkline range query, the alerts list, evaluation and the JSON document): the
 * cost of the work, without Node's start-up, which curl does not have either. The baseline's
 * POST bodies are captured from a counting proxy during a warm-up run of the same command, so
 * curl sends byte for byte what the adapter sends.
 *
 *   npx tsx bench/slo-status.bench.ts [--reps N]
 */
import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {startBackends} from '../scripts/backends.ts';
import {startCountingProxy} from '../scripts/counting-proxy.ts';
import {generateBackfill, seededRandom} from '../scripts/slo-backfill.ts';
import {SLO_VARIANTS, sloFleetConfig} from '../scripts/slo-fleet.ts';
import {main} from '../src/cli/main.ts';

/** What one benchmark run measured. */
export interface SloStatusBenchResult {
  slos: number;
  repetitions: number;
  /** Instant queries one `status` sends (and curl replays). */
  instantQueries: number;
  statusMs: number[];
  curlMs: number[];
  /** Median of status ÷ curl per repetition. */
  medianRatio: number;
  medianStatusMs: number;
  medianCurlMs: number;
}

const SERVICES = ['cart', 'checkout', 'search', 'ledger', 'profile', 'payments', 'auth', 'catalog', 'shipping', 'billing'];
const configYaml = (url: string) => sloFleetConfig(url, SERVICES, 'bench');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function runCurl(args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn('curl', args, {stdio: ['ignore', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(performance.now() - started) : fail(new Error(`curl exited ${code}: ${stderr}`))));
  });
}

async function runStatus(configPath: string, home: string): Promise<number> {
  let out = '';
  const started = performance.now();
  const code = await main(['status', '--json', '--config', configPath], {HOME: home}, {out: (t) => void (out += t), err: () => {}});
  const ms = performance.now() - started;
  if (code === 2 || !out.startsWith('{')) throw new Error(`status failed (exit ${code})`);
  return ms;
}

/** Runs the benchmark; `log` receives progress lines. */
export async function benchSloStatus(options: {repetitions?: number; log?: (line: string) => void} = {}): Promise<SloStatusBenchResult> {
  const repetitions = options.repetitions ?? 9;
  const log = options.log ?? (() => {});
  const end = Math.floor(Date.now() / 60_000) * 60;
  const random = seededRandom(50);
  const backfill = generateBackfill(
    SERVICES.map((service) => ({service, requestsPerStep: () => 500 + Math.floor(random() * 100), errorRatio: () => random() * 0.002})),
    end - 30 * 86_400 - 3600,
    end,
  );
  log(`backfilling ${SERVICES.length * 2} series × 30 days at 1-minute resolution…`);
  const backends = await startBackends({openMetrics: backfill.openMetrics, alertmanager: false, interval: '15s'});
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-slo-'));
  const proxy = await startCountingProxy(backends.prometheusUrl ?? '');
  try {
    // Warm-up through the proxy: loads the modules, warms Prometheus' page cache, captures bodies.
    await writeFile(join(dir, 'proxied.yaml'), configYaml(proxy.url));
    await runStatus(join(dir, 'proxied.yaml'), dir);
    const bodies = proxy.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/query').map((r) => r.body);
    const args = ['-s', '-S', '--fail', '-Z', '--parallel-immediate', '--parallel-max', '50'];
    for (const [i, body] of bodies.entries()) {
      const file = join(dir, `body-${i}.txt`);
      await writeFile(file, body);
      if (i > 0) args.push('--next');
      args.push('-o', '/dev/null', '-H', 'Content-Type: application/x-www-form-urlencoded', '--data-binary', `@${file}`, `${backends.prometheusUrl}/api/v1/query`);
    }
    await writeFile(join(dir, 'direct.yaml'), configYaml(backends.prometheusUrl ?? ''));
    await runCurl(args);
    await runStatus(join(dir, 'direct.yaml'), dir);

    const statusMs: number[] = [];
    const curlMs: number[] = [];
    for (let rep = 0; rep < repetitions; rep++) {
      // Alternate the order so neither side always runs on a cache the other just warmed.
      if (rep % 2 === 0) {
        curlMs.push(await runCurl(args));
        statusMs.push(await runStatus(join(dir, 'direct.yaml'), dir));
      } else {
        statusMs.push(await runStatus(join(dir, 'direct.yaml'), dir));
        curlMs.push(await runCurl(args));
      }
      log(`rep ${rep + 1}: status ${statusMs.at(-1)!.toFixed(1)} ms, curl ${curlMs.at(-1)!.toFixed(1)} ms`);
    }
    const ratios = statusMs.map((s, i) => s / curlMs[i]!);
    return {
      slos: SERVICES.length * SLO_VARIANTS.length,
      repetitions,
      instantQueries: bodies.length,
      statusMs,
      curlMs,
      medianRatio: median(ratios),
      medianStatusMs: median(statusMs),
      medianCurlMs: median(curlMs),
    };
  } finally {
    await proxy.close();
    await backends.stop();
    await rm(dir, {recursive: true, force: true});
  }
}

/** One line for the benchmark summary. */
export function formatSloStatusBench(r: SloStatusBenchResult): string {
  return (
    `slo-status: ${r.slos} SLOs, ${r.instantQueries} instant queries; median oncall status --json (in-process) ${r.medianStatusMs.toFixed(1)} ms, ` +
    `curl -Z of the same queries ${r.medianCurlMs.toFixed(1)} ms; median ratio ${r.medianRatio.toFixed(2)}× over ${r.repetitions} reps (goal ≤ 1.5×)`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--reps');
  const repetitions = i > 0 ? Number(process.argv[i + 1]) : undefined;
  benchSloStatus({repetitions, log: (l) => console.error(l)}).then(
    (r) => {
      console.log(formatSloStatusBench(r));
      process.exitCode = r.medianRatio <= 1.5 ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
