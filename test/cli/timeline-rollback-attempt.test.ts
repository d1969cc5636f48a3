/**
 * `oncall rollback` (or `R`) logs its attempt, then sends the request. Killed before the answer
 * (SSH dropped, terminal closed, out of memory), the log holds the attempt alone, and the
 * rollback may well be running: `R` warns of it. The timeline and the handover must not say no
 * rollback was made.
 */
import {describe, expect, it} from 'vitest';
import {handoverCommand} from '../../src/cli/handover-command.ts';
import {timelineCommand} from '../../src/cli/timeline-command.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {capturedIo, homeWithLog, timelineRuntime, timelineServices} from './timeline-fakes.ts';

const target = {service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: 'k-1'};
const attempt = (at: number): ActionLogEntry => ({at: new Date(at).toISOString(), action: 'rollback', phase: 'attempt', context: 'prod', target, source: 'github', details: {description: 'checkout v2 → v1'}});
const TEXT = 'rollback checkout v2 → v1 sent, outcome unknown: no answer logged (yet, or its process stopped)';

describe('a rollback whose attempt has no logged outcome', () => {
  it('handover lists it, outcome unknown, not "Rollbacks: none"', async () => {
    const home = homeWithLog([attempt(Date.now() - 30 * 60_000)]);
    const o = capturedIo();
    await handoverCommand({command: 'handover', since: '2h', format: 'json'} as never, timelineRuntime(timelineServices('prod', () => [])), {HOME: home} as never, o.io as never);
    const doc = JSON.parse(o.out) as {counts: {rollbacks: number}; rollbacks: Array<{text: string; outcome: string | null}>};
    expect(doc.counts.rollbacks).toBe(1);
    expect(doc.rollbacks.map((r) => [r.text, r.outcome])).toEqual([[TEXT, null]]);
  });

  it('the timeline has an event for it, its request unknown', async () => {
    const home = homeWithLog([attempt(Date.now() - 30 * 60_000)]);
    const o = capturedIo();
    await timelineCommand({command: 'timeline', since: '2h', format: 'json'} as never, timelineRuntime(timelineServices('prod', () => [])), {HOME: home} as never, o.io as never);
    const doc = JSON.parse(o.out) as {events: Array<{kind: string; text: string; subject?: Record<string, string>}>};
    expect(doc.events.filter((e) => e.kind.startsWith('rollback')).map((e) => [e.kind, e.text, e.subject?.['request']])).toEqual([['rollback-requested', TEXT, 'unknown']]);
  });

  it('an attempt whose answer is logged is that answer alone, whatever the request', async () => {
    const at = Date.now() - 30 * 60_000;
    const answered: ActionLogEntry = {...attempt(at), phase: 'success', details: {runId: '9', status: 'queued'}};
    // Another request of the same move, its answer not logged: it is the one that stays unknown.
    const other = {...attempt(at + 60_000), target: {...target, idempotencyKey: 'k-2'}};
    const home = homeWithLog([attempt(at), answered, other]);
    const o = capturedIo();
    await timelineCommand({command: 'timeline', since: '2h', format: 'json'} as never, timelineRuntime(timelineServices('prod', () => [])), {HOME: home} as never, o.io as never);
    const doc = JSON.parse(o.out) as {events: Array<{kind: string; text: string; subject?: Record<string, string>}>};
    expect(doc.events.filter((e) => e.kind.startsWith('rollback')).map((e) => [e.text, e.subject?.['idempotencyKey']])).toEqual([
      ['rollback checkout v2 → v1 requested', 'k-1'],
      [TEXT, 'k-2'],
    ]);
  });
});
