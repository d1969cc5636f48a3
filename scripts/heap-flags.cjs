'use strict';
// The dashboard's heap flags. Its text is copied into the launcher (scripts/build.mjs) and into
// the standalone build's entry (scripts/build-exe.mjs), which run before anything can be
// imported; hence no module syntax.
//
// The dashboard of a configured context runs for hours against Alertmanagers of any size. V8
// sizes its heap for throughput: under the allocation rate of 10,000 churning alerts it grew
// the young generation to 128 MiB and let the old one fill with garbage up to 4x what was live
// (docs/architecture.md, "Heap flags"). These flags are read only when Node starts, so the
// dashboard starts itself once more with them: process.execve replaces the process (same pid,
// same terminal), before anything is loaded. One-shot commands and the demo start as they are.
//
// The old generation's growth is the exception: V8 reads it at every full collection, so it is
// set from inside, ten seconds after the start (oncallSettleHeapLater). At 20 % from the first
// instant, a start that builds its tables from nothing was collected in full at every fifth its
// heap grew: 12–15 % of the first frame with data, for one context as for twenty (paired runs,
// BENCHMARKS.md). The soak's memory, read from the first minute on, was the same after it.
/** The flags of the restart. */
const ONCALL_HEAP_FLAGS = ['--max-semi-space-size=1'];
/** The flags set from inside once the start is over, and when (ms after the start). */
const ONCALL_SETTLED_HEAP_FLAGS = '--heap-growing-percent=20';
const ONCALL_SETTLE_AFTER_MS = 10_000;
const ONCALL_NOT_DASHBOARD = new Set(['demo', 'status', 'alerts', 'ack', 'unack', 'deploys', 'rollback', 'config', 'completion', 'timeline', 'handover', 'whoison', 'help', '--demo', '--help', '-h', '--version', '-v', '--get-yargs-completions']);
/**
 * True when this start is the dashboard's, without the flags yet, and allowed to restart itself:
 * not a one-shot command or the demo, not already given them (by the restart or by hand), not
 * turned off with ONCALL_NO_HEAP_FLAGS=1.
 * @param {string[]} args the command line after the script
 * @param {string[]} execArgv
 * @param {NodeJS.ProcessEnv} env
 * @returns {boolean}
 */
function oncallWantsHeapFlags(args, execArgv, env) {
  return !args.some((a) => ONCALL_NOT_DASHBOARD.has(a)) && typeof process.execve === 'function' && !execArgv.some((a) => a.startsWith('--max-semi-space-size')) && !env.ONCALL_NO_HEAP_FLAGS;
}
// glibc's allocator, for the restarted dashboard. Read over the churning soak (/proc/PID/smaps):
// besides V8's heap, 30-40 MiB of the dashboard's RSS were malloc arenas, one per thread that
// ever allocated (V8's compiler and GC threads, libuv's pool), each keeping the pages its
// compilations and buffers had freed. One arena, memory above 64 KiB mapped on its own and given
// back when freed, and the top of the heap trimmed past 64 KiB free. glibc reads these only when
// the process starts, hence in the restart's environment; a value the user set wins.
/** The allocator settings. */
const ONCALL_MALLOC_ENV = {MALLOC_ARENA_MAX: '1', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '65536'};
/**
 * The environment of the restart: `env` with the allocator settings it lacks, their names in
 * ONCALL_MALLOC_ADDED so that the restarted dashboard removes them again (oncallDropMallocEnv):
 * nothing it runs (a rollback command, a browser) inherits them.
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
function oncallMallocEnv(env) {
  const added = Object.keys(ONCALL_MALLOC_ENV).filter((name) => env[name] === undefined);
  if (added.length === 0) return env;
  const out = {...env, ONCALL_MALLOC_ADDED: added.join(',')};
  for (const name of added) out[name] = ONCALL_MALLOC_ENV[name];
  return out;
}
/**
 * Removes from `env` (in place) the allocator settings oncallMallocEnv added; glibc has read them.
 * @param {NodeJS.ProcessEnv} env
 */
function oncallDropMallocEnv(env) {
  for (const name of (env.ONCALL_MALLOC_ADDED ?? '').split(',')) if (Object.hasOwn(ONCALL_MALLOC_ENV, name)) delete env[name];
  delete env.ONCALL_MALLOC_ADDED;
}
/**
 * The restart's environment: `env` with the allocator settings (oncallMallocEnv) and the mark
 * that tells the restarted dashboard to settle its heap (oncallSettleHeapLater), after the ms it
 * holds (a value already there is kept: the launcher's test shortens it).
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
function oncallRestartEnv(env) {
  return {...oncallMallocEnv(env), ONCALL_HEAP_SETTLE: env.ONCALL_HEAP_SETTLE ?? String(ONCALL_SETTLE_AFTER_MS)};
}
/**
 * In the restarted dashboard (the mark oncallRestartEnv left, removed here so nothing it runs
 * inherits it): sets ONCALL_SETTLED_HEAP_FLAGS once the start is over. The timer does not keep
 * the process alive.
 * @param {NodeJS.ProcessEnv} env
 */
function oncallSettleHeapLater(env) {
  const after = Number(env.ONCALL_HEAP_SETTLE);
  delete env.ONCALL_HEAP_SETTLE;
  if (!Number.isFinite(after)) return;
  setTimeout(() => process.getBuiltinModule('node:v8').setFlagsFromString(ONCALL_SETTLED_HEAP_FLAGS), after).unref();
}
