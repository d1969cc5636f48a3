/**
 * Rollback by running a local command, e.g. `[kubectl, rollout, undo, deployment/checkout]`. The
 * command is an argument list run with `execFile` and never through a shell: a version such as
 * `$(id)` or `; rm -rf /` reaches the program as the literal text it is. Each argument is a
 * rollback template. The run finishes when the command does: exit 0 is success, another exit code
 * fails with the last lines of stderr; a command stopped by the timeout or killed by a signal
 * may have acted, so its outcome is unknown.
 */
import {execFile} from 'node:child_process';
import type {RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {renderTemplate, templateValues} from '../../domain/rollback-template.ts';
import {RollbackOutcomeUnknown, SourceFailure, type Rollbacker, type RunWatcher} from '../capabilities.ts';
import {appNow, durationMs, type ProviderDeps} from '../ci/ci-http.ts';
import {argvText} from '../ci/ci-preview.ts';
import {createRunBook, runOf} from '../ci/ci-runs.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `rollback:` config of the command provider. */
export interface CommandRollbackConfig {
  provider: 'command';
  /** Program and arguments; each is a rollback template. */
  command: readonly string[];
  /** A Prometheus duration, `60s` by default. */
  timeout?: string;
}

/** A rollbacker and run watcher (runs are remembered in memory). */
export type CommandRollbacker = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview'>> & {close(how?: CloseOptions): Promise<void>};

/** How many trailing stderr lines a failure quotes. */
export const STDERR_TAIL_LINES = 5;
const STDERR_TAIL_CHARS = 600;
const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;
// After the timeout's SIGTERM, a command that ignores it gets SIGKILL this much later.
const KILL_GRACE_MS = 5_000;

/** The last non-empty lines of a command's output, at most {@link STDERR_TAIL_LINES}. */
export function outputTail(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const tail = lines.slice(-STDERR_TAIL_LINES).join('\n');
  return tail.length > STDERR_TAIL_CHARS ? `…${tail.slice(-STDERR_TAIL_CHARS)}` : tail;
}

/** Renders every argument for `plan`, or throws naming the argument whose template is wrong. */
export function renderCommand(command: readonly string[], plan: RollbackPlan): string[] {
  const values = templateValues(plan);
  return command.map((arg, i) => {
    const result = renderTemplate(arg, values);
    if (!result.ok) throw new SourceFailure('bad-response', `command: argument ${i + 1}: ${result.error}`);
    return result.value;
  });
}

interface Outcome {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stderr: string;
  spawnError: string | null;
}

function run(argv: readonly string[], timeoutMs: number): Promise<Outcome> {
  const [file = '', ...args] = argv;
  return new Promise((resolve) => {
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const child = execFile(file, args, {shell: false, windowsHide: true, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8'}, (error, _stdout, stderr) => {
      clearTimeout(deadline);
      clearTimeout(killer);
      const err = error as (NodeJS.ErrnoException & {code?: number | string; signal?: string}) | null;
      const spawnError = err && typeof err.code === 'string' && child.pid === undefined ? err.code : null;
      resolve({
        code: typeof child.exitCode === 'number' ? child.exitCode : null,
        signal: child.signalCode ?? null,
        timedOut,
        stderr: String(stderr ?? ''),
        spawnError,
      });
    });
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
  });
}

/** Creates the command rollbacker. */
export function createCommandRollbacker(config: CommandRollbackConfig, deps: ProviderDeps = {}): CommandRollbacker {
  // A run's time is read against the app's clock, which follows the backends'.
  const now = appNow(deps);
  const timeoutMs = durationMs(config.timeout, DEFAULT_COMMAND_TIMEOUT_MS);
  const book = createRunBook<RollbackRun>();
  const program = config.command[0] ?? '';

  async function start(plan: RollbackPlan): Promise<RollbackRun> {
    const argv = renderCommand(config.command, plan);
    const outcome = await run(argv, timeoutMs);
    const tail = outputTail(outcome.stderr);
    const said = tail ? `: ${tail}` : '';
    if (outcome.spawnError) {
      throw new SourceFailure('unavailable', `command ${program}: could not start (${outcome.spawnError === 'ENOENT' ? 'not found on PATH' : outcome.spawnError})`);
    }
    // Stopped from outside before it said how it went: it may have done part or all of it.
    const check = `the state of ${plan.service}${plan.environment ? ` in ${plan.environment}` : ''} (the command ran, and may have acted)`;
    if (outcome.timedOut) throw new RollbackOutcomeUnknown('timeout', `command ${program}: no result within ${timeoutMs / 1000}s, stopped; the rollback may be half done${said}`, check);
    if (outcome.code === null) throw new RollbackOutcomeUnknown('unavailable', `command ${program}: killed by ${outcome.signal ?? 'a signal'} before it finished${said}`, check);
    // An exit code is the command's own verdict.
    if (outcome.code !== 0) throw new SourceFailure('unavailable', `command ${program} failed (exit code ${outcome.code})${said}`);
    const done = runOf(`command:${plan.idempotencyKey}`, plan, 'success', null, now());
    book.remember(done.id, done);
    return done;
  }

  return {
    rollback: (plan) => book.once(plan, () => start(plan)),
    preview(plan) {
      let argv: string[];
      try {
        argv = renderCommand(config.command, plan);
      } catch (error) {
        return [`cannot render the command: ${error instanceof Error ? error.message : String(error)}`];
      }
      return [`run ${argvText(argv)}`, `without a shell; stopped after ${timeoutMs / 1000}s`];
    },
    async getRun(id) {
      const known = book.recall(id);
      if (!known) throw new SourceFailure('bad-response', `command: no rollback ${id} was run from this session`);
      return known;
    },
    close: async () => {},
  };
}
