/**
 * A real terminal for end-to-end tests: one detached tmux session on its own server socket.
 * The screen is read with `capture-pane` (never by grepping raw pty bytes: with incremental
 * rendering the bytes are cursor moves and fragments) and tests wait for frames instead of
 * sleeping, polling every {@link POLL_MS}.
 */
import {execFile} from 'node:child_process';
import {readdirSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** How often `waitFor` reads the screen. */
export const POLL_MS = 50;

/** Default time `waitFor` gives a frame to appear; generous for a loaded 2-core CI machine. */
export const DEFAULT_WAIT_MS = 10_000;

/**
 * Environment variables the app must not inherit from the test runner: `CI` makes Ink
 * non-interactive (nothing drawn before exit, no alternate screen), the colour variables would
 * change what a test sees, `TMUX*` belong to a tmux the tests may be running inside, and the
 * locale's `LC_ALL`/`LC_CTYPE` and `ONCALL_GLYPHS` would choose the glyphs (see {@link DEFAULT_ENV}).
 */
export const SCRUBBED_ENV = ['CI', 'NO_COLOR', 'FORCE_COLOR', 'COLORTERM', 'TMUX', 'TMUX_PANE', 'LC_ALL', 'LC_CTYPE', 'ONCALL_GLYPHS'] as const;

/**
 * Set unless a test says otherwise: a UTF-8 locale, so the dashboard draws its Unicode glyphs
 * whatever the machine's locale is (none at all would mean the ASCII screen).
 */
export const DEFAULT_ENV: Readonly<Record<string, string>> = {LANG: 'C.UTF-8'};

/** Quotes one word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Prefixes `cmd` with `env` so the command sees exactly the wanted environment: the
 * {@link SCRUBBED_ENV} variables are removed, then {@link DEFAULT_ENV} and `env` entries are set
 * (a `null` value removes).
 */
export function withEnv(cmd: string, env: Readonly<Record<string, string | null>> = {}): string {
  const unset = new Set<string>(SCRUBBED_ENV);
  const set: string[] = [];
  for (const [name, value] of Object.entries({...DEFAULT_ENV, ...env})) {
    if (value === null) unset.add(name);
    else {
      unset.delete(name);
      set.push(shellQuote(`${name}=${value}`));
    }
  }
  return ['env', ...[...unset].map((n) => `-u ${n}`), ...set, cmd].join(' ');
}

const SESSION = 'e2e';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Kills the servers that a killed test run left behind (its afterEach never ran), found by
 * their socket names `oncall-e2e-<pid>-<n>` with a dead `pid`, and removes their sockets.
 * Otherwise their dashboards would run forever.
 */
async function reapOrphans(socketDir: string): Promise<void> {
  const names = readdirSync(socketDir).filter((name) => {
    const m = /^oncall-e2e-(\d+)-\d+$/.exec(name);
    return m !== null && !isAlive(Number(m[1]));
  });
  await Promise.all(
    names.map(async (name) => {
      await run('tmux', ['-L', name, 'kill-server']).catch(() => undefined);
      rmSync(join(socketDir, name), {force: true});
    }),
  );
}

// Unique socket names within this worker process: `oncall-e2e-<pid>-<n>`.
let sessions = 0;

/** One running tmux server with a single session and pane, sized `cols` x `rows`. */
export class TmuxTerminal {
  private killed = false;
  private socketPath = '';

  private constructor(
    /** The `-L` socket name, unique per started terminal. */
    readonly socket: string,
    readonly cols: number,
    readonly rows: number,
  ) {}

  /**
   * Starts `cmd` (a shell command line) in a new detached session of a new tmux server.
   * `env` is applied with {@link withEnv}: `CI` and colour variables are unset unless given.
   */
  static async start(cmd: string, cols: number, rows: number, env: Readonly<Record<string, string | null>> = {}): Promise<TmuxTerminal> {
    sessions += 1;
    const term = new TmuxTerminal(`oncall-e2e-${process.pid}-${sessions}`, cols, rows);
    // `-f /dev/null`: no user configuration may change sizes, keys or the terminal type.
    await term.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', String(cols), '-y', String(rows), withEnv(cmd, env)]).catch((error: unknown) => {
      throw new Error(`could not start tmux (is tmux installed? .ci/run installs it): ${String(error)}`);
    });
    try {
      const {stdout} = await term.tmux(['display-message', '-p', '-t', term.target(), '#{socket_path}']);
      term.socketPath = stdout.trim();
      if (sessions === 1) await reapOrphans(dirname(term.socketPath));
    } catch (error) {
      await term.kill();
      throw error;
    }
    return term;
  }

  /**
   * Sends tmux key names (`Tab`, `Escape`, `PageDown`, `BTab`, `q` …). Several names go in one
   * `send-keys` and may reach the program in one read, like type-ahead.
   */
  async keys(...names: string[]): Promise<void> {
    await this.tmux(['send-keys', '-t', this.target(), ...names]);
  }

  /** Types `text` literally (no key-name lookup), as one burst like a paste. */
  async type(text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', this.target(), '-l', text]);
  }

  /**
   * Pastes `text` as a terminal paste (`paste-buffer -p`): wrapped in bracketed-paste markers
   * when the program turned that mode on, else delivered as typed text, as a real terminal does.
   */
  async paste(text: string): Promise<void> {
    await this.tmux(['set-buffer', '-b', 'e2e-paste', '--', text]);
    await this.tmux(['paste-buffer', '-p', '-d', '-b', 'e2e-paste', '-t', this.target()]);
  }

  /**
   * The visible screen, one string with a line per row. `escapes` keeps the SGR sequences
   * (colours, bold), as `capture-pane -e` renders them.
   */
  async capture(opts: {escapes?: boolean} = {}): Promise<string> {
    const {stdout} = await this.tmux(['capture-pane', '-p', ...(opts.escapes ? ['-e'] : []), '-t', this.target()]);
    return stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout;
  }

  /**
   * Polls the screen until `until` holds (a regex tested against the whole screen, or a
   * predicate) and returns the screen that satisfied it. Throws with the last screen otherwise.
   */
  async waitFor(until: RegExp | ((screen: string) => boolean), timeoutMs = DEFAULT_WAIT_MS, opts: {escapes?: boolean} = {}): Promise<string> {
    const holds = typeof until === 'function' ? until : (s: string) => until.test(s);
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let lastError: unknown = null;
    for (;;) {
      try {
        last = await this.capture(opts);
        lastError = null;
        if (holds(last)) return last;
      } catch (error) {
        // The pane may be gone (the program exited): keep the error for the message.
        lastError = error;
      }
      if (Date.now() >= deadline) {
        const what = typeof until === 'function' ? until.name || 'predicate' : String(until);
        const why = lastError ? `\nlast capture failed: ${String(lastError)}` : '';
        throw new Error(`waitFor(${what}) not met within ${timeoutMs} ms${why}\nlast screen:\n${last}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Sets a server option, e.g. `set-clipboard on`: tmux then takes a program's OSC 52 copy into
   * a paste buffer (by default it ignores it), where {@link pasteBuffer} reads it.
   */
  async serverOption(name: string, value: string): Promise<void> {
    await this.tmux(['set-option', '-s', name, value]);
  }

  /** The newest paste buffer (what the program last copied with OSC 52), or null when none. */
  async pasteBuffer(): Promise<string | null> {
    return this.tmux(['show-buffer']).then(
      (r) => r.stdout,
      () => null,
    );
  }

  /**
   * Closes the pane as a user (or a script) killing it does: its program gets SIGHUP and its
   * terminal is gone, so every later write fails. The last pane takes the server with it.
   */
  async killPane(): Promise<void> {
    await this.tmux(['kill-pane', '-t', this.target()]);
  }

  /** Stops the server and everything running in it; safe to call twice. */
  async kill(): Promise<void> {
    if (this.killed) return;
    this.killed = true;
    // A program that puts its child in a session of its own (script(1) does) outlives the
    // server's SIGHUP, and so would the dashboard under it: find the pane's process tree first
    // (once the server is gone its children belong to init) and end what is left of it after.
    const tree = await this.tmux(['display-message', '-p', '-t', this.target(), '#{pane_pid}'])
      .then((r) => descendantsOf(Number(r.stdout.trim())))
      .catch(() => []);
    await this.tmux(['kill-server']).catch(() => undefined);
    for (const pid of tree) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone with the server.
      }
    }
    // tmux 3.3 leaves the socket file behind.
    if (this.socketPath) rmSync(this.socketPath, {force: true});
  }

  /** The one session's active pane. */
  private target(): string {
    return `${SESSION}:`;
  }

  private tmux(args: string[]): Promise<{stdout: string; stderr: string}> {
    const env: NodeJS.ProcessEnv = {...process.env};
    delete env['TMUX'];
    delete env['TMUX_PANE'];
    return run('tmux', ['-L', this.socket, ...args], {env, timeout: 10_000});
  }
}

/** The processes below `root` (children, their children …), read from `ps`. */
async function descendantsOf(root: number): Promise<number[]> {
  if (!Number.isInteger(root) || root <= 0) return [];
  const {stdout} = await run('ps', ['-eo', 'pid=,ppid=']);
  const children = new Map<number, number[]>();
  for (const line of stdout.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}
