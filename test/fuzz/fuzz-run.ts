/**
 * How every fuzz property runs: a fixed seed and a fixed number of runs, so CI sees the same
 * inputs every time and the whole set stays within seconds. To search further locally, set
 * `FUZZ_RUNS` (e.g. 5000) and a different `FUZZ_SEED`; to replay a failure, set `FUZZ_SEED` and
 * `FUZZ_PATH` to what fast-check printed (docs/architecture.md, "Fuzzing the decoders").
 */
import {createContext, Script} from 'node:vm';
import fc from 'fast-check';
import {expect} from 'vitest';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {drawnProblems, expectDrawnSafe} from './drawn.ts';

const envNumber = (name: string): number | undefined => {
  const raw = process.env[name];
  return raw === undefined || raw === '' || !Number.isFinite(Number(raw)) ? undefined : Number(raw);
};

/** The seed every property starts from: fixed, so a CI failure is the same failure on a laptop. */
export const FUZZ_SEED = envNumber('FUZZ_SEED') ?? 20_261_204;
const RUNS_OVERRIDE = envNumber('FUZZ_RUNS');
// The counterexample path fast-check prints: with the seed and `-t` naming the property, it
// replays the failing input straight away.
const REPLAY_PATH = process.env['FUZZ_PATH'] || undefined;

/**
 * Runs per property, by what one run costs: a pure decoder call, a request through a source's
 * HTTP client, a valid answer (every item decoded and drawn), a whole config or SLO file read
 * from YAML, a contract check of the generators. Sized so the whole fuzz set takes a few seconds
 * of CPU.
 */
export const RUNS = {decoder: 120, source: 50, valid: 25, file: 50, contract: 20} as const;

/**
 * A single decode that takes this long is a hang: a catastrophic regex, an exponential walk.
 * Decoders answer in microseconds to tens of milliseconds; this leaves room for a machine whose
 * cores are shared eight ways, and an exponential decode still passes it within a few more items.
 */
export const HANG_MS = 3_000;
/** The same for a call through a source's HTTP client (the event loop, GC and load included). */
export const ASYNC_HANG_MS = 5_000;

/**
 * Generating stops after this long (fast-check's interruptAfterTimeLimit), so a loaded machine
 * runs fewer inputs rather than hitting vitest's 20 s timeout; a hang is caught per run above.
 * A local search (`FUZZ_RUNS`) has no limit.
 */
const PROPERTY_LIMIT_MS = 15_000;

function parameters<T>(runs: number): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED,
    numRuns: RUNS_OVERRIDE ?? runs,
    ...(REPLAY_PATH === undefined ? {} : {path: REPLAY_PATH}),
    plugins: RUNS_OVERRIDE === undefined ? [fc.interruptAfterTimeLimit(PROPERTY_LIMIT_MS)] : [],
  };
}

/** Checks a synchronous property with the fixed seed, `runs` times. */
export function fuzz<Ts extends [unknown, ...unknown[]]>(runs: number, arbs: {[K in keyof Ts]: fc.Arbitrary<Ts[K]>}, check: (...args: Ts) => void): void {
  fc.assert(fc.property(...arbs, check), parameters<Ts>(runs));
}

/** Checks an asynchronous property with the fixed seed, `runs` times. */
export async function fuzzAsync<Ts extends [unknown, ...unknown[]]>(runs: number, arbs: {[K in keyof Ts]: fc.Arbitrary<Ts[K]>}, check: (...args: Ts) => Promise<void>): Promise<void> {
  await fc.assert(fc.asyncProperty(...arbs, check), parameters<Ts>(runs));
}

/** What a decoder did with one input: a value, or what it threw. */
export type Outcome<T> = {ok: true; value: T} | {ok: false; error: unknown};

function timed<T>(started: number, outcome: Outcome<T>, limit = HANG_MS): Outcome<T> {
  const ms = performance.now() - started;
  expect(ms, `one decode took ${Math.round(ms)} ms: a hang`).toBeLessThan(limit);
  return outcome;
}

/** Runs a synchronous decoder once, failing the run when it hangs. */
export function settle<T>(decode: () => T): Outcome<T> {
  const started = performance.now();
  try {
    return timed(started, {ok: true, value: decode()});
  } catch (error) {
    return timed(started, {ok: false, error});
  }
}

// A context to run a decode in with a deadline: V8 interrupts even a regex backtracking inside a
// function of the outer context. Each call starts a watchdog (about a millisecond), so only the
// properties whose inputs can make a decoder backtrack use it.
const guarded = createContext({decode: null as (() => unknown) | null});
const callDecode = new Script('decode()');

/**
 * Runs a synchronous decoder once with a deadline of {@link HANG_MS}: one that would run for
 * hours (an exponential regex) is stopped and the run fails, instead of stalling the test run.
 */
export function settleInterruptible<T>(decode: () => T): Outcome<T> {
  guarded.decode = decode;
  try {
    return {ok: true, value: callDecode.runInContext(guarded, {timeout: HANG_MS}) as T};
  } catch (error) {
    if ((error as {code?: unknown}).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') expect.fail(`one decode was stopped after ${HANG_MS} ms: a hang`);
    return {ok: false, error};
  } finally {
    guarded.decode = null;
  }
}

/** Runs an asynchronous decoder once, failing the run when it hangs. */
export async function settleAsync<T>(decode: () => Promise<T>, limit = ASYNC_HANG_MS): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    return timed(started, {ok: true, value: await decode()}, limit);
  } catch (error) {
    return timed(started, {ok: false, error}, limit);
  }
}

/**
 * Asserts a source's failure is its own type with a clear message: a {@link SourceFailure} of a
 * known kind whose message names `label` (the backend and endpoint) and says something after it.
 */
export function expectSourceFailure(error: unknown, label: string | RegExp): SourceFailure {
  if (!(error instanceof SourceFailure)) throw new Error(`expected a SourceFailure, got ${String(error)}`, {cause: error});
  expect(['unavailable', 'auth', 'bad-response', 'timeout']).toContain(error.kind);
  if (typeof label === 'string') expect(error.message.startsWith(label), `"${error.message}" starts with "${label}"`).toBe(true);
  else expect(error.message).toMatch(label);
  expect(error.message.length).toBeGreaterThan(typeof label === 'string' ? label.length + 2 : 5);
  return error;
}

/** A decode's value; or, when it failed, `null` after checking the failure is clear and drawn sanitized. */
export function expectDecoded<T>(outcome: Outcome<T>, label: string | RegExp): T | null {
  if (outcome.ok) return outcome.value;
  const failure = expectSourceFailure(outcome.error, label);
  expectDrawnSafe(drawnProblems(failure.message, []), 'failure');
  return null;
}
