/**
 * `u` on a group header after `A`: it expires the silences the group ack made (the user's own
 * ack silences on the group's alerts), asks first when there are several, saying how many, never
 * expires another user's ack, logs each expiry, and says which silences a partial failure left.
 * `u` on one alert expires the user's own ack silences too, and asks before another user's.
 */
import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {matchesSilence} from '../../src/domain/ack-plan.ts';
import type {Alert, Silence, SilenceDraft} from '../../src/domain/alert.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const footer = (f: string) => f.split('\n').at(-1) ?? '';

/** An Alertmanager in memory: silences it is sent silence its alerts; `refuse` ids fail to expire. */
function fakeAlertmanager(alerts: Alert[], refuse: ReadonlySet<string> = new Set()) {
  const silences: Silence[] = [];
  const active = (a: Alert) => silences.filter((s) => s.state === 'active' && matchesSilence(a, s.matchers));
  const capabilities = {
    listAlerts: async () => ({
      value: alerts.map((a) => {
        const on = active(a);
        const ack = on.find((s) => s.comment.startsWith('ACK!'));
        return {...a, state: on.length > 0 ? ('suppressed' as const) : a.state, silencedBy: on.map((s) => s.id), ack: ack ? {by: ack.createdBy, until: ack.endsAt, silenceId: ack.id, comment: ack.comment} : null};
      }),
      warnings: [],
    }),
    listSilences: async () => ({value: silences.map((s) => ({...s})), warnings: []}),
    createSilence: async (draft: SilenceDraft) => {
      const id = `s${silences.length + 1}`;
      silences.push({...draft, id, state: 'active'});
      return id;
    },
    expireSilence: async (id: string) => {
      if (refuse.has(id)) throw new SourceFailure('auth', 'forbidden');
      const s = silences.find((x) => x.id === id);
      if (s) s.state = 'expired';
    },
  };
  return {silences, source: {name: 'am-a', kind: 'alertmanager' as const, capabilities}};
}

const pod = (fingerprint: string, name: string) => makeAlert({fingerprint, name: 'PodCrash', severity: 'critical', labels: {alertname: 'PodCrash', service: 'api', pod: name}, startsAt: T0 - 60_000});

async function ackGroupThenUnack(refuse?: ReadonlySet<string>) {
  const am = fakeAlertmanager([pod('f1', 'api-1'), pod('f2', 'api-2')], refuse);
  const log: ActionLogEntry[] = [];
  const h = await renderDashboard(emptyServices({alertSources: [am.source]}), {columns: 140, rows: 40, record: async (e) => void log.push(e)});
  await h.waitFor((f) => f.includes('PodCrash'), 'the alerts');
  await h.press('2');
  await h.press('g');
  // The cursor on the group header: A acks both pods, one silence each (no volatile labels).
  await h.press('A');
  await h.waitFor((f) => /^acked /.test(footer(f)) && f.split('\n').filter((l) => l.includes('tester@host')).length === 2, 'the group ack', 8000);
  expect(am.silences.map((s) => [s.id, s.createdBy, s.state])).toEqual([['s1', 'tester@host', 'active'], ['s2', 'tester@host', 'active']]);
  // Someone else acks one of the pods too: that silence is theirs, never expired by our unack.
  am.silences.push({...am.silences[0]!, id: 's3', createdBy: 'someone@else', comment: 'ACK! mine'});
  await h.press('g');
  await h.press('u');
  const asked = await h.waitFor((f) => /type "yes" to confirm unack/.test(f), 'the confirmation', 8000);
  await h.press('yes');
  await h.press('\r');
  return {h, am, log, asked};
}

describe('u on a group acked with A', () => {
  it('says how many silences it expires, then expires ours and leaves another user\'s', async () => {
    const {h, am, log, asked} = await ackGroupThenUnack();
    expect(asked).toContain('Unacking 2 alerts of PodCrash · api expires 2 silences');
    const done = await h.waitFor((f) => /^expired |^unacked |^UNACK /.test(footer(f)), 'the unack', 8000);
    // The other user's ack still silences one pod: said, not "unacked".
    expect(footer(done)).toMatch(/^expired your acks of 2 alerts of PodCrash · api \(am-a: s\d, am-a: s\d\); someone@else's ack still silences 1 of them until (?:\d{4}-\d\d-\d\d )?\d\d:\d\dZ/);
    expect(am.silences.map((s) => [s.id, s.state])).toEqual([['s1', 'expired'], ['s2', 'expired'], ['s3', 'active']]);
    // One attempt and one success per silence expired.
    const unacks = log.filter((e) => e.action === 'unack').map((e) => `${e.phase} ${e.silenceId}`).sort();
    expect(unacks).toEqual(['attempt s1', 'attempt s2', 'success s1', 'success s2']);
  });

  it('says which silences were expired and which not when only some were', async () => {
    const {h, am} = await ackGroupThenUnack(new Set(['s2']));
    const done = await h.waitFor((f) => /^expired |^unacked |^UNACK /.test(footer(f)), 'the unack', 8000);
    expect(footer(done)).toMatch(/^UNACK PARTIAL: 2 alerts of PodCrash · api: expired am-a: s1; NOT expired: am-a: s2 \(.*forbidden/);
    expect(am.silences.map((s) => [s.id, s.state])).toEqual([['s1', 'expired'], ['s2', 'active'], ['s3', 'active']]);
  });
});

describe('u on a group whose acks of the user sit under another user\'s', () => {
  it("asks, expires the user's own acks and says the other user's still silences them", async () => {
    const am = fakeAlertmanager([pod('f1', 'api-1'), pod('f2', 'api-2')]);
    // The user's ack on each pod, and alice's ending later: the rows show alice's.
    for (const [i, [by, name, endsAt]] of ([['tester@host', 'api-1', T0 + 900_000], ['tester@host', 'api-2', T0 + 900_000], ['alice@host', 'api-1', T0 + 3_600_000], ['alice@host', 'api-2', T0 + 3_600_000]] as const).entries()) {
      am.silences.push({id: `s${i + 1}`, matchers: [{name: 'pod', value: name, isRegex: false, isEqual: true}], startsAt: T0 - 60_000, endsAt, createdBy: by, comment: 'ACK! on it', state: 'active'});
    }
    const h = await renderDashboard(emptyServices({alertSources: [am.source]}), {columns: 140, rows: 40});
    await h.waitFor((f) => f.split('\n').filter((l) => l.includes('alice@host')).length === 2, 'the acked alerts', 8000);
    await h.press('2');
    await h.press('g');
    await h.press('u');
    const asked = await h.waitFor((f) => /type "yes" to confirm unack/.test(f), 'the confirmation', 8000);
    expect(asked).toContain('Unacking 2 alerts of PodCrash · api expires your acks of them:');
    expect(asked).toContain("another user's ack on 2 alerts (silence found when sent)");
    await h.press('yes');
    await h.press('\r');
    const done = await h.waitFor((f) => /^expired |^unacked |^UNACK /.test(footer(f)), 'the unack', 8000);
    const until = `${new Date(T0 + 3_600_000).toISOString().slice(11, 16)}Z`;
    expect(footer(done)).toMatch(/^expired your acks of 2 alerts of PodCrash · api \(am-a: s[12], am-a: s[12]\); alice@host's ack still silences 2 of them until /);
    expect(footer(done)).toContain(until);
    expect(am.silences.map((s) => [s.id, s.state])).toEqual([['s1', 'expired'], ['s2', 'expired'], ['s3', 'active'], ['s4', 'active']]);
  });
});

describe('u on one alert', () => {
  // One pod alone in its group, acked by whoever `acks` names (a silence each, in that order).
  async function acked(acks: string[], endsAt: number[] = []) {
    const am = fakeAlertmanager([pod('f1', 'api-1')]);
    for (const [i, by] of acks.entries()) am.silences.push({id: `s${i + 1}`, matchers: [{name: 'pod', value: 'api-1', isRegex: false, isEqual: true}], startsAt: T0 - 60_000, endsAt: endsAt[i] ?? T0 + 3_600_000, createdBy: by, comment: 'ACK! on it', state: 'active'});
    const h = await renderDashboard(emptyServices({alertSources: [am.source]}), {columns: 140, rows: 40});
    // The row shows the ack ending last.
    const shown = acks.reduce((a, _, i) => ((endsAt[i] ?? 0) > (endsAt[a] ?? 0) ? i : a), 0);
    await h.waitFor((f) => f.includes(acks[shown]!), 'the acked alert', 8000);
    await h.press('2');
    await h.press('j');
    // The alert's own row, not its group's header.
    const selected = h.lastFrame().split('\n').find((l) => l.includes('║›')) ?? '';
    expect(selected).toContain('PodCrash');
    expect(selected).not.toContain('▸');
    await h.press('u');
    return {h, am};
  }

  it("expires the user's own ack and leaves another user's", async () => {
    const {h, am} = await acked(['tester@host', 'someone@else']);
    const done = await h.waitFor((f) => /^expired |^UNACK /.test(footer(f)), 'the unack', 8000);
    expect(footer(done)).toMatch(/^expired your ack of PodCrash \(am-a: s1\); someone@else's ack still silences it until (?:\d{4}-\d\d-\d\d )?\d\d:\d\dZ/);
    expect(am.silences.map((s) => [s.id, s.state])).toEqual([['s1', 'expired'], ['s2', 'active']]);
  });

  it("expires the user's own ack unasked when another user's, shown on the row, ends later", async () => {
    const later = T0 + 2 * 3_600_000;
    const {h, am} = await acked(['tester@host', 'someone@else'], [T0 + 3_600_000, later]);
    const done = await h.waitFor((f) => /^expired |^UNACK |type "yes"/.test(footer(f)) || /type "yes"/.test(f), 'the unack', 8000);
    expect(done).not.toContain('type "yes" to confirm unack');
    expect(footer(done)).toContain(`expired your ack of PodCrash (am-a: s1); someone@else's ack still silences it until ${new Date(later).toISOString().slice(11, 16)}Z`);
    expect(am.silences.map((s) => [s.id, s.state])).toEqual([['s1', 'expired'], ['s2', 'active']]);
  });

  it("asks first when the ack is another user's, naming them, then expires theirs", async () => {
    const {h, am} = await acked(['someone@else']);
    const asked = await h.waitFor((f) => /type "yes" to confirm unack/.test(f), 'the confirmation', 8000);
    expect(asked).toContain("Expire someone@else's ack?");
    expect(asked).toContain('PodCrash is acked by someone@else, not by you.');
    // Nothing is expired before the yes.
    expect(am.silences.map((s) => s.state)).toEqual(['active']);
    await h.press('yes');
    await h.press('\r');
    const done = await h.waitFor((f) => /^unacked |^UNACK /.test(footer(f)), 'the unack', 8000);
    expect(footer(done)).toMatch(/^unacked PodCrash \(am-a: s1\)/);
    expect(am.silences.map((s) => [s.id, s.state])).toEqual([['s1', 'expired']]);
  });

  it('expires nothing when the question is cancelled', async () => {
    const {h, am} = await acked(['someone@else']);
    await h.waitFor((f) => /type "yes" to confirm unack/.test(f), 'the confirmation', 8000);
    await h.press('\x1b');
    await h.settle();
    expect(am.silences.map((s) => s.state)).toEqual(['active']);
  });
});
