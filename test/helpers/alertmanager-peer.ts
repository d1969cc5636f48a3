/**
 * One more real Alertmanager for ack integration tests, with what the shared backends helper
 * does not offer: stopping it and starting it again on the same port with the same data (its
 * silences survive, as in a real restart), several independent instances at once, and an HA
 * pair clustered on loopback (gossiping silences as in production).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createWriteStream} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {findBinaries, freePort} from '../../scripts/backends.ts';

/** A running (or stopped) Alertmanager on a fixed loopback port. */
export interface AlertmanagerPeer {
  url: string;
  /** SIGTERM and wait for exit; idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory, waits for `/-/ready`. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  cleanup(): Promise<void>;
}

const CONFIG = 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n';

async function ready(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`alertmanager exited with ${child.exitCode ?? child.signalCode}`);
    try {
      if ((await fetch(`${url}/-/ready`, {signal: AbortSignal.timeout(1000)})).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`alertmanager not ready within ${timeoutMs} ms`);
}

/** Clustering of one peer: its own gossip port and the gossip addresses of the others. */
export interface ClusterFlags {
  port: number;
  peers: string[];
}

// Gossip fast enough for a test to see a silence reach the other peer within a second or two.
function clusterArgs(cluster: ClusterFlags | undefined): string[] {
  if (!cluster) return ['--cluster.listen-address='];
  return [
    `--cluster.listen-address=127.0.0.1:${cluster.port}`,
    `--cluster.advertise-address=127.0.0.1:${cluster.port}`,
    ...cluster.peers.map((p) => `--cluster.peer=${p}`),
    '--cluster.gossip-interval=50ms',
    '--cluster.pushpull-interval=1s',
    '--cluster.settle-timeout=1s',
    '--cluster.reconnect-interval=1s',
  ];
}

/** Starts an Alertmanager on a free port in its own temp directory; unclustered unless `cluster` is given. */
export async function startAlertmanagerPeer(cluster?: ClusterFlags): Promise<AlertmanagerPeer> {
  const {alertmanager} = findBinaries();
  const dir = await mkdtemp(join(tmpdir(), 'oncall-am-peer-'));
  await writeFile(join(dir, 'alertmanager.yml'), CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    const killer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const start = async () => {
    if (child) return;
    const log = createWriteStream(join(dir, 'alertmanager.log'), {flags: 'a'});
    const c = spawn(alertmanager, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, ...clusterArgs(cluster)], {stdio: ['ignore', 'pipe', 'pipe']});
    c.stdout?.pipe(log);
    c.stderr?.pipe(log);
    child = c;
    await ready(url, c, 20_000);
  };
  await start();
  return {url, stop, start, cleanup: async () => {
    await stop();
    await rm(dir, {recursive: true, force: true});
  }};
}

/**
 * Starts two Alertmanagers clustered with each other on loopback (an HA pair): a silence posted
 * to one is gossiped to the other. Either can be stopped and started again on its ports.
 */
export async function startAlertmanagerPair(): Promise<[AlertmanagerPeer, AlertmanagerPeer]> {
  // A port found free may be taken before the Alertmanager binds it (tests run side by side):
  // it then exits at once, and the pair is started again on other ports.
  for (let tries = 1; ; tries++) {
    try {
      return await startPairOnce();
    } catch (error) {
      if (tries >= 3 || !(error instanceof Error) || !error.message.startsWith('alertmanager exited')) throw error;
    }
  }
}

async function startPairOnce(): Promise<[AlertmanagerPeer, AlertmanagerPeer]> {
  const [a, b] = [await freePort(), await freePort()];
  const first = await startAlertmanagerPeer({port: a, peers: [`127.0.0.1:${b}`]});
  const second = await startAlertmanagerPeer({port: b, peers: [`127.0.0.1:${a}`]}).catch(async (error: unknown) => {
    await first.cleanup();
    throw error;
  });
  return [first, second];
}

/** Posts alerts straight to an Alertmanager (visible at once), firing for the next 30 minutes. */
export async function postAlerts(url: string, labelSets: Array<Record<string, string>>, annotations: Record<string, string> = {}): Promise<void> {
  const now = Date.now();
  const body = labelSets.map((labels) => ({labels, annotations, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 30 * 60_000).toISOString()}));
  const res = await fetch(`${url}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)});
  if (res.status !== 200) throw new Error(`POST alerts to ${url}: HTTP ${res.status}`);
}

/** Creates a silence with exact matchers on `labels` for the next 15 minutes; returns its id. */
export async function postSilence(url: string, labels: Record<string, string>, comment: string, createdBy = 'tester@host'): Promise<string> {
  const silence = {
    matchers: Object.entries(labels).map(([name, value]) => ({name, value, isRegex: false, isEqual: true})),
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    createdBy,
    comment,
  };
  const res = await fetch(`${url}/api/v2/silences`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(silence)});
  if (res.status !== 200) throw new Error(`POST silence to ${url}: HTTP ${res.status}`);
  return ((await res.json()) as {silenceID: string}).silenceID;
}
