/**
 * How every fuzz property runs: a fixed seed and a fixed number of runs, so CI sees the same
 * inputs every time and the whole set stays within seconds. To search further locally, set
 * `FUZZ_RUNS` (e.g. 5000) and a different `FUZZ_SEED`; to replay a failure, set `FUZZ_SEED` and
 * `FUZZ_PATH` to what fast-check printed (docs/architecture.md, "Fuzzing the decoders").
 */
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
export const RUNS = {decoder: 150, source: 60, valid: 40, file: 60, contract: 25} as const;

/**
 * A single decode that takes this long is a hang (decoders answer in microseconds to a few ms;
 * this is ~100× that, so machine load cannot trip it): a catastrophic regex, an exponential walk.
 */
export const HANG_MS = 1_000;

/**
 * A property that has not finished its runs after this long fails (instead of running on until
 * vitest's own timeout, which would say nothing about the input); well under the 20 s test timeout.
 */
const PROPERTY_LIMIT_MS = 12_000;

function parameters<T>(runs: number): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED,
    numRuns: RUNS_OVERRIDE ?? runs,
    ...(REPLAY_PATH === undefined ? {} : {path: REPLAY_PATH}),
    plugins: [fc.interruptAfterTimeLimit(PROPERTY_LIMIT_MS, {failOnInterrupt: true})],
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

function timed<T>(started: number, outcome: Outcome<T>): Outcome<T> {
  const ms = performance.now() - started;
  expect(ms, `one decode took ${Math.round(ms)} ms: a hang`).toBeLessThan(HANG_MS);
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

/** Runs an asynchronous decoder once, failing the run when it hangs. */
export async function settleAsync<T>(decode: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    return timed(started, {ok: true, value: await decode()});
  } catch (error) {
    return timed(started, {ok: false, error});
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
