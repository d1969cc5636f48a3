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
/** The flags. */
const ONCALL_HEAP_FLAGS = ['--max-semi-space-size=1', '--heap-growing-percent=20'];
const ONCALL_NOT_DASHBOARD = new Set(['demo', 'status', 'alerts', 'ack', 'unack', 'deploys', 'rollback', 'config', 'completion', 'timeline', 'handover', '--demo', '--help', '-h', '--version']);
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
