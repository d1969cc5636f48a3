/**
 * Starts a real Prometheus and Alertmanager (the Debian packages' binaries) on free loopback
 * ports in a temporary directory, optionally with backfilled SLO history and alerting rules.
 * Used by the integration tests (test/helpers/backends.ts) and by hand:
 *
 *   npx tsx scripts/backends.ts            # 30 days of scenario data, prints the URLs, Ctrl-C stops
 *   npx tsx scripts/backends.ts --empty    # no data, no rules
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {accessSync, constants, createWriteStream, readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {delimiter, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/** Paths of the three binaries the backends need. */
export interface BackendBinaries {
  prometheus: string;
  alertmanager: string;
  promtool: string;
}

/** What to start. */
export interface BackendsOptions {
  /** Start Prometheus (default true). */
  prometheus?: boolean;
  /** Start Alertmanager (default true); Prometheus sends its alerts there. */
  alertmanager?: boolean;
  /** Alerting/recording rules file contents (YAML), loaded by Prometheus. */
  rules?: string;
  /** OpenMetrics text backfilled into Prometheus' TSDB before it starts (timestamps in seconds). */
  openMetrics?: string;
  /** Scrape targets (`host:port`), e.g. a live exporter; their own job/instance labels are kept. */
  scrapeTargets?: string[];
  /** Prometheus' `global.external_labels`, which it adds to the alerts it sends to Alertmanager. */
  externalLabels?: Record<string, string>;
  /** Prometheus' `alerting.alert_relabel_configs`, applied after the external labels to the alerts it sends. */
  alertRelabelConfigs?: Array<Record<string, unknown>>;
  /** Rule evaluation and scrape interval (default `5s`). */
  interval?: string;
  /** Further Prometheus flags, e.g. a query limit (`--query.max-samples=…`). */
  prometheusFlags?: string[];
  /** Keep the temp directory after stop (for debugging). */
  keepDir?: boolean;
}

/** Running backends. URLs are `null` for a server that was not requested. */
export interface Backends {
  dir: string;
  prometheusUrl: string | null;
  alertmanagerUrl: string | null;
  /** Stops Prometheus only (to test an unreachable backend); idempotent. */
  stopPrometheus(): Promise<void>;
  /** Starts a stopped Prometheus again on the same port with the same data, as a restart does. */
  restartPrometheus(): Promise<void>;
  /** Stops Alertmanager only (to test an unreachable one); idempotent. */
  stopAlertmanager(): Promise<void>;
  /** Stops everything (Prometheus first, it talks to Alertmanager) and removes the temp dir. */
  stop(): Promise<void>;
}

/** Why the binaries are needed and how to get them; the message of a missing-binary error. */
export const INSTALL_HINT =
  'real Prometheus and Alertmanager are required: install the Debian packages with ' +
  '`apt-get update && apt-get install -y prometheus prometheus-alertmanager` (the CI script .ci/run does this)';

/**
 * A tool the run cannot do without is missing or would not start. Its message says which and how
 * to get it, and is printed alone: no stack trace, as for any other mistake of the machine's setup.
 */
export class PrerequisiteError extends Error {}

// Tools the benchmarks need besides the servers, with how to get each.
const TOOL_HINTS = {
  python3: 'the benchmarks run each program in a pseudo-terminal through a Python script; install Python 3 (e.g. `apt-get install -y python3`)',
  amtool: 'the fetch benchmark runs `amtool alert query` beside oncall; it comes with the Debian package prometheus-alertmanager',
} as const;

/** A tool of TOOL_HINTS that a benchmark needs. */
export type BenchTool = keyof typeof TOOL_HINTS;

/** The error for a missing `tool`: its name, "not found on PATH", and how to get it. */
export function missingToolError(tool: BenchTool): PrerequisiteError {
  return new PrerequisiteError(`${tool} not found on PATH: ${TOOL_HINTS[tool]}`);
}

function which(names: string[]): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not in this directory
      }
    }
  }
  return null;
}

/** Finds the binaries on PATH, or throws naming the packages to install. */
export function findBinaries(): BackendBinaries {
  const prometheus = which(['prometheus']);
  const alertmanager = which(['prometheus-alertmanager', 'alertmanager']);
  const promtool = which(['promtool']);
  const missing = [!prometheus && 'prometheus', !alertmanager && 'prometheus-alertmanager', !promtool && 'promtool'].filter(Boolean);
  if (!prometheus || !alertmanager || !promtool) throw new PrerequisiteError(`${missing.join(', ')} not found on PATH: ${INSTALL_HINT}`);
  return {prometheus, alertmanager, promtool};
}

/**
 * Checks `tools` on PATH, and the servers' binaries unless `servers` is false, before anything
 * starts: a run that cannot finish says so in one line at once, not after minutes of setup.
 * Names every missing one.
 */
export function requireTools(tools: BenchTool[], servers = true): void {
  const problems: string[] = [];
  try {
    if (servers) findBinaries();
  } catch (error) {
    problems.push((error as Error).message);
  }
  for (const tool of tools) if (!which([tool])) problems.push(missingToolError(tool).message);
  if (problems.length > 0) throw new PrerequisiteError(problems.join('; '));
}

/** A free TCP port on 127.0.0.1 (bound, then released; the caller retries if it is taken). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Started {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts one server and waits for `/-/ready`; retries on another port if the first is taken
 * (unless `port` is given: a restart must come back where it was).
 */
async function startServer(name: string, dir: string, binary: string, args: (port: number) => string[], fixedPort?: number): Promise<Started> {
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = fixedPort ?? (await freePort());
    const logPath = join(dir, `${name}.log`);
    const log = createWriteStream(logPath, {flags: 'a'});
    const child = spawn(binary, args(port), {stdio: ['ignore', 'pipe', 'pipe']});
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    };
    try {
      await waitReady(url, child, 20_000);
      return {child, url, stop};
    } catch (error) {
      await stop();
      const tail = readFileSync(logPath, 'utf8').split('\n').slice(-8).join('\n');
      lastError = new Error(`${name} did not become ready on port ${port}: ${(error as Error).message}\n${tail}`);
    }
  }
  throw lastError ?? new Error(`${name} did not start`);
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const res = await fetch(`${url}/-/ready`, {signal: AbortSignal.timeout(1000)});
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

const ALERTMANAGER_CONFIG = `route:
  receiver: blackhole
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: blackhole
`;

function prometheusConfig(interval: string, alertmanager: string | null, targets: string[], hasRules: boolean, externalLabels: Record<string, string>, relabel: Array<Record<string, unknown>>): string {
  const lines = ['global:', `  scrape_interval: ${interval}`, `  evaluation_interval: ${interval}`];
  // JSON strings are YAML strings, so any label value is written safely.
  if (Object.keys(externalLabels).length > 0) lines.push(`  external_labels: ${JSON.stringify(externalLabels)}`);
  if (alertmanager) lines.push('alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: ['${alertmanager}']`);
  if (alertmanager && relabel.length > 0) lines.push(`  alert_relabel_configs: ${JSON.stringify(relabel)}`);
  if (hasRules) lines.push('rule_files:', "  - 'rules.yml'");
  if (targets.length > 0) {
    lines.push('scrape_configs:', '  - job_name: scenario', '    honor_labels: true', '    static_configs:', `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Starts the requested servers. Throws (with install instructions) when a binary is missing. */
export async function startBackends(options: BackendsOptions = {}): Promise<Backends> {
  const bins = findBinaries();
  const dir = await mkdtemp(join(tmpdir(), 'oncall-backends-'));
  const started: Started[] = [];
  let am: Started | null = null;
  let prom: Started | null = null;
  let promArgs: ((port: number) => string[]) | null = null;
  try {
    if (options.alertmanager !== false) {
      await writeFile(join(dir, 'alertmanager.yml'), ALERTMANAGER_CONFIG);
      am = await startServer('alertmanager', dir, bins.alertmanager, (port) => [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ]);
      started.push(am);
    }
    if (options.prometheus !== false) {
      const data = join(dir, 'prometheus-data');
      if (options.openMetrics) {
        await writeFile(join(dir, 'backfill.om'), options.openMetrics);
        const result = spawnSync(bins.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'backfill.om'), data, '--max-block-duration=720h', '--quiet'], {encoding: 'utf8'});
        if (result.status !== 0) throw new Error(`promtool backfill failed: ${result.stderr || result.stdout}`);
      }
      if (options.rules) await writeFile(join(dir, 'rules.yml'), options.rules);
      const amHost = am ? new URL(am.url).host : null;
      await writeFile(join(dir, 'prometheus.yml'), prometheusConfig(options.interval ?? '5s', amHost, options.scrapeTargets ?? [], Boolean(options.rules), options.externalLabels ?? {}, options.alertRelabelConfigs ?? []));
      promArgs = (port) => [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${data}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--rules.alert.resend-delay=1s',
        '--storage.tsdb.retention.time=90d',
        ...(options.prometheusFlags ?? []),
      ];
      prom = await startServer('prometheus', dir, bins.prometheus, promArgs);
      started.unshift(prom);
    }
  } catch (error) {
    for (const s of started) await s.stop();
    await rm(dir, {recursive: true, force: true});
    throw error;
  }
  return {
    dir,
    prometheusUrl: prom?.url ?? null,
    alertmanagerUrl: am?.url ?? null,
    stopPrometheus: async () => prom?.stop(),
    stopAlertmanager: async () => am?.stop(),
    restartPrometheus: async () => {
      if (!prom || !promArgs) throw new Error('no Prometheus was started');
      const old = prom;
      await old.stop();
      prom = await startServer('prometheus', dir, bins.prometheus, promArgs, Number(new URL(old.url).port));
      started[started.indexOf(old)] = prom;
    },
    stop: async () => {
      for (const s of started) await s.stop();
      if (!options.keepDir) await rm(dir, {recursive: true, force: true});
    },
  };
}

/** By hand: start the scenario (or empty servers with `--empty`), print the URLs, stop on Ctrl-C. */
async function main(args: string[]): Promise<void> {
  const {SCENARIO_RULES, scenarioBackfill, startScenarioExporter} = await import('./backends-scenario.ts');
  const empty = args.includes('--empty');
  const end = Math.floor(Date.now() / 1000 / 60) * 60;
  const backfill = empty ? null : scenarioBackfill(end);
  const exporter = backfill ? await startScenarioExporter(backfill, end) : null;
  const backends = await startBackends({
    ...(backfill ? {openMetrics: backfill.openMetrics, rules: SCENARIO_RULES} : {}),
    scrapeTargets: exporter ? [exporter.target] : [],
    interval: '15s',
  });
  console.log(`prometheus:   ${backends.prometheusUrl}\nalertmanager: ${backends.alertmanagerUrl}\nfiles:        ${backends.dir}\nCtrl-C stops both.`);
  const shutdown = async () => {
    exporter?.server.close();
    await backends.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
