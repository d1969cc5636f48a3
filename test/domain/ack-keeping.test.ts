import {describe, expect, it} from 'vitest';
import {keptAcks, mergeLastExtended, type AckKeeperRun} from '../../src/domain/ack-keeping.ts';
import {makeAlert} from './alert-fixture.ts';

const MIN = 60_000;
const AT = 1_000_000_000_000;
const run = (over: Partial<AckKeeperRun> = {}): AckKeeperRun => ({at: AT, extended: [], failed: [], unknown: [], unread: [], nextAt: AT + 45_000, lastExtended: {}, ...over});
const acked = (fingerprint: string, by: string, untilIn: number, seenBy = ['am-1']) => makeAlert({fingerprint, seenBy, ack: {by, until: AT + untilIn, silenceId: `s-${fingerprint}`, comment: 'ACK! on it'}});

describe('keptAcks', () => {
  it('gives each alert of a run its outcome, a failure over a success of another silence', () => {
    const kept = keptAcks(
      run({
        extended: [{source: 'am-1', previousId: 's1', silenceId: 's2', endsAt: AT + 15 * MIN, fingerprints: ['a', 'b']}],
        failed: [{source: 'am-1', silenceId: 's3', error: 'refused', fingerprints: ['b'], endsAt: AT + 2 * MIN}],
        unknown: [{source: 'am-1', silenceId: 's4', error: 'lost', fingerprints: ['c'], endsAt: AT + 3 * MIN}],
        lastExtended: {a: {at: AT, endsAt: AT + 15 * MIN}},
      }),
      [],
    );
    expect(kept.get('a')).toEqual({status: 'extended', endsAt: AT + 15 * MIN, lastExtended: {at: AT, endsAt: AT + 15 * MIN}, error: null, at: AT, nextAt: AT + 45_000, source: 'am-1'});
    expect(kept.get('b')).toMatchObject({status: 'failed', endsAt: AT + 2 * MIN, error: 'refused'});
    expect(kept.get('c')).toMatchObject({status: 'unknown', endsAt: AT + 3 * MIN, error: 'lost'});
  });

  it('counts an own ack due for extension on an unread Alertmanager as not extended, and nothing else', () => {
    const alerts = [acked('due', 'me', 2 * MIN), acked('later', 'me', 10 * MIN), acked('theirs', 'other', 2 * MIN), acked('elsewhere', 'me', 2 * MIN, ['am-2']), makeAlert({fingerprint: 'plain', seenBy: ['am-1']})];
    const kept = keptAcks(run({unread: [{sources: ['am-1'], error: 'timeout'}]}), alerts, {author: 'me', prefix: 'ACK!'});
    expect([...kept.keys()]).toEqual(['due']);
    expect(kept.get('due')).toMatchObject({status: 'failed', endsAt: AT + 2 * MIN, error: 'timeout', source: 'am-1'});
  });

  it('says nothing before the first run', () => {
    expect(keptAcks(undefined, [acked('due', 'me', MIN)]).size).toBe(0);
  });
});

describe('mergeLastExtended', () => {
  it('keeps earlier extensions until they end and takes the run own', () => {
    const before = {old: {at: AT - 20 * MIN, endsAt: AT - MIN}, live: {at: AT - 5 * MIN, endsAt: AT + 10 * MIN}};
    expect(mergeLastExtended(before, {at: AT, extended: [{source: 'am-1', previousId: 'x', silenceId: 'y', endsAt: AT + 15 * MIN, fingerprints: ['new']}]})).toEqual({
      live: {at: AT - 5 * MIN, endsAt: AT + 10 * MIN},
      new: {at: AT, endsAt: AT + 15 * MIN},
    });
  });
});
