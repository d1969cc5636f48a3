/**
 * A program in a real pty that the harness can type into (`pty-keys.py`), its output fed through
 * the screen model (`vt.ts`) frame by frame, every key and every frame stamped on one clock at the
 * pty master. Shared by the keypress benchmark (alerts-keys.ts) and the soak (soak.bench.ts).
 */
import {spawn} from 'node:child_process';
import {StringDecoder} from 'node:string_decoder';
import {fileURLToPath} from 'node:url';
import {relayStartError, within} from './pty.ts';
import {Screen} from './vt.ts';

const RELAY = fileURLToPath(new URL('./pty-keys.py', import.meta.url));

/** A completed frame: when its closing bracket reached the terminal (ms on the relay's clock), the screen after it, its bytes. */
export interface TimedFrame {
  at: number;
  rows: string[];
  bytes: number;
}

/** A running program in a pty. */
export interface KeySession {
  screen: Screen;
  frames: TimedFrame[];
  /** When each typed key reached the terminal, ms on the relay's clock. */
  keyTimes: number[];
  /** The program's pid (0 until the relay reported it). */
  pid(): number;
  /** Resolves when `test` returns a value, re-checked on every output or event; names what it waited for on timeout, with the screen. */
  until<T>(test: () => T | undefined, ms: number, what: string): Promise<T>;
  /** Types `keys` into the terminal. */
  type(keys: string): void;
  /** Sends SIGTERM and waits for the program to end (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/** Starts `argv` in a `cols` x `rows` pty. */
export function startKeySession(argv: string[], env: NodeJS.ProcessEnv, cols: number, rows: number): KeySession {
  const child = spawn('python3', [RELAY, String(cols), String(rows), '--', ...argv], {env, stdio: ['pipe', 'pipe', 'pipe']});
  const screen = new Screen(cols, rows);
  const frames: TimedFrame[] = [];
  const keyTimes: number[] = [];
  let pid = 0;
  let ended = false;
  let stderr = '';
  let changed: () => void = () => {};
  const nudge = () => changed();

  // stdout: `NS LEN\n` + LEN bytes, repeated; times converted to ms.
  let buf = Buffer.alloc(0);
  // A chunk may end inside a multi-byte character (a border's `─`): decoding chunks on their own
  // would draw two replacement characters, push the line past the margin and shift the screen.
  const decoder = new StringDecoder('utf8');
  child.stdout.on('data', (data: Buffer) => {
    buf = Buffer.concat([buf, data]);
    for (;;) {
      const nl = buf.indexOf(10);
      if (nl < 0) break;
      const [ns, len] = buf.subarray(0, nl).toString().split(' ').map(Number);
      if (buf.length < nl + 1 + len!) break;
      const chunk = buf.subarray(nl + 1, nl + 1 + len!);
      buf = buf.subarray(nl + 1 + len!);
      const known = screen.frames.length;
      screen.feed(decoder.write(chunk));
      for (const f of screen.frames.slice(known)) frames.push({at: ns! / 1e6, rows: f.rows, bytes: f.bytes});
      // The screen model keeps every frame; a soak of ten minutes would keep thousands.
      screen.frames.length = 0;
    }
    nudge();
  });
  child.stderr.setEncoding('utf8');
  let pendingErr = '';
  child.stderr.on('data', (data: string) => {
    pendingErr += data;
    let nl: number;
    while ((nl = pendingErr.indexOf('\n')) >= 0) {
      const [kind, a] = pendingErr.slice(0, nl).split(' ');
      if (kind === 'pid') pid = Number(a);
      else if (kind === 'key') keyTimes.push(Number(a) / 1e6);
      else if (kind !== 'exit') stderr += `${pendingErr.slice(0, nl)}\n`;
      pendingErr = pendingErr.slice(nl + 1);
    }
    nudge();
  });
  // python3 missing: the waits end at once, saying so, instead of an unhandled 'error' event.
  child.on('error', (error) => {
    stderr += `${relayStartError(error).message}\n`;
    ended = true;
    nudge();
  });
  child.on('close', () => {
    ended = true;
    nudge();
  });

  const until = <T>(test: () => T | undefined, ms: number, what: string): Promise<T> =>
    within(
      new Promise<T>((resolve, reject) => {
        changed = () => {
          const v = test();
          if (v !== undefined) resolve(v);
          else if (ended) reject(new Error(`${what}: the program ended${stderr ? `: ${stderr.trim()}` : ''}`));
        };
        changed();
      }),
      ms,
      what,
    ).catch((err: Error) => {
      // Say what the terminal showed: a wait that times out is otherwise undiagnosable.
      throw new Error(`${err.message}\n--- screen (${frames.length} frames) ---\n${screen.text().join('\n')}${stderr ? `\n--- stderr ---\n${stderr}` : ''}`);
    });

  return {
    screen,
    frames,
    keyTimes,
    pid: () => pid,
    until,
    type: (keys) => child.stdin.write(`${Buffer.from(keys).toString('hex')}\n`),
    async stop() {
      if (pid > 0 && !ended) process.kill(pid, 'SIGTERM');
      child.stdin.end();
      await within(new Promise<void>((resolve) => (ended ? resolve() : child.once('close', () => resolve()))), 20_000, 'dashboard exit').catch(() => child.kill('SIGKILL'));
    },
  };
}
