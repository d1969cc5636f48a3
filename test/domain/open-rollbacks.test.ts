import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {OPEN_ROLLBACK_MS, openRollbacks} from '../../src/domain/open-rollbacks.ts';

const T0 = Date.parse('2026-05-04T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const target = {service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: 'k'};
const started = (runId: string, ms: number, over: Partial<ActionLogEntry> = {}): ActionLogEntry => ({at: at(ms), action: 'rollback', phase: 'success', context: 'prod', target, source: 'gh', details: {runId, status: 'queued', url: `https://ci/${runId}`}, ...over});
const watched = (runId: string, status: string, ms: number): ActionLogEntry => ({at: at(ms), action: 'rollback-watch', phase: status === 'success' ? 'success' : 'failure', context: 'prod', target, source: 'gh', details: {runId, status, url: null}});
const where = {context: 'prod', service: 'checkout', environment: 'production'};

describe('openRollbacks', () => {
  it('lists started runs without a finished outcome, newest first; "stopped following" is not an outcome', () => {
    const log = [started('1', T0 - 60_000), watched('1', 'success', T0 - 30_000), started('2', T0 - 20_000), started('3', T0 - 10_000), watched('3', 'running', T0 - 5000)];
    expect(openRollbacks(log, where, T0)).toEqual([
      {at: T0 - 10_000, runId: '3', url: 'https://ci/3'},
      {at: T0 - 20_000, runId: '2', url: 'https://ci/2'},
    ]);
    expect(openRollbacks([...log, watched('2', 'failure', T0), watched('3', 'cancelled', T0)], where, T0)).toEqual([]);
  });

  it('keeps to the service, environment and context, to starts that were sent, and to the last two hours', () => {
    const log = [
      started('a', T0, {target: {...target, service: 'cart'}}),
      started('b', T0, {target: {...target, environment: 'staging'}}),
      started('c', T0, {context: 'eu'}),
      started('d', T0, {phase: 'attempt'}),
      started('e', T0, {phase: 'failure'}),
      started('f', T0 - OPEN_ROLLBACK_MS - 1),
    ];
    expect(openRollbacks(log, where, T0)).toEqual([]);
    // Another context's outcome for the same run id does not end this one.
    expect(openRollbacks([started('g', T0), {...watched('g', 'success', T0), context: 'eu'}], where, T0).map((r) => r.runId)).toEqual(['g']);
  });
});
