import {describe, expect, it} from 'vitest';
import {applyHidden, hiddenSummary, NOTHING_HIDDEN, quietKinds} from '../../src/domain/alert-states.ts';
import {makeAlert} from './alert-fixture.ts';

const ack = {by: 'me', until: 9e12, silenceId: 's-ack', comment: 'ACK!'};
const firing = makeAlert({fingerprint: 'f1'});
const acked = makeAlert({fingerprint: 'f2', state: 'suppressed', silencedBy: ['s-ack'], ack});
const ackedInMaintenance = makeAlert({fingerprint: 'f3', state: 'suppressed', silencedBy: ['s-ack', 's-maint'], ack});
const silenced = makeAlert({fingerprint: 'f4', state: 'suppressed', silencedBy: ['s-maint']});
const inhibited = makeAlert({fingerprint: 'f5', state: 'suppressed', inhibitedBy: ['f1']});
const all = [firing, acked, ackedInMaintenance, silenced, inhibited];

describe('quiet alerts', () => {
  it('tells acks from other silences and inhibitions', () => {
    expect(all.map(quietKinds)).toEqual([[], ['acked'], ['acked', 'silenced'], ['silenced'], ['inhibited']]);
  });

  it('hides the kinds asked for, counting each hidden alert once', () => {
    expect(applyHidden(all, NOTHING_HIDDEN)).toEqual({shown: all, hiddenCounts: {acked: 0, silenced: 0, inhibited: 0}});
    const bySilence = applyHidden(all, {...NOTHING_HIDDEN, silenced: true});
    expect(bySilence.shown).toEqual([firing, acked, inhibited]);
    expect(bySilence.hiddenCounts).toEqual({acked: 0, silenced: 2, inhibited: 0});
    const everything = applyHidden(all, {acked: true, silenced: true, inhibited: true});
    expect(everything.shown).toEqual([firing]);
    expect(everything.hiddenCounts).toEqual({acked: 2, silenced: 1, inhibited: 1});
  });

  it('says what the toggles hide, also when they hide nothing right now', () => {
    expect(hiddenSummary(NOTHING_HIDDEN, {acked: 0, silenced: 0, inhibited: 0})).toBe('');
    expect(hiddenSummary({acked: true, silenced: false, inhibited: true}, {acked: 2, silenced: 0, inhibited: 0})).toBe('hiding 2 acked · 0 inhibited');
  });
});
