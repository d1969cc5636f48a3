/**
 * A real Prometheus backfilled with 30 days and 2 hours of synthetic request counters, a temp dir
 * with a config that reads it, and `oncall status` run in process with its clock pinned to the
 * last backfilled minute: the set-up the SLO integration tests share.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {generateBackfill, type ServiceTraffic} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

/** One minute, in seconds (the backfill's step). */
export const MIN = 60;
/** One hour, in seconds. */
export const HOUR = 3600;
/** One day, in seconds. */
export const DAY = 86_400;

/** The span a test backfills, in Unix seconds. */
export interface SloClock {
  /** The last whole minute: the CLI's clock is pinned to it. */
  end: number;
  /** 30 days and 2 hours before `end`: a full SLO window and the longest burn window before it. */
  start: number;
  /** The instant of backfill step `i`. */
  at(i: number): number;
}

/** The span ending at the last whole minute of now. */
export function sloClock(): SloClock {
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const start = end - 30 * DAY - 2 * HOUR;
  return {end, start, at: (i) => start + i * MIN};
}

/** A config with one 99.9 % / 30d availability SLO `<service>-availability` over `http_requests_total`. */
export function availabilityConfig(prometheusUrl: string, service: string): string {
  return [
    'current-context: test',
    'contexts:',
    '  - name: test',
    '    prometheus:',
    `      url: ${prometheusUrl}`,
    '    slos:',
    `      - name: ${service}-availability`,
    `        service: ${service}`,
    '        objective: 99.9',
    '        window: 30d',
    `        errorQuery: 'sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))'`,
    `        totalQuery: 'sum(rate(http_requests_total{service="${service}"}[{{.window}}]))'`,
    '',
  ].join('\n');
}

/** A config whose SLOs are the `*.yaml` files of `dir` (the config itself is `config.yml`, outside the glob). */
export function sloFilesConfig(prometheusUrl: string, dir: string): string {
  return ['current-context: test', 'contexts:', '  - name: test', '    prometheus:', `      url: ${prometheusUrl}`, `    sloFiles: ['${join(dir, '*.yaml')}']`, ''].join('\n');
}

/** Something placed between the CLI and Prometheus (a proxy that rewrites its answers). */
export interface SloFront {
  url: string;
  close(): Promise<void>;
}

/** What {@link useSloBackfill} backfills and writes. */
export interface SloBackfillOptions {
  clock: SloClock;
  services: ServiceTraffic[];
  /** The last scraped instant (default `clock.end`): earlier for a service that stopped reporting. */
  scrapedUntil?: number;
  /** Prefix of the temp dir's name. */
  tmpPrefix: string;
  /** Files written into the temp dir beside the config, by name. */
  files?: Record<string, string>;
  /** The config's text, given the URL the CLI reads Prometheus at and the temp dir. */
  config: (prometheusUrl: string, dir: string) => string;
  /** Starts a front the CLI reads instead of Prometheus itself. */
  front?: (prometheusUrl: string) => Promise<SloFront>;
}

/** The running set-up of one `describe`. */
export interface SloBackfill {
  readonly backends: Backends;
  readonly dir: string;
  /** Runs `oncall status <flags> --config <dir>/config.yml` at `clock.end`; stderr is dropped. */
  status(...flags: string[]): Promise<{code: number; out: string}>;
}

/**
 * Registers a `beforeAll` that backfills and starts Prometheus (3 minutes allowed: loading 30 days
 * of samples is slow on a busy machine) and writes the files, and an `afterAll` that stops it all.
 * Call inside a `describe`.
 */
export function useSloBackfill(options: SloBackfillOptions): SloBackfill {
  let backends: Backends | undefined;
  let front: SloFront | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    const backfill = generateBackfill(options.services, options.clock.start, options.scrapedUntil ?? options.clock.end);
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    const prometheusUrl = backends.prometheusUrl ?? '';
    front = options.front ? await options.front(prometheusUrl) : undefined;
    dir = await mkdtemp(join(tmpdir(), options.tmpPrefix));
    for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), text);
    await writeFile(join(dir, 'config.yml'), options.config(front?.url ?? prometheusUrl, dir));
  }, 180_000);

  afterAll(async () => {
    await front?.close();
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  const started = (): {backends: Backends; dir: string} => {
    if (!backends || !dir) throw new Error('useSloBackfill: used before its beforeAll ran');
    return {backends, dir};
  };

  return {
    get backends() {
      return started().backends;
    },
    get dir() {
      return started().dir;
    },
    async status(...flags) {
      const home = started().dir;
      let out = '';
      const io = {out: (t: string) => void (out += t), err: () => {}};
      const code = await main(['status', ...flags, '--config', join(home, 'config.yml')], {HOME: home}, io, {now: () => options.clock.end * 1000});
      return {code, out};
    },
  };
}

/** A Sloth raw error ratio with one series per group (`service` `a` and `b`). */
export const GROUPS_RATIO = `sum by (service) (rate(http_requests_total{service=~"a|b",code="500"}[{{.window}}])) / sum by (service) (rate(http_requests_total{service=~"a|b"}[{{.window}}]))`;

/** A Sloth file: service `groups`, SLO `availability` (so `groups-availability`), 99.9 %, SLI {@link GROUPS_RATIO}. */
export const GROUPS_SLOTH = ['version: "prometheus/v1"', 'service: "groups"', 'slos:', '  - name: "availability"', '    objective: 99.9', '    sli:', '      raw:', `        error_ratio_query: '${GROUPS_RATIO}'`, ''].join('\n');

/**
 * Sloth's 1h&5m page condition on {@link GROUPS_RATIO}, matched group by group and evaluated by
 * Prometheus itself at `time` (Unix seconds): the series it fires for.
 */
export async function slothPageSeries(prometheusUrl: string, time: number): Promise<Array<{metric: Record<string, string>}>> {
  const w = (x: string) => `(${GROUPS_RATIO.replaceAll('{{.window}}', x)})`;
  const alertExpr = `${w('5m')} > (14.4 * 0.001) and ${w('1h')} > (14.4 * 0.001)`;
  const res = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(alertExpr)}&time=${time}`)).json()) as {data: {result: Array<{metric: Record<string, string>}>}};
  return res.data.result;
}
