import {describe, expect, it} from 'vitest';
import {dedupeAlerts} from '../../src/domain/alert-dedupe.ts';
import {makeAlert} from './alert-fixture.ts';

describe('dedupeAlerts', () => {
  it('returns an alert only one list reports as the very object (unchanged alerts stay identical across polls)', () => {
    const a = makeAlert({fingerprint: 'f1'});
    const b = makeAlert({fingerprint: 'f2'});
    const out = dedupeAlerts([[a], [b]]);
    expect(out[0]).toBe(a);
    expect(out[1]).toBe(b);
  });

  it('merges the same alert from two peers into one, with the union of seenBy', () => {
    const a = makeAlert({fingerprint: 'f1', seenBy: ['am-a'], startsAt: 2_000});
    const b = makeAlert({fingerprint: 'f1', seenBy: ['am-b'], startsAt: 1_500});
    const merged = dedupeAlerts([[a], [b]]);
    expect(merged).toEqual([{...a, seenBy: ['am-a', 'am-b'], startsAt: 1_500}]);
  });

  it('gives the same merged object for the same peer objects of a later poll, and a new one when a peer changed (HA peers kept as they are)', () => {
    const a = makeAlert({fingerprint: 'f1', seenBy: ['am-a']});
    const b = makeAlert({fingerprint: 'f1', seenBy: ['am-b']});
    const c = makeAlert({fingerprint: 'f1', seenBy: ['am-c']});
    const [first] = dedupeAlerts([[a], [b], [c]]);
    const [again] = dedupeAlerts([[a], [b], [c]]);
    expect(again).toBe(first);
    const changed = {...b, startsAt: 500};
    const [after] = dedupeAlerts([[a], [changed], [c]]);
    expect(after).not.toBe(first);
    expect(after).toEqual({...first, startsAt: 500});
  });

  it('keeps an alert active when any peer has it active, and unions silences and inhibitions', () => {
    const silencedHere = makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['s1'], inhibitedBy: ['x'], seenBy: ['am-a']});
    const activeThere = makeAlert({fingerprint: 'f1', state: 'firing', silencedBy: [], inhibitedBy: ['y', 'x'], seenBy: ['am-b']});
    const [merged] = dedupeAlerts([[silencedHere], [activeThere]]);
    expect([merged?.state, merged?.silencedBy, merged?.inhibitedBy, merged?.seenBy]).toEqual(['firing', ['s1'], ['x', 'y'], ['am-a', 'am-b']]);
  });

  it('is suppressed only when suppressed everywhere', () => {
    const one = makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['s1'], seenBy: ['am-a']});
    const two = makeAlert({fingerprint: 'f1', state: 'suppressed', silencedBy: ['s1', 's2'], seenBy: ['am-b']});
    const [merged] = dedupeAlerts([[one], [two]]);
    expect([merged?.state, merged?.silencedBy]).toEqual(['suppressed', ['s1', 's2']]);
  });

  it('prefers firing over pending (Prometheus pending, Alertmanager firing)', () => {
    const [merged] = dedupeAlerts([[makeAlert({fingerprint: 'f', state: 'pending', seenBy: ['prom']})], [makeAlert({fingerprint: 'f', state: 'firing', seenBy: ['am']})]]);
    expect(merged?.state).toBe('firing');
  });

  it('keeps the first non-null generator URL and the longest ack', () => {
    const ack1 = {by: 'a', until: 5_000, silenceId: 's1', comment: 'ACK! one'};
    const ack2 = {by: 'b', until: 9_000, silenceId: 's2', comment: 'ACK! two'};
    const [merged] = dedupeAlerts([
      [makeAlert({fingerprint: 'f', generatorUrl: null, ack: ack1})],
      [makeAlert({fingerprint: 'f', generatorUrl: 'http://prom/graph', ack: ack2})],
      [makeAlert({fingerprint: 'f', generatorUrl: 'http://other/graph', ack: null})],
    ]);
    expect([merged?.generatorUrl, merged?.ack]).toEqual(['http://prom/graph', ack2]);
  });

  it('keeps distinct fingerprints in first-appearance order, duplicates within a list too', () => {
    const out = dedupeAlerts([[makeAlert({fingerprint: 'b'}), makeAlert({fingerprint: 'a'})], [makeAlert({fingerprint: 'c'}), makeAlert({fingerprint: 'b'})]]);
    expect(out.map((a) => a.fingerprint)).toEqual(['b', 'a', 'c']);
    expect(dedupeAlerts([[makeAlert({fingerprint: 'a'}), makeAlert({fingerprint: 'a'})]])).toHaveLength(1);
  });

  it('does not modify its inputs', () => {
    const a = makeAlert({fingerprint: 'f', seenBy: ['am-a']});
    dedupeAlerts([[a], [makeAlert({fingerprint: 'f', seenBy: ['am-b']})]]);
    expect(a.seenBy).toEqual(['am-a']);
  });

  it('takes the earliest known start; an unknown start (null) gives way to a known one', () => {
    const a = makeAlert({fingerprint: 'f', startsAt: null});
    const b = makeAlert({fingerprint: 'f', startsAt: 5_000});
    expect(dedupeAlerts([[a], [b]])[0]!.startsAt).toBe(5_000);
    expect(dedupeAlerts([[b], [a]])[0]!.startsAt).toBe(5_000);
    expect(dedupeAlerts([[a], [a]])[0]!.startsAt).toBeNull();
  });

  it('returns nothing for no lists', () => {
    expect(dedupeAlerts([])).toEqual([]);
    expect(dedupeAlerts([[], []])).toEqual([]);
  });
});
