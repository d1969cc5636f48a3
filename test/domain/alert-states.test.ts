import {describe, expect, it} from 'vitest';
import {applyHidden, hiddenSummary, NO_QUIET, NOTHING_HIDDEN, quietKinds, quietSummary, quietWord} from '../../src/domain/alert-states.ts';
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

  // Two unclustered Alertmanagers each hold one ack under an id of their own: the id `ack` did
  // not name made the alert "silenced" too, so `s` hid acked alerts and `state=silenced` listed them.
  it('counts every ack silence of the alert as the ack, not only the one `ack` names', () => {
    const twoIds = makeAlert({fingerprint: 'f6', state: 'suppressed', silencedBy: ['s-ack', 's-ack-2'], ack, ackSilenceIds: ['s-ack', 's-ack-2']});
    expect(quietKinds(twoIds)).toEqual(['acked']);
    const partial = makeAlert({fingerprint: 'f7', state: 'suppressed', silencedBy: ['s-ack', 's-maint'], partialAck: {...ack, missing: ['am-2'], holding: ['am-1'], matchers: []}});
    expect(quietKinds(partial)).toEqual(['silenced']);
  });

  it('calls an alert silenced or inhibited only while it is suppressed: firing on another Alertmanager, it is not quiet', () => {
    const halfSilenced = makeAlert({fingerprint: 'f8', state: 'firing', silencedBy: ['s-maint']});
    const halfInhibited = makeAlert({fingerprint: 'f9', state: 'firing', inhibitedBy: ['f1']});
    const partialAck = makeAlert({fingerprint: 'f10', state: 'firing', silencedBy: ['s-ack'], partialAck: {...ack, missing: ['am-2'], holding: ['am-1'], matchers: []}});
    expect([halfSilenced, halfInhibited, partialAck].map(quietKinds)).toEqual([[], [], []]);
    expect(applyHidden([halfSilenced, halfInhibited, partialAck], {acked: true, silenced: true, inhibited: true}).hiddenCounts).toEqual({acked: 0, silenced: 0, inhibited: 0});
  });

  // The collapsed alert pane counted every quiet alert "silenced/acked": an inhibited one, which
  // nobody has handled, read as handled.
  it('names why each quiet alert is quiet, once, and keeps silenced, acked and inhibited apart', () => {
    expect(all.map(quietWord)).toEqual([null, 'acked', 'acked', 'silenced', 'inhibited']);
    // Suppressed under an ack silence another Alertmanager lacks: neither acked nor silenced.
    const partial = makeAlert({fingerprint: 'f11', state: 'suppressed', silencedBy: ['s-ack'], partialAck: {...ack, missing: ['am-2'], holding: ['am-1'], matchers: []}});
    expect(quietWord(partial)).toBe('suppressed');
    // Acked on every Alertmanager but not yet suppressed by it: quiet all the same.
    expect(quietWord(makeAlert({fingerprint: 'f12', ack}))).toBe('acked');
    expect(quietSummary(NO_QUIET)).toBe('');
    expect(quietSummary({...NO_QUIET, silenced: 1, inhibited: 1})).toBe('1 silenced · 1 inhibited');
    expect(quietSummary({acked: 2, silenced: 0, inhibited: 1, suppressed: 1})).toBe('2 acked · 1 inhibited · 1 suppressed');
  });

  it('says what the toggles hide, also when they hide nothing right now', () => {
    expect(hiddenSummary(NOTHING_HIDDEN, {acked: 0, silenced: 0, inhibited: 0})).toBe('');
    expect(hiddenSummary({acked: true, silenced: false, inhibited: true}, {acked: 2, silenced: 0, inhibited: 0})).toBe('hiding 2 acked · 0 inhibited');
  });
});
