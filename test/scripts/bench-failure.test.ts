import {afterEach, describe, expect, it, vi} from 'vitest';
import {benchFailed} from '../../bench/failure.ts';
import {PrerequisiteError} from '../../scripts/backends.ts';

// A missing tool is the machine's setup, said in one line; any other error in a long run is a
// harness bug, whose stack is the only lead to it.
describe('a failed benchmark run', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('prints a missing prerequisite as its message alone, and exits 2', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    benchFailed(new PrerequisiteError('python3 not found on PATH: install it'));
    expect(printed).toHaveBeenCalledWith('python3 not found on PATH: install it');
    expect(process.exitCode).toBe(2);
  });

  it('keeps the stack of any other error', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    benchFailed(new TypeError('cannot read properties of undefined'));
    expect(String(printed.mock.calls[0]![0])).toMatch(/^TypeError: cannot read properties of undefined\n\s+at /);
    expect(process.exitCode).toBe(2);
  });
});
