import {describe, expect, it} from 'vitest';
import {incidentGroup, landedAck, missingGroups, ownAcks, replacing, sameMatcherSet, shareIncidents, silenceGroups, silenceGroupsFor} from '../../src/domain/ack-targets.ts';
import type {Matcher, Silence} from '../../src/domain/alert.ts';

const NOW = 1_700_000_000_000;
const MIN = 60_000;
const eq = (name: string, value: string): Matcher => ({name, value, isRegex: false, isEqual: true});

const sources = [
  {name: 'prometheus', canSilence: false},
  {name: 'am-eu-1', canSilence: true},
  {name: 'am-eu-2', canSilence: true},
  {name: 'am-us', canSilence: true},
  {name: 'am-lab', canSilence: true},
];

describe('silenceGroups', () => {
  it('sends to every independent Alertmanager of the context, never to Prometheus', () => {
    expect(silenceGroups(sources)).toEqual([
      {key: 'am-eu-1', sources: ['am-eu-1']},
      {key: 'am-eu-2', sources: ['am-eu-2']},
      {key: 'am-us', sources: ['am-us']},
      {key: 'am-lab', sources: ['am-lab']},
    ]);
  });

  it('folds the peers of a declared cluster into one group, tried in config order', () => {
    expect(silenceGroups(sources, {'am-eu-1': 'eu', 'am-eu-2': 'eu'})).toEqual([
      {key: 'cluster:eu', sources: ['am-eu-1', 'am-eu-2']},
      {key: 'am-us', sources: ['am-us']},
      {key: 'am-lab', sources: ['am-lab']},
    ]);
  });

  it('has no group without an Alertmanager', () => {
    expect(silenceGroups([{name: 'prometheus', canSilence: false}])).toEqual([]);
  });
});

describe('missingGroups', () => {
  const groups = silenceGroups(sources, {'am-eu-1': 'eu', 'am-eu-2': 'eu'});

  it('is the groups reporting the alert without the ack', () => {
    expect(missingGroups(groups, ['am-eu-2'], ['am-us']).map((g) => g.key)).toEqual(['cluster:eu']);
    expect(missingGroups(groups, ['am-eu-2'], ['am-us'])[0]?.sources).toEqual(['am-eu-1', 'am-eu-2']);
  });

  // A peer missing it while its mate holds it is one gossip did not reach (a mate gossip may
  // still reach counts as holding): sent through the holder, the silence would stay there.
  it('sends to a cluster one peer of which holds the ack through its missing peers only', () => {
    expect(missingGroups(groups, ['am-eu-2', 'am-us'], ['am-eu-1', 'am-lab'])).toEqual([
      {key: 'cluster:eu', sources: ['am-eu-2']},
      {key: 'am-us', sources: ['am-us']},
    ]);
  });
});

function silence(id: string, over: Partial<Silence> = {}): Silence {
  return {id, state: 'active', matchers: [eq('alertname', 'CrashLoop'), eq('service', 'api')], startsAt: NOW - 5 * MIN, endsAt: NOW + 10 * MIN, createdBy: 'primary@bastion', comment: 'ACK! on it', ...over};
}

describe('ownAcks', () => {
  const draft = {matchers: [eq('service', 'api'), eq('alertname', 'CrashLoop')], startsAt: NOW, endsAt: NOW + 60 * MIN, createdBy: 'primary@bastion', comment: 'ACK! rolling back'};

  it('finds our acks of the same alert, matchers in any order and any comment after the prefix, ending last first', () => {
    const got = ownAcks([silence('s1', {endsAt: NOW + MIN}), silence('s2'), silence('s3', {state: 'pending', endsAt: NOW + 20 * MIN})], draft, 'ACK!');
    expect(got.map((s) => s.id)).toEqual(['s3', 's2', 's1']);
  });

  it('leaves alone other authors, plain silences, other matchers and expired silences', () => {
    const others = [
      silence('a', {createdBy: 'secondary'}),
      silence('b', {comment: 'maintenance'}),
      silence('c', {matchers: [eq('alertname', 'CrashLoop')]}),
      silence('d', {state: 'expired'}),
    ];
    expect(ownAcks(others, draft, 'ACK!')).toEqual([]);
  });
});

describe('landedAck', () => {
  const draft = {matchers: [eq('service', 'api'), eq('alertname', 'CrashLoop')], startsAt: NOW, endsAt: NOW + 15 * MIN + 123, createdBy: 'primary@bastion', comment: 'ACK! on it'};

  it('finds the silence this very ack made: ours, its matchers, its comment and its end to the millisecond', () => {
    const mine = silence('mine', {endsAt: draft.endsAt, startsAt: NOW});
    expect(landedAck([silence('earlier'), mine], draft, 'ACK!')?.id).toBe('mine');
  });

  it('does not take an earlier ack of the alert, another comment, another author or an expired silence for it', () => {
    const near = [
      silence('earlier', {endsAt: draft.endsAt + 1}),
      silence('comment', {endsAt: draft.endsAt, comment: 'ACK! other'}),
      silence('author', {endsAt: draft.endsAt, createdBy: 'secondary'}),
      silence('expired', {endsAt: draft.endsAt, state: 'expired'}),
    ];
    expect(landedAck(near, draft, 'ACK!')).toBeUndefined();
  });
});

describe('replacing', () => {
  const draft = {matchers: [eq('alertname', 'CrashLoop')], startsAt: NOW, endsAt: NOW + 60 * MIN, createdBy: 'primary@bastion', comment: 'ACK! longer'};

  it('posts with the existing id; an active silence keeps its start so Alertmanager can update it in place', () => {
    expect(replacing(draft, silence('s1'))).toEqual({...draft, id: 's1', startsAt: NOW - 5 * MIN});
    expect(replacing(draft, silence('s2', {state: 'pending', startsAt: NOW + MIN}))).toEqual({...draft, id: 's2'});
  });

  it('compares matcher sets regardless of order', () => {
    expect(sameMatcherSet([eq('a', '1'), eq('b', '2')], [eq('b', '2'), eq('a', '1')])).toBe(true);
    expect(sameMatcherSet([eq('a', '1')], [eq('a', '1'), eq('b', '2')])).toBe(false);
  });
});

describe('silenceGroupsFor', () => {
  const groups = silenceGroups([...sources, {name: 'grafana', canSilence: true}], {'am-eu-1': 'eu', 'am-eu-2': 'eu'});
  const ownOnly = new Set(['grafana']);

  it("acks a Grafana-managed alert at Grafana only, and other alerts everywhere but Grafana", () => {
    expect(silenceGroupsFor(groups, ['grafana'], ownOnly)).toEqual([{key: 'grafana', sources: ['grafana']}]);
    expect(silenceGroupsFor(groups, ['am-eu-2', 'prometheus'], ownOnly).map((g) => g.key)).toEqual(['cluster:eu', 'am-us', 'am-lab']);
    // Not yet reported anywhere (a pending alert from Prometheus): the Alertmanagers it will reach.
    expect(silenceGroupsFor(groups, ['prometheus'], ownOnly).map((g) => g.key)).toEqual(['cluster:eu', 'am-us', 'am-lab']);
  });

  it('changes nothing in a context without such a source', () => {
    expect(silenceGroupsFor(groups, ['am-us'], new Set())).toEqual(groups);
  });
});

describe('shareIncidents', () => {
  const pd1400 = incidentGroup({source: 'pagerduty', id: 'PINC300', number: 1400});
  const pd1401 = incidentGroup({source: 'pagerduty', id: 'PINC301', number: 1401});

  it('covers an incident row selected with the alert that paged it: one acknowledge, from the alert, and the row not left target-less', () => {
    // The alert (f1) paged PD #1400; its incident row and PD #1401's row are selected too.
    const share = shareIncidents([
      {fingerprint: 'f1', incidents: [pd1400]},
      {fingerprint: 'pagerduty-PINC300', incidents: [pd1400]},
      {fingerprint: 'pagerduty-PINC301', incidents: [pd1401]},
    ]);
    expect(share.sends).toEqual({f1: [pd1400], 'pagerduty-PINC300': [], 'pagerduty-PINC301': [pd1401]});
    expect(share.covered).toEqual({'pagerduty-PINC300': [{by: 'f1', key: 'incident:pagerduty:PINC300'}]});
  });

  it('sends from the first draft in any order, the other covered, never both', () => {
    const share = shareIncidents([
      {fingerprint: 'pagerduty-PINC300', incidents: [pd1400]},
      {fingerprint: 'f1', incidents: [pd1400]},
    ]);
    expect(share.sends).toEqual({'pagerduty-PINC300': [pd1400], f1: []});
    expect(share.covered).toEqual({f1: [{by: 'pagerduty-PINC300', key: 'incident:pagerduty:PINC300'}]});
  });

  it('sends an incident two alerts of one draft paged once, covering nothing; a draft wanting none is neither', () => {
    const share = shareIncidents([
      {fingerprint: 'f1', incidents: [pd1400, pd1400]},
      {fingerprint: 'f2', incidents: []},
    ]);
    expect(share).toEqual({sends: {f1: [pd1400], f2: []}, covered: {}});
  });
});
