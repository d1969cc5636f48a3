/**
 * What the dashboard says on stderr as it leaves with actions in flight: what it waits for, and
 * how each ended (one line per action and source, the last word), sanitized.
 */
import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {leavingActions, outcomeLine, waitingLine} from '../../src/cli/leaving-actions.ts';

const ack = (phase: ActionLogEntry['phase'], attempt: number, error?: string): ActionLogEntry => ({at: '2026-12-07T10:00:00Z', action: 'ack', phase, context: 'prod', target: {alertname: 'CheckoutDown'}, source: 'am', attempt, ...(error ? {error} : {})});

describe('leaving with actions in flight', () => {
  it('answers the tries in flight at leave, then the last outcome of each', async () => {
    const written: ActionLogEntry[] = [];
    const l = leavingActions(async (e) => void written.push(e));
    await l.record(ack('attempt', 1));
    await l.record({...ack('success', 0), action: 'note'});
    expect(l.leave()).toEqual([ack('attempt', 1)]);
    await l.record(ack('failure', 1, 'timeout'));
    await l.record(ack('failure', 2, 'stopped: the dashboard closed while retrying'));
    expect(l.settled()).toEqual([ack('failure', 2, 'stopped: the dashboard closed while retrying')]);
    expect(written).toHaveLength(4);
  });

  it('says what it waits for and how long, a rollback without a bound of its own', () => {
    expect(waitingLine([ack('attempt', 1)], 10_000)).toBe('oncall: waiting up to 10 s for the answer to ack CheckoutDown (Ctrl-C stops waiting; the action log keeps its outcome)\n');
    const rollback: ActionLogEntry = {at: '', action: 'rollback', phase: 'attempt', context: 'prod', target: {service: 'checkout', from: 'v2', to: 'v1'}};
    expect(waitingLine([rollback], 10_000)).toMatch(/^oncall: waiting until its provider answers for the answer to rollback checkout v2 → v1/);
  });

  it('says each outcome in one sanitized line', () => {
    expect(outcomeLine(ack('failure', 1, 'timeout\x1b[2J'))).not.toContain('\x1b');
    expect(outcomeLine(ack('unknown', 1, 'no answer'))).toBe('oncall: ack CheckoutDown on am: outcome unknown: no answer\n');
    expect(outcomeLine(ack('success', 1))).toBe('oncall: ack CheckoutDown on am: done\n');
  });

  // A success settled without doing what was asked (or found done after a lost answer) carries a
  // note: "done" would claim the user's action did it.
  it('says a success by its note when it carries one, sanitized', () => {
    const incidentAck: ActionLogEntry = {at: '', action: 'ack', phase: 'success', context: 'prod', target: {incident: 'PD #12', id: 'Q1'}, source: 'pd', details: {note: 'resolved meanwhile, nothing to acknowledge'}};
    expect(outcomeLine(incidentAck)).toBe('oncall: ack PD #12 on pd: resolved meanwhile, nothing to acknowledge\n');
    expect(outcomeLine({...incidentAck, details: {note: 'already acknowledged'}})).toBe('oncall: ack PD #12 on pd: already acknowledged\n');
    expect(outcomeLine({...ack('success', 2), details: {note: 'found in place: the answer to sending it was lost'}})).toBe('oncall: ack CheckoutDown on am: found in place: the answer to sending it was lost\n');
    const unack: ActionLogEntry = {at: '', action: 'unack', phase: 'success', context: 'prod', target: {silenceId: 's1'}, source: 'am', details: {note: 'already gone\x1b[2J'}};
    expect(outcomeLine(unack)).toMatch(/^oncall: unack silenceId=s1 on am: already gone/);
    expect(outcomeLine(unack)).not.toContain('\x1b');
  });

  // The resolve's target is {incident, id, service}: the line named the service alone
  // ("resolve checkout"), not which of its incidents was or was not resolved.
  it('a resolve names the incident it resolved, and its service', () => {
    const resolve: ActionLogEntry = {action: 'resolve', context: 'prod', target: {incident: 'PD #4711', id: 'Q1ABC', service: 'checkout'}, source: 'pd', phase: 'failure', at: '2026-01-01T00:00:00Z', error: 'timeout'};
    expect(outcomeLine(resolve)).toBe('oncall: resolve PD #4711 (checkout) on pd: NOT done: timeout\n');
    expect(waitingLine([{...resolve, phase: 'attempt'}], 10_000)).toContain('the answer to resolve PD #4711 (checkout) (Ctrl-C');
  });
});
