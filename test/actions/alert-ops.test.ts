import {describe, expect, it} from 'vitest';
import {createAlertOps, groupUnackText, keeperRunText, keeperUnshownText, keptWhileHiddenText, oneUnackText, outcomeText} from '../../src/actions/alert-ops.ts';
import type {AckKeeperRun, KeptAck} from '../../src/domain/ack-keeping.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {INCIDENT_RESOLVED_NOTE, type SilenceOutcome, type SilenceResult} from '../../src/queries/silence-results.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {scriptedAlertmanager} from '../queries/silence-fakes.ts';

const landed = (source: string, silenceId: string): SilenceResult => ({source, ok: true, silenceId, retryable: false, attempts: 1});
const refused = (source: string, error: string): SilenceResult => ({source, ok: false, error, errorKind: 'unavailable', retryable: true, attempts: 1});
const outcome = (status: SilenceOutcome['status'], ...results: SilenceResult[]): SilenceOutcome => ({status, results});

describe('outcomeText', () => {
  it('says done in the past tense, with what landed where', () => {
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('ok', landed('am-a', 's1'), landed('am-b', 's2')))).toEqual({text: 'acked CrashLoop for 15m (am-a: s1, am-b: s2)', tone: 'ok'});
    expect(outcomeText('unack', 'CrashLoop', outcome('ok', landed('am-a', 's1'))).text).toBe('unacked CrashLoop (am-a: s1)');
  });

  it('leads every other outcome with the action and the outcome, never with "acked"', () => {
    const down = refused('am-b', 'unavailable: HTTP 503');
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('failed', down))).toEqual({text: 'ACK FAILED: CrashLoop for 15m: am-b: unavailable: HTTP 503; press a to retry', tone: 'critical'});
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('partial', landed('am-a', 's1'), down))).toEqual({text: 'ACK PARTIAL: CrashLoop for 15m: done: am-a: s1; am-b: unavailable: HTTP 503; press a to retry', tone: 'warn'});
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('failed', down), true)).toEqual({text: 'ACK NOT YET: CrashLoop for 15m: am-b: unavailable: HTTP 503; retrying until it answers', tone: 'warn'});
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('partial', landed('am-a', 's1'), down), true).text).toBe('ACK PARTIAL: CrashLoop for 15m: done: am-a: s1; am-b: unavailable: HTTP 503; retrying until it answers');
    // An unack is tried again with u (a would send a new ack).
    expect(outcomeText('unack', 'CrashLoop', outcome('failed', down))).toEqual({text: 'UNACK FAILED: CrashLoop: am-b: unavailable: HTTP 503; press u to retry', tone: 'critical'});
    expect(outcomeText('unack', 'CrashLoop', outcome('partial', landed('am-a', 's1'), down)).text).toBe('UNACK PARTIAL: CrashLoop: done: am-a: s1; am-b: unavailable: HTTP 503; press u to retry');
    expect(outcomeText('retried ack', 'CrashLoop', outcome('failed', down), true).text).toMatch(/^RETRIED ACK NOT YET: CrashLoop: /);
    // Sent, its answer lost, not found out since: neither failed nor "not yet".
    const lost: SilenceResult = {...refused('am-b', 'timeout: am-b: the request timed out after it was sent (…); the silence may exist (…)'), unknown: true};
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('unknown', lost))).toEqual({text: 'ACK UNKNOWN: CrashLoop for 15m: am-b: timeout: am-b: the request timed out after it was sent (…); the silence may exist (…); press a to retry (it finds the silence if it landed)', tone: 'warn'});
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('unknown', landed('am-a', 's1'), lost), true).text).toBe('ACK UNKNOWN: CrashLoop for 15m: done: am-a: s1; am-b: timeout: am-b: the request timed out after it was sent (…); the silence may exist (…); retrying until it answers');
    // An unack retried expires the silence again, which Alertmanager takes as done when it landed.
    const expiry: SilenceResult = {...refused('am-b', 'timeout: am-b: the request timed out after it was sent (…); the silence may still be active (…)'), unknown: true};
    expect(outcomeText('unack', 'CrashLoop', outcome('unknown', expiry))).toEqual({text: 'UNACK UNKNOWN: CrashLoop: am-b: timeout: am-b: the request timed out after it was sent (…); the silence may still be active (…); press u to retry (expiring it again is harmless)', tone: 'warn'});
    // A retried incident acknowledge reads the incident first: nothing is sent to one acknowledged or resolved meanwhile.
    const page: SilenceResult = {...refused('pagerduty', 'timeout: pagerduty: the request timed out after it was sent (…); may be acknowledged (…)'), unknown: true, incident: 'PD #4217'};
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('unknown', landed('am-a', 's1'), page))).toEqual({text: 'ACK UNKNOWN: CrashLoop for 15m: done: am-a: s1; PD #4217 on pagerduty: timeout: pagerduty: the request timed out after it was sent (…); may be acknowledged (…); press a to try again (it reads the incident first: sent again only if still unacknowledged)', tone: 'warn'});
    // Both unknown: each gets its own reason.
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('unknown', lost, page)).text).toMatch(/; press a to retry \(it finds the silence if it landed; it reads the incident first: sent again only if still unacknowledged\)$/);
    for (const status of ['failed', 'partial', 'unknown'] as const) {
      for (const retrying of [false, true]) expect(outcomeText('ack', 'X', outcome(status, landed('am-a', 's1'), down), retrying).text).not.toMatch(/^acked/);
    }
  });
});

describe('outcomeText of an incident resolved before its acknowledge went', () => {
  const resolved: SilenceResult = {source: 'pagerduty', ok: true, retryable: false, attempts: 2, incident: 'PD #4900', note: INCIDENT_RESOLVED_NOTE};

  it('says nothing was acked, never "acked", when that was all the ack held', () => {
    expect(outcomeText('ack', 'Checkout is down', outcome('ok', resolved))).toEqual({text: 'nothing to ack: Checkout is down (PD #4900 on pagerduty: resolved meanwhile, nothing to acknowledge)', tone: 'info'});
  });

  it('says it beside the silence that did land', () => {
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('ok', landed('am-a', 's1'), resolved)).text).toBe('acked CrashLoop for 15m (am-a: s1, PD #4900 on pagerduty: resolved meanwhile, nothing to acknowledge)');
    const already: SilenceResult = {...resolved, note: 'already acknowledged'};
    expect(outcomeText('ack', 'CrashLoop for 15m', outcome('ok', landed('am-a', 's1'), already)).text).toBe('acked CrashLoop for 15m (am-a: s1, PD #4900 on pagerduty: already acknowledged)');
  });
});

describe('keeperRunText', () => {
  const AT = Date.UTC(2026, 4, 1, 10, 0, 0);
  const k = (status: KeptAck['status'], error: string | null, nextAt: number | null = AT + 45_000): KeptAck => ({status, endsAt: AT + 180_000, lastExtended: null, error, at: AT, nextAt, source: 'am-1'});

  it('says nothing when every ack is kept, and leads with the outcome in capitals otherwise', () => {
    expect(keeperRunText(new Map([['a', k('extended', null)]]), () => 'A')).toBeNull();
    expect(keeperRunText(new Map([['a', k('failed', 'am-1: refused')]]), () => 'A')).toEqual({text: 'ACK NOT EXTENDED: A (ends 10:03:00Z): am-1: refused; tried again at 10:00:45Z', tone: 'critical'});
    // Unknown is never said as failed.
    expect(keeperRunText(new Map([['a', k('unknown', 'lost', null)]]), () => 'A')).toEqual({text: 'ACK EXTENSION UNKNOWN: A (ends 10:03:00Z): lost', tone: 'warn'});
  });

  it('sanitizes what the backend said and the names, and counts what it does not list', () => {
    const kept = new Map(['a', 'b', 'c', 'd'].map((fp) => [fp, k('failed', 'bad\u001b[2Jthing')] as const));
    const text = keeperRunText(kept, (fp) => (fp === 'a' ? 'Evil\u0007' : fp.toUpperCase()))!.text;
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text).toContain('1 more');
  });
});

describe('keeperUnshownText', () => {
  const AT = Date.UTC(2026, 4, 1, 10, 0, 0);
  const run = (over: Partial<AckKeeperRun>): AckKeeperRun => ({at: AT, extended: [], failed: [], unknown: [], unread: [], nextAt: AT + 45_000, ...over});

  it('leads with the context, names the alerts from the run, and says an Alertmanager not read', () => {
    const failed = [{source: 'am-1', silenceId: 's1', error: 'am-1: refused', fingerprints: ['f1'], endsAt: AT + 180_000, names: {f1: 'DiskFull'}}];
    expect(keeperUnshownText('prod', run({failed}))).toEqual({text: 'prod (not shown): ACK NOT EXTENDED: DiskFull (ends 10:03:00Z): am-1: refused; tried again at 10:00:45Z', tone: 'critical'});
    expect(keeperUnshownText('prod', run({unread: [{sources: ['am-1', 'am-2'], error: 'down'}]}))).toEqual({text: 'prod (not shown): ACKS NOT LOOKED AT: am-1, am-2: down; tried again at 10:00:45Z', tone: 'critical'});
  });

  it('says nothing of a run that kept every ack, and sanitizes the backend words', () => {
    expect(keeperUnshownText('prod', run({extended: [{source: 'am-1', previousId: 's1', silenceId: 's2', endsAt: AT, fingerprints: ['f1']}]}))).toBeNull();
    const text = keeperUnshownText('prod', run({unknown: [{source: 'am-1', silenceId: 's1', error: 'lost\u001b[2J', fingerprints: ['f1'], names: {f1: 'Evil\u0007'}}]}))!.text;
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text).toContain('ACK EXTENSION UNKNOWN');
  });
});

describe('keptWhileHiddenText', () => {
  it('counts the acks when known', () => {
    expect(keptWhileHiddenText('prod', 1)).toBe('prod: 1 ack kept until resolved still extended while not shown');
    expect(keptWhileHiddenText('prod', 3)).toBe('prod: 3 acks kept until resolved still extended while not shown');
    expect(keptWhileHiddenText('prod', null)).toBe('prod: acks kept until resolved still extended while not shown');
  });
});

describe('oneUnackText', () => {
  const alice = {silenceId: 's9', by: 'alice@\x1b[2Jhost', endsAt: Date.UTC(2026, 11, 7, 10, 42, 30), source: 'am-a', fingerprints: ['f1']};

  it("says another user's ack still silences the alert after the user's own expired", () => {
    const done = {...outcome('ok', landed('am-a', 's1')), left: [alice]};
    expect(oneUnackText('CrashLoop', done)).toEqual({text: "expired your ack of CrashLoop (am-a: s1); alice@␛[2Jhost's ack still silences it until 10:42Z", tone: 'info'});
    expect(oneUnackText('CrashLoop', done, false, 'bob').text).toBe("expired bob's ack of CrashLoop (am-a: s1); alice@␛[2Jhost's ack still silences it until 10:42Z");
    // Nothing of the user's found (expired meanwhile): not said as expired.
    expect(oneUnackText('CrashLoop', {status: 'ok', results: [], left: [alice]}).text).toBe("CrashLoop: no ack silence of yours found; alice@␛[2Jhost's ack still silences it until 10:42Z");
    // A failed unack keeps its own line, the other ack said after it.
    const failed = {...outcome('failed', refused('am-a', 'unavailable: HTTP 503')), left: [alice]};
    expect(oneUnackText('CrashLoop', failed).text).toBe("UNACK FAILED: CrashLoop: am-a: unavailable: HTTP 503; press u to retry · alice@␛[2Jhost's ack still silences it until 10:42Z");
    // No other ack left: the plain unack line.
    expect(oneUnackText('CrashLoop', outcome('ok', landed('am-a', 's1')))).toEqual(outcomeText('unack', 'CrashLoop', outcome('ok', landed('am-a', 's1'))));
  });

  it('never says "unacked" when no ack silence was found to expire', () => {
    // The row showed ACK, yet no peer listed an ack of the user's: nothing changed, said so.
    expect(oneUnackText('CrashLoop', {status: 'ok', results: []})).toEqual({text: 'CrashLoop: no ack silence of yours found', tone: 'info'});
    expect(oneUnackText('CrashLoop', {status: 'ok', results: []}, false, 'bob').text).toBe('CrashLoop: no ack silence of bob found');
  });
});

describe('groupUnackText', () => {
  const end = (h: number, m: number) => Date.UTC(2026, 11, 7, h, m, 30);
  const alice = (fingerprint: string, silenceId = 's9') => ({silenceId, by: 'alice@\x1b[2Jhost', endsAt: end(10, 42), source: 'am-a', fingerprints: [fingerprint]});
  const bob = {silenceId: 's7', by: 'bob@host', endsAt: end(9, 5), source: 'am-a', fingerprints: ['f1']};
  const what = '2 alerts of service=api';

  it("says how many of the alerts another user's ack still silences after the user's own expired", () => {
    const done = {...outcome('ok', landed('am-a', 's1'), landed('am-a', 's2')), left: [alice('f1'), alice('f2')]};
    expect(groupUnackText(what, done)).toEqual({text: "expired your acks of 2 alerts of service=api (am-a: s1, am-a: s2); alice@␛[2Jhost's ack still silences 2 of them until 10:42Z", tone: 'info'});
    // Several users, each once with how many they hold, the latest ending first.
    expect(groupUnackText(what, {...done, left: [bob, alice('f1'), alice('f2', 's8')]}).text).toBe(
      "expired your acks of 2 alerts of service=api (am-a: s1, am-a: s2); alice@␛[2Jhost's ack still silences 2 of them until 10:42Z, bob@host's 1 until 09:05Z",
    );
    // Nothing of the user's found (expired meanwhile): not said as expired.
    expect(groupUnackText(what, {status: 'ok', results: [], left: [alice('f1')]}).text).toBe("2 alerts of service=api: no ack silence of yours found; alice@␛[2Jhost's ack still silences 1 of them until 10:42Z");
    // A partial unack keeps its own line, the other acks said after it.
    const partial = {...outcome('partial', landed('am-a', 's1'), {...refused('am-a', 'unavailable: HTTP 503'), silenceId: 's2'}), left: [alice('f1')]};
    expect(groupUnackText(what, partial).text).toBe("UNACK PARTIAL: 2 alerts of service=api: expired am-a: s1; NOT expired: am-a: s2 (unavailable: HTTP 503); press u to retry · alice@␛[2Jhost's ack still silences 1 of them until 10:42Z");
    // No other ack left: the plain unack line.
    expect(groupUnackText(what, outcome('ok', landed('am-a', 's1')))).toEqual(outcomeText('unack', what, outcome('ok', landed('am-a', 's1'))));
  });
  it("counts every alert one silence of another user's covers, each alert once", () => {
    const done = outcome('ok', landed('am-a', 's1'), landed('am-a', 's2'));
    // Alice acked the whole group with one silence: it still silences both alerts.
    const group = {...alice('f1'), fingerprints: ['f1', 'f2']};
    expect(groupUnackText(what, {...done, left: [group]}).text).toBe("expired your acks of 2 alerts of service=api (am-a: s1, am-a: s2); alice@␛[2Jhost's ack still silences 2 of them until 10:42Z");
    // Her group ack and her own ack of f1, on two Alertmanagers: still 2 alerts, not 3.
    expect(groupUnackText(what, {...done, left: [group, {...alice('f1', 's8'), source: 'am-b'}]}).text).toContain("alice@␛[2Jhost's ack still silences 2 of them");
  });

  it("through the unack mutation, says one group silence of another user's still silences each of its alerts", async () => {
    const client = createQueryClient({retry: 0});
    const am = scriptedAlertmanager('am-1');
    const ack = (createdBy: string, name: string, value: string) => am.handle.capabilities.createSilence({matchers: [{name, value, isRegex: false, isEqual: true}], startsAt: T0, endsAt: T0 + 3_600_000, createdBy, comment: 'ACK! on it'});
    const mine = {A: await ack('me@host', 'alertname', 'A'), B: await ack('me@host', 'alertname', 'B')};
    const aliceGroup = await ack('alice@host', 'service', 'api');
    const alerts = (['A', 'B'] as const).map((name) => makeAlert({fingerprint: `f${name}`, name, labels: {alertname: name, service: 'api'}, seenBy: ['am-1'], silencedBy: [mine[name], aliceGroup]}));
    const ops = createAlertOps(client, emptyServices({alertSources: [am.handle]}), {record: async () => undefined, now: () => Date.now(), ackDurationMs: 900_000, prefix: 'ACK!'});
    const message = await ops.unackGroup(alerts, what, 'me@host');
    client.clear();
    expect(am.expireCalls.sort()).toEqual([mine.A, mine.B].sort());
    expect(message.text).toContain("alice@host's ack still silences 2 of them");
  });
});
