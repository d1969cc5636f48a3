import {describe, expect, it} from 'vitest';
import {keeperOwes, keptAcks, mergeLastExtended, runKept, type AckKeeperRun} from '../../src/domain/ack-keeping.ts';
import {makeAlert} from './alert-fixture.ts';

const MIN = 60_000;
const AT = 1_000_000_000_000;
const run = (over: Partial<AckKeeperRun> = {}): AckKeeperRun => ({at: AT, extended: [], failed: [], unknown: [], unread: [], nextAt: AT + 45_000, lastExtended: {}, ...over});
const acked = (fingerprint: string, by: string, untilIn: number, seenBy = ['am-1'], silenceId = `s-${fingerprint}`) => makeAlert({fingerprint, seenBy, ack: {by, until: AT + untilIn, silenceId, comment: 'ACK! on it'}});

describe('keptAcks', () => {
  it('gives each alert of a run its outcome, a failure over a success of another silence', () => {
    const kept = keptAcks(
      run({
        extended: [{source: 'am-1', previousId: 's1', silenceId: 's2', endsAt: AT + 15 * MIN, fingerprints: ['a', 'b']}],
        failed: [{source: 'am-1', silenceId: 's3', error: 'refused', fingerprints: ['b'], endsAt: AT + 2 * MIN}],
        unknown: [{source: 'am-1', silenceId: 's4', error: 'lost', fingerprints: ['c'], endsAt: AT + 3 * MIN}],
        lastExtended: {a: {at: AT, endsAt: AT + 15 * MIN, silenceIds: ['s2', 's1']}},
      }),
      // a still shows the silence replaced: the alerts were not read since the run.
      [acked('a', 'me', 2 * MIN, ['am-1'], 's1'), acked('b', 'me', 2 * MIN, ['am-1'], 's3'), acked('c', 'me', 3 * MIN, ['am-1'], 's4')],
    );
    expect(kept.get('a')).toEqual({status: 'extended', endsAt: AT + 15 * MIN, lastExtended: {at: AT, endsAt: AT + 15 * MIN}, error: null, at: AT, nextAt: AT + 45_000, source: 'am-1'});
    expect(kept.get('b')).toMatchObject({status: 'failed', endsAt: AT + 2 * MIN, error: 'refused'});
    expect(kept.get('c')).toMatchObject({status: 'unknown', endsAt: AT + 3 * MIN, error: 'lost'});
  });

  it('says a partial ack (held on am-1, missing on am-2) extended: it is the alert\'s ack as much as a whole one', () => {
    const partialAck = {by: 'me', until: AT + MIN, silenceId: 's1', comment: 'ACK! on it', missing: ['am-2'], holding: ['am-1'], matchers: []};
    const alert = makeAlert({fingerprint: 'f1', seenBy: ['am-1', 'am-2'], silencedBy: ['s1'], ack: null, partialAck});
    const r = run({extended: [{source: 'am-1', previousId: 's1', silenceId: 's1', endsAt: AT + 15 * MIN, fingerprints: ['f1']}]});
    r.lastExtended = mergeLastExtended(undefined, r);
    expect(keptAcks(r, [alert], {author: 'me', prefix: 'ACK!'}).get('f1')).toMatchObject({status: 'extended', endsAt: AT + 15 * MIN});
  });

  // Two unclustered Alertmanagers hold one ack as s1 (am-1) and s2 (am-2); `ack` names s1. Extended
  // on am-1 and failed on am-2, the row said "extended" while am-2 would page once s2 ended.
  it('says NOT EXTENDED when the extension failed on the Alertmanager whose silence `ack` does not name', () => {
    const alert = makeAlert({
      fingerprint: 'f1',
      state: 'suppressed',
      seenBy: ['am-1', 'am-2'],
      silencedBy: ['s1', 's2'],
      ack: {by: 'me', until: AT + 2 * MIN, silenceId: 's1', comment: 'ACK! on it'},
      // As `ackAcrossSources` judges it: both silences are the ack.
      ackSilenceIds: ['s1', 's2'],
    });
    const r = run({
      extended: [{source: 'am-1', previousId: 's1', silenceId: 's1', endsAt: AT + 15 * MIN, fingerprints: ['f1']}],
      failed: [{source: 'am-2', silenceId: 's2', error: 'HTTP 500', fingerprints: ['f1'], endsAt: AT + 2 * MIN}],
    });
    r.lastExtended = mergeLastExtended(undefined, r);
    expect(keptAcks(r, [alert], {author: 'me', prefix: 'ACK!'}).get('f1')).toMatchObject({status: 'failed', source: 'am-2', error: 'HTTP 500'});
  });

  it('counts an own ack due for extension on an unread Alertmanager as not extended, and nothing else', () => {
    const alerts = [acked('due', 'me', 2 * MIN), acked('later', 'me', 10 * MIN), acked('theirs', 'other', 2 * MIN), acked('elsewhere', 'me', 2 * MIN, ['am-2']), makeAlert({fingerprint: 'plain', seenBy: ['am-1']})];
    const kept = keptAcks(run({unread: [{sources: ['am-1'], error: 'timeout'}]}), alerts, {author: 'me', prefix: 'ACK!'});
    expect([...kept.keys()]).toEqual(['due']);
    expect(kept.get('due')).toMatchObject({status: 'failed', endsAt: AT + 2 * MIN, error: 'timeout', source: 'am-1'});
  });

  it("says an ack is kept only while the alert's ack is the silence the keeper extended: not after an unack, nor of a new ack", () => {
    const extended = run({
      at: AT + 45_000,
      lastExtended: {kept: {at: AT, endsAt: AT + 15 * MIN, silenceIds: ['s2', 's1']}, unacked: {at: AT, endsAt: AT + 15 * MIN, silenceIds: ['s4', 's3']}, reacked: {at: AT, endsAt: AT + 15 * MIN, silenceIds: ['s6', 's5']}},
    });
    const alerts = [acked('kept', 'me', 15 * MIN, ['am-1'], 's2'), makeAlert({fingerprint: 'unacked', seenBy: ['am-1']}), acked('reacked', 'me', 60 * MIN, ['am-1'], 's7')];
    const kept = keptAcks(extended, alerts, {author: 'me', prefix: 'ACK!'});
    expect([...kept.keys()]).toEqual(['kept']);
    expect(kept.get('kept')).toMatchObject({status: 'extended', lastExtended: {at: AT, endsAt: AT + 15 * MIN}});
    // Extended in this very run, then unacked before the alerts were read again.
    const now = run({extended: [{source: 'am-1', previousId: 's3', silenceId: 's4', endsAt: AT + 15 * MIN, fingerprints: ['unacked']}]});
    expect(keptAcks(now, [makeAlert({fingerprint: 'unacked', seenBy: ['am-1']})]).size).toBe(0);
  });

  it("says an ack was not extended, or may not have been, only while the alert's ack is the silence the keeper tried: not after an unack, nor of a new ack", () => {
    const failing = run({
      failed: [{source: 'am-1', silenceId: 's1', error: 'refused', fingerprints: ['still', 'unacked', 'reacked'], endsAt: AT + 2 * MIN}],
      unknown: [{source: 'am-1', silenceId: 's2', error: 'lost', fingerprints: ['maybe', 'unacked2', 'reacked2'], endsAt: AT + 3 * MIN}],
    });
    const alerts = [
      acked('still', 'me', 2 * MIN, ['am-1'], 's1'),
      makeAlert({fingerprint: 'unacked', seenBy: ['am-1']}),
      acked('reacked', 'me', 60 * MIN, ['am-1'], 's9'),
      acked('maybe', 'me', 3 * MIN, ['am-1'], 's2'),
      makeAlert({fingerprint: 'unacked2', seenBy: ['am-1']}),
      acked('reacked2', 'me', 60 * MIN, ['am-1'], 's8'),
    ];
    const kept = keptAcks(failing, alerts, {author: 'me', prefix: 'ACK!'});
    expect([...kept.keys()].sort()).toEqual(['maybe', 'still']);
    expect(kept.get('still')).toMatchObject({status: 'failed', error: 'refused'});
    expect(kept.get('maybe')).toMatchObject({status: 'unknown', error: 'lost'});
  });

  it('says nothing before the first run', () => {
    expect(keptAcks(undefined, [acked('due', 'me', MIN)]).size).toBe(0);
  });
});

describe('mergeLastExtended', () => {
  it('keeps earlier extensions until they end and takes the run own', () => {
    const before = {old: {at: AT - 20 * MIN, endsAt: AT - MIN, silenceIds: ['o']}, live: {at: AT - 5 * MIN, endsAt: AT + 10 * MIN, silenceIds: ['l']}};
    const extended = [
      {source: 'am-1', previousId: 'x', silenceId: 'y', endsAt: AT + 15 * MIN, fingerprints: ['new']},
      {source: 'am-2', previousId: 'x2', silenceId: 'y2', endsAt: AT + 15 * MIN, fingerprints: ['new']},
    ];
    expect(mergeLastExtended(before, {at: AT, extended})).toEqual({
      live: {at: AT - 5 * MIN, endsAt: AT + 10 * MIN, silenceIds: ['l']},
      new: {at: AT, endsAt: AT + 15 * MIN, silenceIds: ['y', 'x', 'y2', 'x2']},
    });
  });
});

describe('keeperOwes', () => {
  it('owes a context its runs until a run read everything and found no own ack left', () => {
    expect(keeperOwes(run({held: 0}), false)).toBe(false);
    expect(keeperOwes(run({held: 2}), false)).toBe(true);
  });

  it('owes them before any run, after an ack the run could not see, and while something was left undone', () => {
    expect(keeperOwes(undefined, false)).toBe(true);
    expect(keeperOwes(run({held: 0}), true)).toBe(true);
    expect(keeperOwes(run({held: 0, unread: [{sources: ['am-1'], error: 'down'}]}), false)).toBe(true);
    expect(keeperOwes(run({held: 0, unknown: [{source: 'am-1', silenceId: 's1', error: 'lost'}]}), false)).toBe(true);
    expect(keeperOwes(run({held: 0, failed: [{source: 'am-1', silenceId: 's1', error: 'refused'}]}), false)).toBe(true);
    // A peer that could not be read while another answered: the run saw its cluster's acks.
    expect(keeperOwes(run({held: 0, failed: [{source: 'am-2', error: 'down'}]}), false)).toBe(false);
  });
});

describe('runKept', () => {
  it('gives the failed and unknown replacements of a run by alert, a failure over an unknown', () => {
    const kept = runKept(
      run({
        extended: [{source: 'am-1', previousId: 's1', silenceId: 's2', endsAt: AT + 15 * MIN, fingerprints: ['a']}],
        failed: [{source: 'am-1', silenceId: 's3', error: 'refused', fingerprints: ['b'], endsAt: AT + 2 * MIN}, {source: 'am-2', error: 'down'}],
        unknown: [{source: 'am-1', silenceId: 's4', error: 'lost', fingerprints: ['b', 'c'], endsAt: AT + 3 * MIN}],
      }),
    );
    expect([...kept.keys()].sort()).toEqual(['b', 'c']);
    expect(kept.get('b')).toMatchObject({status: 'failed', error: 'refused', endsAt: AT + 2 * MIN, nextAt: AT + 45_000});
    expect(kept.get('c')).toMatchObject({status: 'unknown', error: 'lost', endsAt: AT + 3 * MIN});
  });
});
