/**
 * How a benchmark entry point ends when its run fails. A missing prerequisite (python3, a server
 * binary, the built executable) is one line; anything else is a harness bug, so its stack is kept.
 */
import {PrerequisiteError} from '../scripts/backends.ts';

/** Prints why the run failed (a stack unless it is a PrerequisiteError) and sets exit code 2. */
export function benchFailed(error: unknown): void {
  console.error(error instanceof PrerequisiteError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 2;
}
