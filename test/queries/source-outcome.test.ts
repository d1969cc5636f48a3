import {describe, expect, it} from 'vitest';
import {AllSourcesFailed, describeFailure, readHealth, toHealth, type SourceOutcome} from '../../src/queries/source-outcome.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';

describe('describeFailure', () => {
  it('prefixes a source failure with its kind, and uses only the message of other errors (no stack)', () => {
    expect(describeFailure(new SourceFailure('unavailable', 'connection refused'))).toBe('unavailable: connection refused');
    expect(describeFailure(new SourceFailure('bad-response', 'not JSON'))).toBe('bad-response: not JSON');
    expect(describeFailure(new TypeError('x is not a function'))).toBe('x is not a function');
    expect(describeFailure('plain text')).toBe('plain text');
    expect(describeFailure(42)).toBe('42');
  });
});

describe('toHealth', () => {
  it('copies the outcome and adds the time of the last good fetch', () => {
    const outcome: SourceOutcome = {name: 'am-1', kind: 'alertmanager', ok: false, error: 'timeout: 10s', warnings: ['w']};
    expect(toHealth(outcome, 1234)).toEqual({name: 'am-1', kind: 'alertmanager', last: 'failed', error: 'timeout: 10s', updatedAt: 1234, warnings: ['w'], retrying: false, staleAt: null, askedSince: null});
    expect(toHealth({...outcome, ok: true, error: null}, null).updatedAt).toBeNull();
    // In the dashboard: retried while failed, stale two polls after the last good data.
    expect(toHealth(outcome, 1234, {retrying: true, staleAfterMs: 30_000})).toMatchObject({retrying: true, staleAt: 31_234});
    expect(toHealth({...outcome, ok: true, error: null}, 1234, {retrying: true, staleAfterMs: 30_000})).toMatchObject({last: 'ok', retrying: false});
  });
});

describe('readHealth', () => {
  it('dates the data of the sources that answered to the read, those that failed have none', () => {
    const ok: SourceOutcome = {name: 'am-1', kind: 'alertmanager', ok: true, error: null, warnings: []};
    const failed: SourceOutcome = {name: 'am-2', kind: 'alertmanager', ok: false, error: 'unavailable: refused', warnings: []};
    expect(readHealth([ok, failed], 1234).map((h) => [h.name, h.last, h.updatedAt])).toEqual([
      ['am-1', 'ok', 1234],
      ['am-2', 'failed', null],
    ]);
  });
});

describe('AllSourcesFailed', () => {
  it('names every source in its message and keeps the outcomes', () => {
    const outcomes: SourceOutcome[] = [
      {name: 'am-1', kind: 'alertmanager', ok: false, error: 'unavailable: refused', warnings: []},
      {name: 'am-2', kind: 'alertmanager', ok: false, error: null, warnings: []},
    ];
    const error = new AllSourcesFailed(outcomes);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AllSourcesFailed');
    expect(error.message).toBe('am-1: unavailable: refused; am-2: failed');
    expect(error.outcomes).toBe(outcomes);
    expect(describeFailure(error)).toBe('am-1: unavailable: refused; am-2: failed');
  });
});
