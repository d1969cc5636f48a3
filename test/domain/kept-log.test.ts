import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {keptFromLog} from '../../src/domain/kept-log.ts';

const e = (at: string, phase: ActionLogEntry['phase'], silenceId: string, more: Partial<ActionLogEntry> = {}): ActionLogEntry => ({at, action: 'ack-extend', phase, context: 'prod', target: {}, silenceId, ...more});

describe('keptFromLog', () => {
  it('gives the latest outcome of a silence, an extension also under the silence it replaced', () => {
    const lookup = keptFromLog([
      e('2026-12-07T00:00:00Z', 'attempt', 's1'),
      e('2026-12-07T00:00:01Z', 'failure', 's1', {error: 'refused'}),
      e('2026-12-07T00:00:46Z', 'success', 's2', {details: {previousId: 's1'}}),
      e('2026-12-07T00:01:00Z', 'unknown', 's3', {error: 'lost'}),
      // Written later, stamped earlier (a clock stepped back, another host's clock): the log's order decides.
      e('2026-12-07T00:00:30Z', 'failure', 's3', {error: 'older'}),
    ]);
    expect(lookup('prod', 's1')).toEqual({status: 'extended', at: '2026-12-07T00:00:46.000Z', error: null});
    expect(lookup('prod', 's2')).toEqual({status: 'extended', at: '2026-12-07T00:00:46.000Z', error: null});
    expect(lookup('prod', 's3')).toEqual({status: 'failed', at: '2026-12-07T00:00:30.000Z', error: 'older'});
  });

  it('ignores other actions, attempts, other contexts and entries without a readable time', () => {
    const lookup = keptFromLog([
      e('2026-12-07T00:00:00Z', 'success', 's1', {action: 'ack'}),
      e('2026-12-07T00:00:00Z', 'attempt', 's2'),
      e('2026-12-07T00:00:00Z', 'failure', 's3', {context: 'other', error: 'x'}),
      e('yesterday', 'failure', 's4', {error: 'x'}),
    ]);
    expect(['s1', 's2', 's3', 's4'].map((id) => lookup('prod', id))).toEqual([undefined, undefined, undefined, undefined]);
    expect(lookup('other', 's3')).toMatchObject({status: 'failed', error: 'x'});
  });
});

describe('keptFromLog after an ack made anew', () => {
  // Alertmanager updates an active silence in place: a re-ack keeps the silence's id, and what
  // the keeper did before is of the old ack. A later keeper outcome counts again.
  it('forgets the outcomes before an ack of the same silence, and counts those after it', () => {
    const lookup = keptFromLog([
      e('2026-12-07T00:00:01Z', 'failure', 's1', {error: 'refused'}),
      e('2026-12-07T00:05:00Z', 'success', 's1', {action: 'ack'}),
      e('2026-12-07T00:00:01Z', 'failure', 's2', {error: 'refused'}),
      e('2026-12-07T00:05:00Z', 'success', 's2', {action: 'ack'}),
      e('2026-12-07T00:20:00Z', 'success', 's2', {details: {previousId: 's2'}}),
    ]);
    expect(lookup('prod', 's1')).toBeUndefined();
    expect(lookup('prod', 's2')).toEqual({status: 'extended', at: '2026-12-07T00:20:00.000Z', error: null});
  });
});
