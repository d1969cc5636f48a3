/**
 * A group's unack that did not finish is tried again with u, never a: a on a group header sends
 * a new ack of every member, the opposite of what the user asked for.
 */
import {describe, expect, it} from 'vitest';
import type {ActionRecord} from '../../src/actions/action-record.ts';
import {alertActions, type AckIntent} from '../../src/actions/alert-actions.ts';
import {groupUnackText} from '../../src/actions/alert-ops.ts';
import type {SilenceOutcome, SilenceResult} from '../../src/queries/silence-results.ts';
import {actionData} from './action-fixtures.ts';

const expired: SilenceResult = {source: 'am-eu', ok: true, silenceId: 's1', retryable: false, attempts: 1};
const lost: SilenceResult = {source: 'am-eu', ok: false, silenceId: 's2', unknown: true, error: 'timeout: am-eu: the request timed out after it was sent', retryable: true, attempts: 1};
const refused: SilenceResult = {source: 'am-eu', ok: false, silenceId: 's2', error: 'unavailable: am-eu: HTTP 503', errorKind: 'unavailable', retryable: true, attempts: 1};
const outcomes: SilenceOutcome[] = [
  {status: 'unknown', results: [expired, lost]},
  {status: 'partial', results: [expired, refused]},
  {status: 'failed', results: [refused]},
];
const ack = alertActions.find((r) => r.id === 'ack') as ActionRecord<AckIntent>;
const header = {kind: 'alert' as const, id: 'g:api', label: 'service=api', groupFingerprints: ['a', 'b']};

describe('a group unack that did not finish', () => {
  it('says press u to retry, never a, whatever its outcome', () => {
    for (const outcome of outcomes) {
      const {text} = groupUnackText('2 alerts of service=api', outcome);
      expect(text).toMatch(/press u to retry/);
      expect(text).not.toMatch(/press a\b/);
    }
  });

  it('leaves a on its header a new ack, not presented as a retry of the unack', () => {
    const unack = {action: 'unack' as const, status: 'unknown' as const, attempts: 1, error: 'timeout', sources: [], submittedAt: 0};
    const data = actionData(undefined, {ackStates: new Map([['a', unack], ['b', unack]])});
    for (const target of [header, {kind: 'alert' as const, id: 'a', label: 'CrashLoop'}]) {
      const plan = ack.plan!({target, data});
      expect(plan.kind === 'refuse' ? plan.kind : plan.intent.kind).toBe('send');
      if (plan.kind !== 'refuse') expect(ack.progress!(plan.intent).text).toMatch(/^acking /);
    }
  });
});
