import {describe, expect, it} from 'vitest';
import {mergeOpenRollbacks, openRollbackKey, openRollbackWarnings} from '../../src/domain/open-rollback-merge.ts';
import type {OpenRollback} from '../../src/domain/open-rollbacks.ts';

const AT = Date.parse('2026-12-04T10:00:00Z');
const run = (runId: string, at: number, over: Partial<OpenRollback> = {}): OpenRollback => ({kind: 'run', at, runId, requestId: `key-${runId}`, url: null, ...over});
const unknown = (requestId: string, at: number): OpenRollback => ({kind: 'unknown', at, runId: null, requestId, url: null});

describe('mergeOpenRollbacks', () => {
  it('names a rollback in both the log and the session once, keeping the log entry (its start time), newest first', () => {
    const logged = [run('557', AT - 60_000, {url: 'https://ci.example/557'}), unknown('k-other', AT - 300_000)];
    const session = [run('557', AT, {url: 'https://ci.example/557'}), unknown('k-mine', AT - 10_000), unknown('k-other', AT - 299_000)];
    expect(mergeOpenRollbacks(logged, session)).toEqual([unknown('k-mine', AT - 10_000), logged[0], logged[1]]);
  });

  it('leaves out a request the log shows being sent when this session has its answer (the log was read before it landed)', () => {
    const flying: OpenRollback = {kind: 'in-flight', at: AT - 5000, runId: null, requestId: 'key-557', url: null};
    expect(mergeOpenRollbacks([flying], [run('557', AT)], new Set(), [], new Set(['key-557']))).toEqual([run('557', AT)]);
    // Another process's request being sent stays, whatever this session answered.
    const theirs: OpenRollback = {...flying, requestId: 'k-theirs'};
    expect(mergeOpenRollbacks([theirs], [run('557', AT)], new Set(), [], new Set(['key-557']))).toEqual([run('557', AT), theirs]);
  });

  it('leaves out a run the session saw finish, though the log has no outcome for it yet', () => {
    expect(mergeOpenRollbacks([run('557', AT)], [], new Set(['557']))).toEqual([]);
  });

  it('leaves out what the log shows superseded by a later successful rollback, though the session still holds it', () => {
    // The session keeps its own unknown request for the whole window; the log knows better.
    const session = [unknown('k-mine', AT - 60_000), unknown('k-newer', AT - 10_000)];
    expect(mergeOpenRollbacks([], session, new Set(), [unknown('k-mine', AT - 59_000)])).toEqual([unknown('k-newer', AT - 10_000)]);
  });

  it('never merges two entries that name no request', () => {
    const a = unknown('', AT - 1000);
    const b = unknown('', AT - 2000);
    expect(openRollbackKey(a)).not.toBe(openRollbackKey(b));
    expect(mergeOpenRollbacks([a], [b])).toEqual([a, b]);
  });

  it('words each as oncall rollback does, as a sentence', () => {
    expect(openRollbackWarnings([run('557', AT)], {service: 'checkout', environment: 'production'})).toEqual([
      'A rollback of checkout in production started at 10:00Z (run 557) has no outcome logged yet: it may still be running',
    ]);
  });
});
