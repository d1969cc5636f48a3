/**
 * Soak benchmark: the dashboard against a real Alertmanager holding 10,000 alerts in 500 groups,
 * 3 % of them resolving and the ones resolved before returning every 30 s, in a pty of 160x48,
 * alerts pane focused, a `j` every few seconds, for 10 minutes (`--minutes`).
 *
 * Figures: RSS every 30 s (target ≤ 100 MiB at every sample after the first minute, no upward
 * trend over the last 5 minutes), CPU over the soak after the first minute (≤ 5 % of a core;
 * the machine's load average is printed beside it), keypress to frame (median ≤ 16 ms, p99 ≤
 * 33 ms) over all presses, a quarter of which are aimed at the first 1.2 s after a poll fires
 * (polls are aligned on the wall clock, every 15 s). Baselines measured in the same run: an idle
 * bare node process for the RSS, the presses outside polls for the presses during polls.
 *
 *   npx tsx bench/soak.bench.ts [--minutes 10] [--node-flags "--max-semi-space-size=1"]
 *                               [--snapshots DIR --snapshot-at 90,300] [--inspect] [--readable]
 *                               [--no-build] [--bundle DIR/oncall.mjs]
 *
 * `--bundle` runs another build's launcher (a copy of an earlier `dist/`), for paired runs of a
 * build before and after a change in the same window; it implies nothing about `--no-build`.
 *
 * The dashboard's Alertmanager timeout is 60 s (default 10 s): on a machine shared with other
 * jobs Alertmanager itself can take longer than 10 s to serve 7 MB, and the soak measures the
 * dashboard, not the server.
 *
 * `--inspect` also logs, every 30 s, the heap and V8's heap spaces from inside the dashboard
 * (through its inspector), to tell a large live heap from a grown one or from native memory.
 *
 * `--readable` builds the bundle with its names kept, for a CPU profile (`--node-flags
 * "--cpu-prof --cpu-prof-dir=DIR"`) or heap snapshots that name functions and classes.
 *
 * `--snapshots DIR` starts the dashboard with `--heapsnapshot-signal=SIGUSR2` and writes a heap
 * snapshot into DIR at each second given by `--snapshot-at` (a snapshot pauses the process for
 * seconds: the key figures of such a run are not comparable).
 */
import {spawnSync} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {loadavg, tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {freePort, requireTools, startBackends} from '../scripts/backends.ts';
import {seededRandom} from '../scripts/slo-backfill.ts';
import {generateAlerts, SHAPE} from './alerts-data.ts';
import {benchEnv, BUNDLE, cpuMs, NODE, procStatusMb} from './bundle.ts';
import {inspectMemory, memoryLine} from './inspect-memory.ts';
import {startKeySession} from './pty-session.ts';
import {loadAlerts, startChurn} from './soak-churn.ts';
import {pressDown, type Press} from './soak-keys.ts';
import {soakReport, type SoakResult} from './soak-report.ts';

const POLL_MS = 15_000;
/** A press this soon after a poll fires counts as landing during the poll. */
export const DURING_POLL_MS = 1500;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/** RSS of an idle bare node process in MiB (the baseline). */
async function bareNodeRss(): Promise<number> {
  const out = spawnSync(NODE, ['-e', "setTimeout(() => process.stdout.write(require('fs').readFileSync('/proc/self/status','utf8').match(/VmRSS:\\s+(\\d+)/)[1]), 1000)"], {encoding: 'utf8'});
  return Number(out.stdout) / 1024;
}

/** Runs the soak; `log` receives progress lines. */
export async function soak(opts: {minutes: number; nodeFlags: string[]; bundle?: string; snapshots?: {dir: string; at: number[]}; inspect?: boolean; log: (l: string) => void}): Promise<SoakResult> {
  const {log} = opts;
  // Before Alertmanager starts and the alerts load: the keys are typed through the pty relay.
  requireTools(['python3']);
  const cols = 160;
  const rows = 48;
  const dir = await mkdtemp(join(tmpdir(), 'oncall-soak-'));
  const backends = await startBackends({prometheus: false});
  const url = backends.alertmanagerUrl!;
  const count = SHAPE.groups * SHAPE.perGroup;
  try {
    const alerts = generateAlerts(count, Date.now());
    log(`loading ${count} alerts into Alertmanager…`);
    const bodyBytes = await loadAlerts(url, alerts);
    const config = join(dir, 'config.yaml');
    await writeFile(config, `current-context: soak\ncontexts:\n  - name: soak\n    alertmanagers:\n      - name: am\n        url: ${url}\n        timeout: 60s\n`);
    const inspectPort = opts.inspect ? await freePort() : null;
    const flags = [
      ...opts.nodeFlags,
      ...(opts.snapshots ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${opts.snapshots.dir}`] : []),
      ...(inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : []),
    ];
    const env = {...benchEnv(cols, rows, dir), HOME: dir, XDG_STATE_HOME: dir, NODE_COMPILE_CACHE: join(dir, 'cache')};
    const baselineRss = await bareNodeRss();
    const started = Date.now();
    const session = startKeySession([NODE, ...flags, opts.bundle ?? BUNDLE, '--config', config], env, cols, rows);
    const result: SoakResult = {minutes: opts.minutes, alerts: count, bodyBytes, baselineRssMb: baselineRss, samples: [], presses: [], cpuPercent: Number.NaN, churnSteps: 0, nodeFlags: flags};
    let churn: ReturnType<typeof startChurn> | null = null;
    try {
      await session.until(() => (session.frames.some((f) => f.rows.some((r) => r.includes(`Alerts (${count})`))) ? true : undefined), 300_000, 'alerts on screen');
      // The churn starts once the dashboard shows every alert.
      churn = startChurn(url, alerts, {fraction: 0.03, everyMs: 30_000, onError: (e) => log(`churn: ${e.message}`)});
      session.type('2');
      await session.until(() => (session.frames.at(-1)?.rows.some((r) => r.includes('▶ 2 Alerts')) ? true : undefined), 10_000, 'alerts pane focused');
      const pid = session.pid();
      const end = started + opts.minutes * 60_000;
      let nextSample = started + 30_000;
      let cpuFrom: {at: number; ms: number} | null = null;
      const snapshotsAt = (opts.snapshots?.at ?? []).map((s) => started + s * 1000);
      const random = seededRandom(11);
      // Four presses per poll cycle: one aimed into the first 1.2 s after the poll fires, three spread over the rest.
      const plan = (boundary: number) => [boundary + 30 + random() * 1170, boundary + 3500 + random() * 1000, boundary + 7500 + random() * 1000, boundary + 11_000 + random() * 1000];
      let boundary = Math.ceil(Date.now() / POLL_MS) * POLL_MS;
      let targets = plan(boundary);
      while (Date.now() < end) {
        const next = Math.min(targets[0] ?? Infinity, nextSample, snapshotsAt[0] ?? Infinity);
        await sleep(next - Date.now());
        const now = Date.now();
        if (now >= nextSample) {
          const rss = await procStatusMb(pid, 'VmRSS');
          result.samples.push({atS: Math.round((now - started) / 1000), rssMb: rss, load: loadavg()[0]!});
          log(`t=${Math.round((now - started) / 1000)} s: RSS ${rss.toFixed(1)} MiB, load ${loadavg()[0]!.toFixed(2)}, ${result.presses.length} presses`);
          const inside = inspectPort ? await inspectMemory(inspectPort) : null;
          if (inside) log(`  ${memoryLine(inside)}`);
          if (now - started >= 60_000 && cpuFrom === null) cpuFrom = {at: now, ms: await cpuMs(pid)};
          nextSample += 30_000;
        } else if (snapshotsAt.length > 0 && now >= snapshotsAt[0]!) {
          snapshotsAt.shift();
          log(`heap snapshot at t=${Math.round((now - started) / 1000)} s`);
          process.kill(pid, 'SIGUSR2');
        } else if (targets.length > 0 && now >= targets[0]!) {
          targets.shift();
          // Frames before this press are no longer needed.
          session.frames.splice(0, Math.max(0, session.frames.length - 2));
          const pressedAt = Date.now();
          const press: Press = await pressDown(session);
          result.presses.push({...press, sincePollMs: pressedAt - Math.floor(pressedAt / POLL_MS) * POLL_MS});
          while (targets.length > 0 && targets[0]! < Date.now()) targets.shift();
        }
        if (targets.length === 0) {
          boundary += POLL_MS;
          targets = plan(boundary);
        }
      }
      if (cpuFrom) result.cpuPercent = ((await cpuMs(pid)) - cpuFrom.ms) / (Date.now() - cpuFrom.at) * 100;
      result.churnSteps = churn.steps();
    } finally {
      await churn?.stop();
      await session.stop();
    }
    return result;
  } finally {
    await backends.stop();
    await rm(dir, {recursive: true, force: true});
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {values} = parseArgs({options: {minutes: {type: 'string', default: '10'}, 'node-flags': {type: 'string', default: ''}, snapshots: {type: 'string'}, 'snapshot-at': {type: 'string', default: '90'}, 'no-build': {type: 'boolean', default: false}, inspect: {type: 'boolean', default: false}, readable: {type: 'boolean', default: false}, bundle: {type: 'string'}}});
  if (!values['no-build']) {
    const built = spawnSync(NODE, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), ...(values.readable ? ['--readable'] : [])], {stdio: 'inherit'});
    if (built.status !== 0) process.exit(2);
  }
  soak({
    minutes: Number(values.minutes),
    nodeFlags: values['node-flags'].split(' ').filter(Boolean),
    inspect: values.inspect,
    ...(values.bundle ? {bundle: resolve(values.bundle)} : {}),
    ...(values.snapshots ? {snapshots: {dir: resolve(values.snapshots), at: values['snapshot-at'].split(',').map(Number)}} : {}),
    log: (l) => console.error(l),
  }).then(
    (r) => {
      const report = soakReport(r);
      console.log(report.text);
      process.exitCode = report.met ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
