import {describe, expect, it} from 'vitest';
import {ACK_PREFIX, ackAcrossSources, ackFromSilences, ackMatchers, anyAckSilence, NOT_ACKED, type SilenceReport} from '../../src/domain/alert-ack.ts';
import type {Silence} from '../../src/domain/alert.ts';
import {makeAlert} from './alert-fixture.ts';

const NOW = 1_000_000;

function silence(id: string, over: Partial<Silence> = {}): Silence {
  return {id, state: 'active', matchers: [], startsAt: NOW - 60_000, endsAt: NOW + 900_000, createdBy: 'primary', comment: 'ACK! looking', ...over};
}

describe('ackFromSilences', () => {
  const alert = makeAlert({fingerprint: 'f', silencedBy: ['s1', 's2', 's3']});

  it('finds an active ACK! silence among the ones silencing the alert', () => {
    expect(ackFromSilences(alert, [silence('s1')], undefined, NOW)).toEqual({by: 'primary', until: NOW + 900_000, silenceId: 's1', comment: 'ACK! looking'});
    expect(ACK_PREFIX).toBe('ACK!');
  });

  it('picks the ack ending last', () => {
    const got = ackFromSilences(alert, [silence('s1', {endsAt: NOW + 5}), silence('s2', {endsAt: NOW + 50, createdBy: 'secondary'}), silence('s3', {endsAt: NOW + 10})], 'ACK!', NOW);
    expect([got?.silenceId, got?.by]).toEqual(['s2', 'secondary']);
  });

  it('ignores plain silences, silences of other alerts, expired or pending ones, and ones ended by now', () => {
    const ignored = [
      silence('s1', {comment: 'maintenance window'}),
      silence('other'),
      silence('s2', {state: 'expired'}),
      silence('s3', {state: 'pending'}),
    ];
    expect(ackFromSilences(alert, ignored, undefined, NOW)).toBeNull();
    expect(ackFromSilences(alert, [silence('s1', {endsAt: NOW})], undefined, NOW)).toBeNull();
    expect(ackFromSilences(alert, [silence('s1', {comment: ' ACK! leading space'})], undefined, NOW)).toBeNull();
  });

  it('accepts a configured prefix', () => {
    expect(ackFromSilences(alert, [silence('s1', {comment: '[ack] mine'})], '[ack]', NOW)?.silenceId).toBe('s1');
    expect(ackFromSilences(alert, [silence('s1')], '[ack]', NOW)).toBeNull();
  });
});

describe('ackMatchers', () => {
  const alert = makeAlert({fingerprint: 'f', labels: {service: 'checkout', alertname: 'HighErrorRate', pod: 'checkout-7d9f', severity: 'critical'}});

  it('matches every label exactly, sorted by name', () => {
    expect(ackMatchers(alert, [])).toEqual([
      {name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true},
      {name: 'pod', value: 'checkout-7d9f', isRegex: false, isEqual: true},
      {name: 'service', value: 'checkout', isRegex: false, isEqual: true},
      {name: 'severity', value: 'critical', isRegex: false, isEqual: true},
    ]);
  });

  it('drops volatile labels but never alertname', () => {
    expect(ackMatchers(alert, ['pod', 'alertname', 'absent']).map((m) => m.name)).toEqual(['alertname', 'service', 'severity']);
  });

  // Without it, the ack of a nameless alert (hand-posted, relabelled) with `pod` volatile was
  // `instance=db-1:9100` alone, silencing every later alert of that instance whatever its name.
  it('pins alertname="" on an alert without one (Alertmanager matches it only where the label is absent)', () => {
    const nameless = makeAlert({fingerprint: 'f1', name: '', labels: {instance: 'db-1:9100', pod: 'db-1-abc'}});
    expect(ackMatchers(nameless, ['pod'])).toEqual([
      {name: 'alertname', value: '', isRegex: false, isEqual: true},
      {name: 'instance', value: 'db-1:9100', isRegex: false, isEqual: true},
    ]);
  });
});

describe('ackAcrossSources', () => {
  const matchers = [{name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true}];
  const firing = makeAlert({fingerprint: 'f'});
  const silencedBy = (id: string) => makeAlert({fingerprint: 'f', state: 'suppressed', silencedBy: [id]});
  const report = (source: string, alert: ReturnType<typeof makeAlert> | null, silences: Silence[] | null): SilenceReport => ({source, alerts: new Map(alert ? [[alert.fingerprint, alert]] : []), silences});

  it('is acked when every Alertmanager reporting the alert has it silenced by an ack of its own', () => {
    const got = ackAcrossSources(firing, [report('am-1', silencedBy('a1'), [silence('a1', {matchers})]), report('am-2', silencedBy('b1'), [silence('b1', {matchers, endsAt: NOW + 5})])], 'ACK!', NOW);
    // Both ids are the ack: `ack` names one, `ackSilenceIds` every one (none is a plain silence).
    expect(got).toEqual({ack: {by: 'primary', until: NOW + 900_000, silenceId: 'a1', comment: 'ACK! looking'}, partialAck: null, ackSilenceIds: ['a1', 'b1']});
  });

  it('is only partly acked, and not acked, when one Alertmanager reports it unsilenced', () => {
    const got = ackAcrossSources(firing, [report('am-1', silencedBy('a1'), [silence('a1', {matchers})]), report('am-2', firing, [])], 'ACK!', NOW);
    expect(got).toEqual({
      ack: null,
      partialAck: {by: 'primary', until: NOW + 900_000, silenceId: 'a1', comment: 'ACK! looking', missing: ['am-2'], holding: ['am-1'], matchers},
      ackSilenceIds: ['a1'],
    });
  });

  it('names every user with an ack on the alert when there are several, the one ending last shown', () => {
    const both = makeAlert({fingerprint: 'f', state: 'suppressed', silencedBy: ['m', 'o']});
    const silences = [silence('m', {createdBy: 'me'}), silence('o', {createdBy: 'alice', endsAt: NOW + 3_600_000})];
    const got = ackAcrossSources(firing, [report('am-1', both, silences)], 'ACK!', NOW);
    expect(got.ack?.by).toBe('alice');
    expect(got.ackers).toEqual(['alice', 'me']);
    // One user only: nothing more to say than the ack itself.
    expect(ackAcrossSources(firing, [report('am-1', both, [silences[0]!])], 'ACK!', NOW).ackers).toBeUndefined();
  });

  it('counts a plain silence as no ack, and ignores Alertmanagers that do not report the alert', () => {
    const plain = ackAcrossSources(firing, [report('am-1', silencedBy('a1'), [silence('a1', {matchers})]), report('am-2', silencedBy('p'), [silence('p', {comment: 'maintenance'})])], 'ACK!', NOW);
    expect(plain.partialAck?.missing).toEqual(['am-2']);
    const absent = ackAcrossSources(firing, [report('am-1', silencedBy('a1'), [silence('a1', {matchers})]), report('am-2', null, [])], 'ACK!', NOW);
    expect(absent.ack?.silenceId).toBe('a1');
    expect(ackAcrossSources(firing, [report('am-1', firing, [])], 'ACK!', NOW)).toEqual({ack: null, partialAck: null});
  });

  // One silence sent through one peer of an HA pair: the read right after it saw the other peer
  // before gossip brought it there, and said ACK PARTIAL for an ack that was whole.
  it('judges the peers of one declared cluster as one: a peer whose cluster-mate holds the ack holds it', () => {
    const inCluster = (r: SilenceReport, cluster: string): SilenceReport => ({...r, cluster});
    // Made 5 s ago: gossip may not have brought it to ha-2 yet.
    const pair = [inCluster(report('ha-1', silencedBy('a1'), [silence('a1', {matchers, updatedAt: NOW - 5_000})]), 'ha'), inCluster(report('ha-2', firing, []), 'ha')];
    expect(ackAcrossSources(firing, pair, 'ACK!', NOW)).toEqual({ack: {by: 'primary', until: NOW + 900_000, silenceId: 'a1', comment: 'ACK! looking'}, partialAck: null, ackSilenceIds: ['a1']});
    // Silences unread on the mate: the cluster's silence is the one read on ha-1.
    const unread = [inCluster(report('ha-1', silencedBy('a1'), [silence('a1', {matchers})]), 'ha'), inCluster(report('ha-2', silencedBy('a1'), null), 'ha')];
    expect(ackAcrossSources(firing, unread, 'ACK!', NOW).ack?.silenceId).toBe('a1');
    // Another cluster, or an Alertmanager of no cluster, is still missing it: it notifies.
    const apart = [...pair, inCluster(report('eu-1', firing, []), 'eu'), report('am-x', firing, [])];
    expect(ackAcrossSources(firing, apart, 'ACK!', NOW).partialAck).toMatchObject({holding: ['ha-1', 'ha-2'], missing: ['eu-1', 'am-x']});
  });

  it('is unknown where the alert is silenced and the silences went unread, not acked nor unacked', () => {
    // Silenced by something: an ack, or a plain silence, cannot be told without the list.
    expect(ackAcrossSources(firing, [report('am-1', silencedBy('a1'), null)], 'ACK!', NOW)).toEqual({ack: null, partialAck: null, ackUnknown: ['am-1']});
    // Even beside an Alertmanager that holds an ack: the unread one may be all that notifies.
    const beside = ackAcrossSources(firing, [report('am-1', silencedBy('a1'), [silence('a1', {matchers})]), report('am-2', silencedBy('b1'), null)], 'ACK!', NOW);
    expect(beside).toEqual({ack: null, partialAck: null, ackUnknown: ['am-2'], ackSilenceIds: ['a1']});
  });

  it('is not acked where the alert is silenced by nothing, whether the silences were read or not', () => {
    // Alertmanager's silencedBy says it: no silence, so no ack there.
    expect(ackAcrossSources(firing, [report('am-1', firing, null)], 'ACK!', NOW)).toEqual({ack: null, partialAck: null});
    const partly = ackAcrossSources(firing, [report('am-1', silencedBy('a1'), [silence('a1', {matchers})]), report('am-2', firing, null)], 'ACK!', NOW);
    expect(partly.partialAck?.missing).toEqual(['am-2']);
  });
});

describe('anyAckSilence', () => {
  it('is true only for an active, unended silence whose comment starts with the prefix, on any report', () => {
    const reports = (s: Silence[]) => [{silences: []}, {silences: s}];
    expect(anyAckSilence(reports([silence('s1')]), ACK_PREFIX, NOW)).toBe(true);
    expect(anyAckSilence(reports([silence('s1', {comment: 'maintenance'})]), ACK_PREFIX, NOW)).toBe(false);
    expect(anyAckSilence(reports([silence('s1', {state: 'expired'})]), ACK_PREFIX, NOW)).toBe(false);
    expect(anyAckSilence(reports([silence('s1', {endsAt: NOW})]), ACK_PREFIX, NOW)).toBe(false);
    expect(anyAckSilence(reports([]), ACK_PREFIX, NOW)).toBe(false);
  });

  it('when false, no alert is acked: every ackAcrossSources answer is the shared NOT_ACKED', () => {
    const alert = makeAlert({fingerprint: 'f1', silencedBy: ['s1'], state: 'suppressed'});
    const report: SilenceReport = {source: 'am', alerts: new Map([['f1', alert]]), silences: [silence('s1', {comment: 'maintenance'})]};
    expect(anyAckSilence([report], ACK_PREFIX, NOW)).toBe(false);
    expect(ackAcrossSources(alert, [report], ACK_PREFIX, NOW)).toBe(NOT_ACKED);
  });
});
