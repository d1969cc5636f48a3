import {describe, expect, it} from 'vitest';
import type {DeployStatus} from '../../src/domain/deploy.ts';
import {sessionOpenRollbacks, type SessionRollback} from '../../src/domain/open-rollback-session.ts';
import {OPEN_ROLLBACK_MS} from '../../src/domain/open-rollbacks.ts';

const AT = Date.parse('2026-12-04T10:00:00Z');
const unknown = (requestId: string, sent: number, answered: number): SessionRollback => ({open: {kind: 'unknown', at: AT - 60_000, runId: null, requestId, url: null}, status: null, sent, answered});
const accepted = (requestId: string, sent: number, answered: number): SessionRollback => ({open: {kind: 'accepted', at: AT - 50_000, runId: null, requestId, url: null}, status: null, sent, answered});
const run = (runId: string, status: DeployStatus, sent: number, answered: number): SessionRollback => ({open: {kind: 'run', at: AT - 40_000, runId, requestId: `k-${runId}`, url: null}, status, sent, answered});
const ids = (list: readonly {runId: string | null; requestId: string}[]) => list.map((o) => o.runId ?? o.requestId);

describe('sessionOpenRollbacks', () => {
  it('supersedes an unknown or accepted request once a rollback sent after its answer finished successfully', () => {
    const got = sessionOpenRollbacks([unknown('k-timeout', 1, 2), accepted('k-hook', 3, 4), run('570', 'success', 5, 6)], AT);
    expect(ids(got.open)).toEqual([]);
    expect(ids(got.superseded)).toEqual(['k-timeout', 'k-hook']);
    expect([...got.finished]).toEqual(['570']);
  });

  it('names every request it got an answer to, open, finished or superseded (the log may still show them being sent)', () => {
    const got = sessionOpenRollbacks([unknown('k-timeout', 1, 2), run('570', 'success', 3, 4), run('571', 'in_progress', 5, 6)], AT);
    expect([...got.answered].sort()).toEqual(['k-570', 'k-571', 'k-timeout']);
  });

  it('keeps a request open when the later rollback failed, was cancelled or is still going, or when the success came before it', () => {
    for (const status of ['failure', 'cancelled', 'queued', 'in_progress'] as const) {
      const got = sessionOpenRollbacks([unknown('k-timeout', 1, 2), run('571', status, 3, 4)], AT);
      expect(ids(got.superseded)).toEqual([]);
      expect(ids(got.open)).toEqual(status === 'queued' || status === 'in_progress' ? ['k-timeout', '571'] : ['k-timeout']);
    }
    // The success was sent first: it says nothing of a request sent after it.
    expect(ids(sessionOpenRollbacks([run('572', 'success', 1, 2), unknown('k-after', 3, 4)], AT).open)).toEqual(['k-after']);
    // Sent while the request was still unanswered: it may have reached the provider first.
    expect(ids(sessionOpenRollbacks([unknown('k-slow', 1, 3), run('573', 'success', 2, 4)], AT).open)).toEqual(['k-slow']);
  });

  it('never supersedes a run of its own that is still going: it is read until it finishes', () => {
    const got = sessionOpenRollbacks([run('560', 'queued', 1, 2), run('574', 'success', 3, 4)], AT);
    expect(ids(got.open)).toEqual(['560']);
    expect(got.superseded).toEqual([]);
  });

  it('keeps to the window what is open', () => {
    expect(sessionOpenRollbacks([unknown('k-old', 1, 2), run('575', 'queued', 3, 4)], AT - 40_000 + OPEN_ROLLBACK_MS + 1).open).toEqual([]);
  });
});
