/**
 * Reading a local runbook in the user's `$PAGER`, the way `git` or `man` hand over the terminal:
 * the pager gets the file path as an argument (no shell, so no quoting can go wrong and nothing
 * in `$PAGER` is interpreted), inherits the terminal and is waited for. Only a file path from the
 * config's `runbookTemplate` ever reaches it; backend text never does.
 */
import {spawn as nodeSpawn, type SpawnOptions} from 'node:child_process';
import {resolve} from 'node:path';

/** The part of a spawned child the pager needs: how it ends. */
export interface PagerChild {
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  kill(signal?: NodeJS.Signals): unknown;
}

// Pagers running now: a dashboard told to stop (SIGTERM) must not leave one holding the terminal.
const running = new Set<PagerChild>();

/** Ends every pager still running (SIGTERM, which `less` and `more` answer by restoring the terminal). */
export function stopPagers(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** The part of `child_process.spawn` used here; injectable so tests can see what would run. */
export type PagerSpawn = (command: string, args: readonly string[], options: SpawnOptions) => PagerChild;

/** Whether the pager ran (its exit code does not matter: quitting `less` is not a failure), or why not. */
export type PagerOutcome = {ok: true} | {ok: false; error: string};

/** What running the pager needs besides the command and the file. */
export interface PagerDeps {
  spawn?: PagerSpawn;
  /** The terminal input the dashboard reads; it must stop reading while the pager does. */
  input?: {pause(): unknown};
}

/**
 * The pager command from `$PAGER` split on whitespace (`less -R` → `['less', '-R']`), or `null`
 * when it is unset or blank. Quotes, `$VARS`, pipes and other shell syntax are not interpreted.
 */
export function pagerCommand(env: Readonly<Record<string, string | undefined>>): string[] | null {
  const words = (env['PAGER'] ?? '').trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : null;
}

// While the pager runs it owns Ctrl-C: with raw mode off the terminal sends SIGINT to the whole
// foreground process group, and it must interrupt the pager (less stops a search with it), not
// quit the dashboard. The process's own SIGINT listeners are set aside and put back afterwards.
function holdInterrupts(): () => void {
  const held = process.rawListeners('SIGINT') as Array<(...args: unknown[]) => void>;
  process.removeAllListeners('SIGINT');
  const ignore = () => {};
  process.on('SIGINT', ignore);
  return () => {
    process.off('SIGINT', ignore);
    for (const listener of held) process.on('SIGINT', listener);
  };
}

/**
 * Runs `command` with the runbook `path` appended (made absolute, so a file name starting with
 * `-` or `+` cannot read as an option or a pager command) and resolves when it exits. Call it with
 * the terminal handed over (raw mode off, main screen). Never throws; a pager that cannot be
 * started (not installed, not executable) is `{ok: false}` with the reason.
 */
export async function runPager(command: readonly string[], path: string, deps: PagerDeps = {}): Promise<PagerOutcome> {
  const [program, ...args] = command;
  if (program === undefined) return {ok: false, error: '$PAGER is empty'};
  // Ink stops listening to the input when it hands the terminal over, but Node's terminal handle
  // keeps reading it and would race the pager for keystrokes. Pausing stops the reads; it takes
  // effect once Ink's listener is gone (a turn of the event loop), and Ink resumes reading when it
  // takes the terminal back.
  await new Promise<void>((done) => setImmediate(done));
  deps.input?.pause();
  const release = holdInterrupts();
  try {
    return await new Promise<PagerOutcome>((done) => {
      const child = (deps.spawn ?? nodeSpawn)(program, [...args, resolve(path)], {stdio: 'inherit', shell: false});
      running.add(child);
      child.once('error', (error) => {
        running.delete(child);
        done({ok: false, error: `could not start ${program} (${(error as {code?: unknown}).code ?? error.message})`});
      });
      child.once('exit', () => {
        running.delete(child);
        done({ok: true});
      });
    });
  } catch (error) {
    // spawn itself throws for arguments it cannot pass on (e.g. a NUL byte).
    return {ok: false, error: `could not start ${program} (${error instanceof Error ? error.message : String(error)})`};
  } finally {
    release();
  }
}
