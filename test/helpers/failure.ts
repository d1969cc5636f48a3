/** The SourceFailure a promise rejects with; fails the test when it resolves or rejects otherwise. */
import {expect} from 'vitest';
import {SourceFailure} from '../../src/sources/capabilities.ts';

/** Awaits `promise`, asserts it rejected with a {@link SourceFailure}, and returns that failure. */
export async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SourceFailure);
  return error as SourceFailure;
}
