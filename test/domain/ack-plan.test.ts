import {describe, expect, it} from 'vitest';
import {ackComment, EXTEND_DEFAULTS, heldAckedAlerts, matchesSilence, planAck, planExtend} from '../../src/domain/ack-plan.ts';
import type {Matcher, Silence} from '../../src/domain/alert.ts';
import {makeAlert} from './alert-fixture.ts';

const NOW = 1_700_000_000_000;
const MIN = 60_000;
const eq = (name: string, value: string): Matcher => ({name, value, isRegex: false, isEqual: true});

const podA = makeAlert({fingerprint: 'a', labels: {alertname: 'CrashLoop', service: 'api', pod: 'api-7f9-x1', severity: 'critical'}});
const podB = makeAlert({fingerprint: 'b', labels: {alertname: 'CrashLoop', service: 'api', pod: 'api-7f9-x2', severity: 'critical'}});
const other = makeAlert({fingerprint: 'c', labels: {alertname: 'CrashLoop', service: 'web', pod: 'web-1', severity: 'critical'}});
const opts = {volatileLabels: ['pod'], durationMs: 15 * MIN, author: 'primary@bastion', prefix: 'ACK!', now: NOW};

describe('planAck', () => {
  it('writes one silence with exact matchers on every label but the volatile ones, sorted by name', () => {
    const plan = planAck([other], [podA, podB, other], {...opts, comment: 'looking into it'});
    expect(plan).toEqual({
      drafts: [
        {
          alert: other,
          covers: [other],
          draft: {
            matchers: [eq('alertname', 'CrashLoop'), eq('service', 'web'), eq('severity', 'critical')],
            startsAt: NOW,
            endsAt: NOW + 15 * MIN,
            createdBy: 'primary@bastion',
            comment: 'ACK! looking into it',
          },
        },
      ],
      overreach: [],
    });
  });

  it('reports the unselected alerts the shorter matchers would also silence', () => {
    const plan = planAck([podA], [podA, podB, other], opts);
    expect(plan.overreach.map((a) => a.fingerprint)).toEqual(['b']);
    expect(plan.drafts[0]?.draft.comment).toBe('ACK!');
  });

  it('keeps every label, and so reaches no other alert, without volatile labels', () => {
    const plan = planAck([podA], [podA, podB, other], {...opts, volatileLabels: []});
    expect(plan.drafts[0]?.draft.matchers.map((m) => m.name)).toEqual(['alertname', 'pod', 'service', 'severity']);
    expect(plan.overreach).toEqual([]);
  });

  it('shares one silence between selected alerts that differ only in volatile labels', () => {
    const plan = planAck([podA, podB, other], [podA, podB, other], opts);
    expect(plan.drafts.map((d) => [d.alert.fingerprint, d.covers.map((a) => a.fingerprint)])).toEqual([
      ['a', ['a', 'b']],
      ['c', ['c']],
    ]);
    expect(plan.overreach).toEqual([]);
  });

  it('does not overreach to a later, named alert on the instance of an acked nameless one', () => {
    const nameless = makeAlert({fingerprint: 'f1', name: '', labels: {instance: 'db-1:9100', severity: 'critical'}});
    const later = makeAlert({fingerprint: 'f2', name: 'DiskFull', labels: {alertname: 'DiskFull', instance: 'db-1:9100', severity: 'critical'}});
    const plan = planAck([nameless], [nameless, later], {...opts, volatileLabels: []});
    expect(plan.drafts[0]?.draft.matchers).toEqual([eq('alertname', ''), eq('instance', 'db-1:9100'), eq('severity', 'critical')]);
    expect(plan.overreach).toEqual([]);
  });

  it('never drops alertname, even when configured as volatile', () => {
    const plan = planAck([podA], [podA], {...opts, volatileLabels: ['alertname', 'pod', 'service', 'severity']});
    expect(plan.drafts[0]?.draft.matchers).toEqual([eq('alertname', 'CrashLoop')]);
  });
});

describe('ackComment', () => {
  it('joins prefix and text, trimmed', () => {
    expect(ackComment('ACK!', '  on it ')).toBe('ACK!   on it');
    expect(ackComment('ACK!', '')).toBe('ACK!');
    expect(ackComment('ACK!')).toBe('ACK!');
  });
});

describe('matchesSilence', () => {
  const alert = makeAlert({fingerprint: 'x', labels: {alertname: 'HighLatency', service: 'checkout'}});
  it('anchors regexes, negates isEqual false, reads a missing label as empty', () => {
    expect(matchesSilence(alert, [{name: 'service', value: 'check', isRegex: true, isEqual: true}])).toBe(false);
    expect(matchesSilence(alert, [{name: 'service', value: 'check.*', isRegex: true, isEqual: true}])).toBe(true);
    expect(matchesSilence(alert, [{name: 'service', value: 'checkout', isRegex: false, isEqual: false}])).toBe(false);
    expect(matchesSilence(alert, [{name: 'service', value: 'web', isRegex: false, isEqual: false}])).toBe(true);
    expect(matchesSilence(alert, [eq('team', '')])).toBe(true);
    expect(matchesSilence(alert, [eq('alertname', 'HighLatency'), eq('team', 'db')])).toBe(false);
    expect(matchesSilence(alert, [{name: 'service', value: '(', isRegex: true, isEqual: true}])).toBe(false);
  });
});

function silence(id: string, over: Partial<Silence> = {}): Silence {
  return {id, state: 'active', matchers: [eq('alertname', 'CrashLoop')], startsAt: NOW - 14 * MIN, endsAt: NOW + 1 * MIN, createdBy: 'primary@bastion', comment: 'ACK! on it', ...over};
}

describe('planExtend', () => {
  const acked = makeAlert({fingerprint: 'a', state: 'suppressed', silencedBy: ['s1']});
  const extendOpts = {prefix: 'ACK!', author: 'primary@bastion', now: NOW};

  it('replaces an ack ending within 5 minutes by one ending 15 minutes from now, same id, matchers and start', () => {
    expect(planExtend([acked], [silence('s1')], extendOpts)).toEqual([
      {
        silence: silence('s1'),
        alerts: [acked],
        draft: {id: 's1', matchers: [eq('alertname', 'CrashLoop')], startsAt: NOW - 14 * MIN, endsAt: NOW + 15 * MIN, createdBy: 'primary@bastion', comment: 'ACK! on it'},
      },
    ]);
    expect(EXTEND_DEFAULTS).toEqual({extendIfExpiringInMs: 5 * MIN, extendByMs: 15 * MIN});
  });

  it('extends exactly at the 5-minute edge, not a millisecond before', () => {
    expect(planExtend([acked], [silence('s1', {endsAt: NOW + 5 * MIN})], extendOpts)).toHaveLength(1);
    expect(planExtend([acked], [silence('s1', {endsAt: NOW + 5 * MIN + 1})], extendOpts)).toEqual([]);
  });

  it('leaves alone: ended, expired or pending silences, plain silences, other authors, resolved or pending alerts', () => {
    expect(planExtend([acked], [silence('s1', {endsAt: NOW})], extendOpts)).toEqual([]);
    expect(planExtend([acked], [silence('s1', {state: 'expired'})], extendOpts)).toEqual([]);
    expect(planExtend([acked], [silence('s1', {state: 'pending'})], extendOpts)).toEqual([]);
    expect(planExtend([acked], [silence('s1', {comment: 'maintenance'})], extendOpts)).toEqual([]);
    expect(planExtend([acked], [silence('s1', {createdBy: 'secondary'})], extendOpts)).toEqual([]);
    expect(planExtend([], [silence('s1')], extendOpts)).toEqual([]);
    expect(planExtend([makeAlert({fingerprint: 'a', state: 'pending', silencedBy: ['s1']})], [silence('s1')], extendOpts)).toEqual([]);
  });

  it('extends any author\'s ack when no author is given, with custom windows', () => {
    const got = planExtend([acked], [silence('s1', {createdBy: 'secondary', endsAt: NOW + 9 * MIN})], {prefix: 'ACK!', now: NOW, extendIfExpiringInMs: 10 * MIN, extendByMs: 60 * MIN});
    expect(got.map((e) => [e.draft.id, e.draft.endsAt, e.draft.createdBy])).toEqual([['s1', NOW + 60 * MIN, 'secondary']]);
  });

  it('extends only the later of two stacked acks of one author and matchers, so they do not multiply', () => {
    const both = makeAlert({fingerprint: 'a', state: 'suppressed', silencedBy: ['s1', 's2']});
    const got = planExtend([both], [silence('s1', {endsAt: NOW + 2 * MIN}), silence('s2', {endsAt: NOW + 3 * MIN})], extendOpts);
    expect(got.map((e) => e.draft.id)).toEqual(['s2']);
    // Another author's ack of the same alert is its own ack, not a duplicate.
    expect(planExtend([both], [silence('s1'), silence('s2', {createdBy: 'secondary'})], extendOpts).map((e) => e.draft.id)).toEqual(['s1']);
  });

  it('never shortens a silence when extendBy is shorter than the time left', () => {
    const got = planExtend([acked], [silence('s1', {endsAt: NOW + 4 * MIN})], {...extendOpts, extendByMs: 2 * MIN});
    expect(got[0]?.draft.endsAt).toBe(NOW + 4 * MIN);
  });
});

describe('heldAckedAlerts', () => {
  const opts = {prefix: 'ACK!', author: 'primary@bastion', now: NOW};
  const firing = makeAlert({fingerprint: 'a', state: 'suppressed', silencedBy: ['s1', 's2', 's3', 's4', 's5']});

  it('names the firing alerts an own ack silences, whatever its end, once each', () => {
    // s1 ends in a minute (due), s2 in an hour (not due): the alert is still kept until resolved,
    // and is one alert kept, not two.
    expect(heldAckedAlerts([firing], [silence('s1'), silence('s2', {endsAt: NOW + 60 * MIN})], opts)).toEqual(['a']);
    const other = makeAlert({fingerprint: 'b', state: 'suppressed', silencedBy: ['s1']});
    expect(heldAckedAlerts([firing, other], [silence('s1')], opts)).toEqual(['a', 'b']);
  });

  it('leaves out another author, a silence that is no ack, an ended one and one of no firing alert', () => {
    const silences = [silence('s1', {createdBy: 'other@host'}), silence('s2', {comment: 'maintenance'}), silence('s3', {state: 'expired'}), silence('s4', {endsAt: NOW}), silence('s9')];
    expect(heldAckedAlerts([firing], silences, opts)).toEqual([]);
    // The alert resolved: gone from the list, its ack holds nothing.
    expect(heldAckedAlerts([], [silence('s1')], opts)).toEqual([]);
    expect(heldAckedAlerts([makeAlert({fingerprint: 'p', state: 'pending', silencedBy: ['s1']})], [silence('s1')], opts)).toEqual([]);
  });
});
