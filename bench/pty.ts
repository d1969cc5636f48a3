/**
 * A program in a real pseudo-terminal, without native addons: `pty-relay.py` (Python's os.openpty,
 * fork, TIOCSCTTY) gives the child a terminal of an exact size, execs it directly (no shell), and
 * copies every byte it writes to us while reporting its pid, when a marker first appeared and how
 * it ended. Timings are taken by the relay from just before the fork, so Python's own start-up
 * is not counted.
 */
import {spawn} from 'node:child_process';
import {StringDecoder} from 'node:string_decoder';
import {fileURLToPath} from 'node:url';
import {missingToolError, PrerequisiteError} from '../scripts/backends.ts';

const RELAY = fileURLToPath(new URL('./pty-relay.py', import.meta.url));

/** One chunk the program wrote to the terminal, with its arrival time (ms, `performance.now()`). */
export interface Chunk {
  at: number;
  bytes: number;
  text: string;
}

/** A running program in a pty. */
export interface PtyProcess {
  /** The program's pid (the relay execs it, so this is the node process itself). */
  pid: Promise<number>;
  /** Per marker, milliseconds from fork to the first output containing it. */
  marked: Array<Promise<number>>;
  /** Exit code (negative: killed by that signal) and milliseconds from fork to the end. */
  exited: Promise<{code: number; ms: number}>;
  /** Everything written so far, in order. */
  chunks: Chunk[];
  /** Sends a signal to the program (not to the relay). */
  signal(sig: NodeJS.Signals): Promise<void>;
}

/** Options of {@link startInPty}. */
export interface PtyOptions {
  cols: number;
  rows: number;
  env: NodeJS.ProcessEnv;
  /** Texts whose first appearance resolves the matching `marked` promise. */
  markers: string[];
}

/**
 * Why the pty relay (python3) did not start: a missing python3 is named with how to get it, as a
 * missing Prometheus is, instead of an unhandled 'error' event and a stack trace.
 */
export function relayStartError(error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT') return missingToolError('python3');
  return new PrerequisiteError(`python3 (the pty relay) did not start: ${error.message}`);
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {promise, resolve, reject};
}

/** Starts `argv` in a new pty of `cols` x `rows`. */
export function startInPty(argv: string[], opts: PtyOptions): PtyProcess {
  const child = spawn('python3', [RELAY, String(opts.cols), String(opts.rows), ...opts.markers, '--', ...argv], {
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = deferred<number>();
  const marked = opts.markers.map(() => deferred<number>());
  const exited = deferred<{code: number; ms: number}>();
  const chunks: Chunk[] = [];
  // A chunk may end inside a UTF-8 sequence: the decoder carries it over to the next one.
  const decoder = new StringDecoder('utf8');
  child.stdout.on('data', (data: Buffer) => {
    chunks.push({at: performance.now(), bytes: data.length, text: decoder.write(data)});
  });
  let pending = '';
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (data: string) => {
    pending += data;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const [kind, a, b] = line.split(' ');
      if (kind === 'pid') pid.resolve(Number(a));
      else if (kind === 'mark') marked[Number(a)]?.resolve(Number(b) / 1e6);
      else if (kind === 'exit') exited.resolve({code: Number(a), ms: Number(b) / 1e6});
      else stderr += `${line}\n`;
    }
  });
  // Emitted before 'close' when python3 cannot be spawned: its reason is the one that counts.
  child.on('error', (error) => {
    const why = relayStartError(error);
    for (const d of [pid, ...marked, exited]) d.reject(why);
  });
  child.on('close', (code) => {
    const why = new Error(`pty relay ended (code ${code}) before the event${stderr ? `: ${stderr.trim()}` : ''}`);
    for (const d of [pid, ...marked, exited]) d.reject(why);
  });
  // A rejection nobody awaits (e.g. a marker that never appears) is not an error here.
  for (const d of [pid, ...marked, exited]) d.promise.catch(() => undefined);
  return {
    pid: pid.promise,
    marked: marked.map((d) => d.promise),
    exited: exited.promise,
    chunks,
    async signal(sig) {
      process.kill(await pid.promise, sig);
    },
  };
}

/** Resolves with `p`, or rejects after `ms` with `what` in the message. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
