/**
 * The dashboard when its terminal goes away (the SSH session drops, the tmux pane is killed): the
 * demo in a pseudo-terminal of its own, a rollback confirmed and followed, then the terminal is
 * closed under it. The kernel sends SIGHUP and every write and read answers EIO; the log must
 * still say the run was no longer followed, as `q` writes it, and the process must end.
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {readActionLog} from '../../src/platform/action-log.ts';
import {tempDir} from './cli-fixtures.ts';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

let tmp: ReturnType<typeof tempDir> | null = null;
let holder: ChildProcess | null = null;
let appPid: number | null = null;
afterEach(() => {
  holder?.kill('SIGKILL');
  holder = null;
  // One that failed to end must not outlive the test.
  if (appPid !== null && running(appPid)) process.kill(appPid, 'SIGKILL');
  appPid = null;
  tmp?.cleanup();
  tmp = null;
});

// Alive and not a zombie waiting to be reaped (its parent, the terminal's holder, is gone).
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('a hangup during a followed rollback logs the run as no longer followed', {timeout: 90_000}, async () => {
  tmp = tempDir();
  const state = join(tmp.dir, 'state');
  // `script` holds the pseudo-terminal's master side; killing it closes the terminal, as sshd
  // does when the connection drops: the dashboard (its session leader) gets SIGHUP and EIO.
  const app = ['exec', process.execPath, '--import', 'tsx', MAIN, 'demo'].map((w, i) => (i === 0 ? w : quote(w))).join(' ');
  holder = spawn('script', ['-q', '-f', '-c', `stty cols 100 rows 30; ${app}`, '/dev/null'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {PATH: process.env['PATH'] ?? '', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'cfg'), XDG_STATE_HOME: state, USER: 'tester', TERM: 'xterm-256color', LANG: 'C.UTF-8'},
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let screen = '';
  // eslint-disable-next-line no-control-regex
  holder.stdout!.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ' ')));
  const key = (text: string) => holder!.stdin!.write(text);
  const seen = (pattern: RegExp) => eventually(() => screen, (s) => pattern.test(s), `screen ${pattern}`, 60_000);
  await seen(/Deploys/);
  key('3');
  await seen(/v2\.14\.0/);
  key('R');
  await seen(/ROLL BACK checkout\?/);
  key('checkout');
  await new Promise((resolve) => setTimeout(resolve, 300));
  key('\r');
  const log = join(state, 'oncall', 'demo-actions.jsonl');
  await eventually(() => (existsSync(log) ? readFileSync(log, 'utf8') : ''), (s) => s.includes('"rollback","phase":"success"'), 'the rollback started');
  // `script` runs the shell that execs the dashboard: its only child.
  appPid = Number(execFileSync('pgrep', ['-P', String(holder.pid)], {encoding: 'utf8'}).trim());
  // The demo's run takes ~10 s: the terminal goes while it is followed.
  holder.kill('SIGKILL');
  const entries = await eventually(() => readActionLog(log), (e) => e.some((x) => x.action === 'rollback-watch'), 'the watch entry', 15_000);
  const watch = entries.find((e) => e.action === 'rollback-watch')!;
  expect([watch.phase, watch.error]).toEqual(['failure', expect.stringMatching(/dashboard closed while the run was (queued|running); the run keeps going/)]);
  // And it ends, rather than lingering with no terminal.
  await eventually(() => running(appPid!), (alive) => !alive, 'the process ending', 10_000);
});
