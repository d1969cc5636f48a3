import {expect, it} from 'vitest';
import {CLOSED_BEFORE_ANSWER, trackTries} from '../../src/cli/unanswered-tries.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';

const at = '2026-01-01T00:00:00.000Z';
const base = {at, context: 'prod', target: {alertname: 'DiskFull'}, source: 'am-1'};

it('logs as unknown only the ack and unack tries with no outcome of their own', async () => {
  const log: ActionLogEntry[] = [];
  const tries = trackTries(async (e) => void log.push(e));
  await tries.record({...base, action: 'ack', attempt: 1, phase: 'attempt'});
  await tries.record({...base, action: 'ack', attempt: 1, phase: 'failure', error: 'down'});
  await tries.record({...base, action: 'ack', attempt: 2, phase: 'attempt', details: {fingerprint: 'f1'}});
  await tries.record({...base, action: 'unack', attempt: 1, phase: 'attempt', target: {silenceId: 's1'}});
  await tries.record({...base, action: 'unack', attempt: 1, phase: 'success', target: {silenceId: 's1'}});
  // A rollback dispatch with no answer keeps its own meaning (in flight): not closed here.
  await tries.record({...base, action: 'rollback', attempt: 1, phase: 'attempt'});
  log.length = 0;
  await tries.abandon('2026-01-01T00:00:15.000Z');
  expect(log).toEqual([{...base, at: '2026-01-01T00:00:15.000Z', action: 'ack', attempt: 2, phase: 'unknown', error: CLOSED_BEFORE_ANSWER, details: {fingerprint: 'f1'}}]);
  // Once: a second end logs nothing more.
  await tries.abandon(at);
  expect(log).toHaveLength(1);
});

it('closes every action with a logged attempt but rollbacks: incident acks, extensions, resolves', async () => {
  const log: ActionLogEntry[] = [];
  const tries = trackTries(async (e) => void log.push(e));
  const incident = {at, context: 'prod', target: {incident: 'PD #7', id: 'P1'}, source: 'pd'};
  await tries.record({...incident, action: 'resolve', phase: 'attempt'});
  await tries.record({...incident, action: 'ack', attempt: 1, phase: 'attempt'});
  await tries.record({...base, action: 'ack-extend', attempt: 1, phase: 'attempt'});
  await tries.record({...base, action: 'rollback', phase: 'attempt'});
  log.length = 0;
  await tries.abandon(at);
  expect(log.map((e) => [e.action, e.phase]).sort()).toEqual([['ack', 'unknown'], ['ack-extend', 'unknown'], ['resolve', 'unknown']]);
});

it('drops an answer that comes after its try was logged as unknown: one outcome per try', async () => {
  const log: ActionLogEntry[] = [];
  const tries = trackTries(async (e) => void log.push(e));
  await tries.record({...base, action: 'ack', attempt: 1, phase: 'attempt'});
  await tries.abandon('2026-01-01T00:00:15.000Z');
  await tries.record({...base, action: 'ack', attempt: 1, phase: 'success', silenceId: 's1'});
  expect(log.map((e) => e.phase)).toEqual(['attempt', 'unknown']);
});
