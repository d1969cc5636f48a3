/**
 * A peer of a declared cluster counts as holding its mate's ack only while gossip may still be
 * bringing it: a peer that never gets the ack silence (partitioned, gossip port blocked, a
 * cluster declared that is none) notifies, so the row must not say ACK, `h` must not hide it,
 * and `status` must not exit 0 for a firing critical alert.
 */
import {describe, expect, it} from 'vitest';
import {ackAcrossSources, GOSSIP_GRACE_MS, notGossipedText, type SilenceReport} from '../../src/domain/alert-ack.ts';
import {missingGroups, silenceGroups} from '../../src/domain/ack-targets.ts';
import {quietKinds} from '../../src/domain/alert-states.ts';
import {dedupeAlerts} from '../../src/domain/alert-dedupe.ts';
import type {Alert, Silence} from '../../src/domain/alert.ts';
import {statusExitCode} from '../../src/domain/status-document.ts';
import {alertLine} from '../../src/cli/alert-commands.ts';
import {makeAlert} from './alert-fixture.ts';

const NOW = 10_000_000_000;
const HOUR = 3_600_000;
const matchers = [{name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true}];
// The ack, made (and last updated) an hour ago through ha-1: gossip had an hour to reach ha-2.
const ack = (over: Partial<Silence> = {}): Silence => ({
  id: 'a1', state: 'active', matchers, startsAt: NOW - HOUR, endsAt: NOW + 600_000, updatedAt: NOW - HOUR, createdBy: 'alice', comment: 'ACK! on it', ...over,
});
const onHa1 = makeAlert({fingerprint: 'f', name: 'DiskFull', severity: 'critical', state: 'suppressed', silencedBy: ['a1'], seenBy: ['ha-1']});
// ha-2 reports the alert active and its silences were read: the ack is not there, it notifies.
const onHa2 = makeAlert({fingerprint: 'f', name: 'DiskFull', severity: 'critical', state: 'firing', silencedBy: [], seenBy: ['ha-2']});
const reports = (s: Silence): SilenceReport[] => [
  {source: 'ha-1', cluster: 'ha', alerts: new Map([['f', onHa1]]), silences: [s]},
  {source: 'ha-2', cluster: 'ha', alerts: new Map([['f', onHa2]]), silences: []},
];

describe('declared cluster with a peer that never got the ack (partitioned)', () => {
  it('CONTROL (passes): right after the ack, the peer gossip has not reached yet counts as holding', () => {
    const fresh = ack({startsAt: NOW - 2_000, updatedAt: NOW - 2_000});
    expect(ackAcrossSources(onHa1, reports(fresh), 'ACK!', NOW).ack?.silenceId).toBe('a1');
  });

  it('an hour after the ack, ha-2 still reports it firing without the silence: partial, not acked', () => {
    const got = ackAcrossSources(onHa1, reports(ack()), 'ACK!', NOW);
    expect({ack: got.ack?.silenceId ?? null, missing: got.partialAck?.missing ?? null}).toEqual({ack: null, missing: ['ha-2']});
  });

  it('the merged row of that alert is neither hidden by h (acked) nor all-clear for status', () => {
    const merged = dedupeAlerts([[onHa1], [onHa2]])[0]!;
    expect(merged.state).toBe('firing'); // ha-2 notifies
    const row: Alert = {...merged, ...ackAcrossSources(merged, reports(ack()), 'ACK!', NOW)};
    // statusExitCode counts a firing critical alert as paging only when `ack === null`.
    expect({acked: row.ack !== null, quiet: quietKinds(row)}).toEqual({acked: false, quiet: []});
  });

  it('the same holds when ha-2 answers, but its silences are read and hold an unrelated silence only', () => {
    const other: Silence = {...ack(), id: 'm9', comment: 'maintenance', matchers: [{name: 'alertname', value: 'Other', isRegex: false, isEqual: true}]};
    const rs = reports(ack());
    rs[1] = {...rs[1]!, silences: [other]};
    expect(ackAcrossSources(onHa1, rs, 'ACK!', NOW).ack).toBeNull();
  });

  it('status exits 1 (attention) for that firing critical alert, not 0 (all clear)', () => {
    const merged = dedupeAlerts([[onHa1], [onHa2]])[0]!;
    const row = {...merged, ...ackAcrossSources(merged, reports(ack()), 'ACK!', NOW)};
    const code = statusExitCode({sources: [{ok: true}, {ok: true}] as never, slos: [], alerts: [row] as never});
    expect(code).toBe(1);
  });

  it('says the cluster did not gossip the ack to ha-2, and a sends it to ha-2 itself', () => {
    const partial = ackAcrossSources(onHa1, reports(ack()), 'ACK!', NOW).partialAck!;
    expect(partial.notGossiped).toEqual(['ha-2']);
    expect(notGossipedText(partial)).toBe('its cluster did not gossip the ack to ha-2');
    // Sent through ha-1 (the group's first peer) it would stay on ha-1.
    const groups = silenceGroups([{name: 'ha-1', canSilence: true}, {name: 'ha-2', canSilence: true}], {'ha-1': 'ha', 'ha-2': 'ha'});
    expect(missingGroups(groups, partial.missing, partial.holding)).toEqual([{key: 'cluster:ha', sources: ['ha-2']}]);
    const row: Alert = {...onHa1, state: 'firing', ...ackAcrossSources(onHa1, reports(ack()), 'ACK!', NOW)};
    expect(alertLine(row, NOW)).toContain('ACK PARTIAL by alice, missing on ha-2 (its cluster did not gossip the ack to ha-2)');
  });

  it('a peer whose silences went unread holds the ack when its copy of the alert is silenced by that id, however old', () => {
    const rs = reports(ack());
    rs[1] = {...rs[1]!, alerts: new Map([['f', {...onHa2, state: 'suppressed', silencedBy: ['a1']}]]), silences: null};
    expect(ackAcrossSources(onHa1, rs, 'ACK!', NOW).ack?.silenceId).toBe('a1');
    // Silenced by something else: whether by an ack cannot be told there.
    rs[1] = {...rs[1]!, alerts: new Map([['f', {...onHa2, state: 'suppressed', silencedBy: ['m9']}]]), silences: null};
    expect(ackAcrossSources(onHa1, rs, 'ACK!', NOW)).toMatchObject({ack: null, ackUnknown: ['ha-2']});
  });

  it('counts from the last change of the silence (an ack updated in place), or its start when the change is not sent', () => {
    expect(ackAcrossSources(onHa1, reports(ack({updatedAt: NOW - 30_000})), 'ACK!', NOW).ack?.silenceId).toBe('a1');
    expect(ackAcrossSources(onHa1, reports(ack({updatedAt: undefined, startsAt: NOW - 30_000})), 'ACK!', NOW).ack?.silenceId).toBe('a1');
    expect(ackAcrossSources(onHa1, reports(ack({updatedAt: NOW - GOSSIP_GRACE_MS - 1})), 'ACK!', NOW).ack).toBeNull();
  });

  // `u` expires the ack through ha-1 (one peer per cluster); the read right after it sees ha-2
  // before gossip brought the expiry there. ha-1 notifies (its list holds a1 expired): counted as
  // holding because its mate still has a1 active, the row said ACK right after the unack landed.
  it('right after an unack through ha-1, ha-1 (its list says a1 expired) does not count as holding', () => {
    const expired = ack({state: 'expired', endsAt: NOW - 1_000, updatedAt: NOW - 1_000});
    const rs: SilenceReport[] = [
      {source: 'ha-1', cluster: 'ha', alerts: new Map([['f', onHa2]]), silences: [expired]},
      {source: 'ha-2', cluster: 'ha', alerts: new Map([['f', onHa1]]), silences: [ack()]},
    ];
    expect(ackAcrossSources(onHa1, rs, 'ACK!', NOW).ack).toBeNull();
  });

  // The same within the grace: the ack made 10 s ago, unacked through ha-1 2 s ago.
  it('right after an unack of a fresh ack through ha-1, ha-1 (its list says a1 expired) does not count as holding', () => {
    const fresh = ack({startsAt: NOW - 10_000, updatedAt: NOW - 10_000});
    const expired = ack({state: 'expired', endsAt: NOW - 2_000, updatedAt: NOW - 2_000});
    const rs: SilenceReport[] = [
      {source: 'ha-1', cluster: 'ha', alerts: new Map([['f', onHa2]]), silences: [expired]},
      {source: 'ha-2', cluster: 'ha', alerts: new Map([['f', onHa1]]), silences: [fresh]},
    ];
    expect(ackAcrossSources(onHa1, rs, 'ACK!', NOW).partialAck?.missing).toEqual(['ha-1']);
  });
});
