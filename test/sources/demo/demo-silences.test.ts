import {describe, expect, it} from 'vitest';
import type {Matcher, SilenceDraft} from '../../../src/domain/alert.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {createDemoSilences, matcherMatches, silenceState} from '../../../src/sources/demo/demo-silences.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);
const M = 60_000;
const m = (name: string, value: string, isRegex = false, isEqual = true): Matcher => ({name, value, isRegex, isEqual});
const labels = {alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical'};

describe('matcherMatches', () => {
  it('implements = != =~ !~ with fully anchored regexes', () => {
    expect(matcherMatches(m('service', 'checkout'), labels)).toBe(true);
    expect(matcherMatches(m('service', 'check'), labels)).toBe(false);
    expect(matcherMatches(m('service', 'payments', false, false), labels)).toBe(true);
    expect(matcherMatches(m('service', 'check.*', true), labels)).toBe(true);
    expect(matcherMatches(m('service', 'check', true), labels)).toBe(false); // anchored: not a substring search
    expect(matcherMatches(m('service', 'out', true), labels)).toBe(false);
    expect(matcherMatches(m('severity', 'warning|critical', true), labels)).toBe(true);
    expect(matcherMatches(m('severity', 'info|warning', true, false), labels)).toBe(true);
    expect(matcherMatches(m('severity', 'crit.*', true, false), labels)).toBe(false);
  });

  it('treats a missing label as the empty string', () => {
    expect(matcherMatches(m('instance', ''), labels)).toBe(true);
    expect(matcherMatches(m('instance', '.+', true), labels)).toBe(false);
    expect(matcherMatches(m('instance', 'db-2', false, false), labels)).toBe(true);
  });
});

describe('silenceState', () => {
  it('is pending before the start, active in [start, end), expired from the end', () => {
    const s = {startsAt: 100, endsAt: 200};
    expect(silenceState(s, 99)).toBe('pending');
    expect(silenceState(s, 100)).toBe('active');
    expect(silenceState(s, 199)).toBe('active');
    expect(silenceState(s, 200)).toBe('expired');
  });
});

describe('demo silence store', () => {
  const setup = () => {
    let t = T0;
    const store = createDemoSilences(() => t, []);
    return {store, advance: (ms: number) => (t += ms)};
  };
  const draft = (over: Partial<SilenceDraft> = {}): SilenceDraft => ({
    matchers: [m('alertname', 'CheckoutHighErrorRate')],
    startsAt: T0,
    endsAt: T0 + 15 * M,
    createdBy: 'dev',
    comment: 'ACK! looking',
    ...over,
  });

  it('numbers ids, clamps a past start to now and silences matching labels only while active', async () => {
    const {store, advance} = setup();
    const id = await store.createSilence(draft({startsAt: T0 - 5 * M}));
    expect(id).toBe('demo-silence-1');
    const {value} = await store.listSilences();
    expect(value).toEqual([{id, matchers: [m('alertname', 'CheckoutHighErrorRate')], startsAt: T0, endsAt: T0 + 15 * M, createdBy: 'dev', comment: 'ACK! looking', state: 'active'}]);
    expect(store.silencing(labels)).toEqual([id]);
    expect(store.silencing({...labels, alertname: 'Other'})).toEqual([]);
    advance(15 * M);
    expect(store.silencing(labels)).toEqual([]);
    expect((await store.listSilences()).value[0]!.state).toBe('expired');
  });

  it('does not silence before a future start', async () => {
    const {store, advance} = setup();
    const id = await store.createSilence(draft({startsAt: T0 + 5 * M, endsAt: T0 + 20 * M}));
    expect(store.silencing(labels)).toEqual([]);
    expect((await store.listSilences()).value[0]!.state).toBe('pending');
    advance(5 * M);
    expect(store.silencing(labels)).toEqual([id]);
  });

  it('replaces a silence with a new id and expires the old one at now', async () => {
    const {store, advance} = setup();
    const first = await store.createSilence(draft());
    advance(M);
    const second = await store.createSilence(draft({id: first, endsAt: T0 + 60 * M}));
    expect(second).toBe('demo-silence-2');
    const {value} = await store.listSilences();
    expect(value.map((s) => [s.id, s.state, s.endsAt])).toEqual([
      [second, 'active', T0 + 60 * M],
      [first, 'expired', T0 + M],
    ]);
    expect(store.silencing(labels)).toEqual([second]);
  });

  it('expires by setting the end to now; a pending silence gets both ends at now; twice is harmless', async () => {
    const {store, advance} = setup();
    const active = await store.createSilence(draft());
    const pending = await store.createSilence(draft({startsAt: T0 + 10 * M, endsAt: T0 + 20 * M}));
    advance(2 * M);
    await store.expireSilence(active);
    await store.expireSilence(pending);
    advance(M);
    await store.expireSilence(active);
    const {value} = await store.listSilences();
    expect(value.map((s) => [s.id, s.state, s.startsAt, s.endsAt])).toEqual([
      [active, 'expired', T0, T0 + 2 * M],
      [pending, 'expired', T0 + 2 * M, T0 + 2 * M],
    ]);
    expect(store.silencing(labels)).toEqual([]);
  });

  it('lists active by soonest end, then pending by soonest start, then expired newest first', async () => {
    const {store} = setup();
    const late = await store.createSilence(draft({endsAt: T0 + 30 * M}));
    const soon = await store.createSilence(draft({endsAt: T0 + 10 * M}));
    const pendingLate = await store.createSilence(draft({startsAt: T0 + 9 * M, endsAt: T0 + 99 * M}));
    const pendingSoon = await store.createSilence(draft({startsAt: T0 + 5 * M, endsAt: T0 + 99 * M}));
    expect((await store.listSilences()).value.map((s) => s.id)).toEqual([soon, late, pendingSoon, pendingLate]);
  });

  it('rejects what Alertmanager rejects', async () => {
    const {store} = setup();
    await expect(store.createSilence(draft({matchers: []}))).rejects.toBeInstanceOf(SourceFailure);
    await expect(store.createSilence(draft({startsAt: T0 - 10 * M, endsAt: T0 - 1}))).rejects.toThrow("end time can't be in the past");
    await expect(store.createSilence(draft({startsAt: T0 + 2 * M, endsAt: T0 + M}))).rejects.toThrow('start time must be before end time');
    await expect(store.createSilence(draft({matchers: [m('service', '(', true)]}))).rejects.toThrow(/invalid regular expression/);
    await expect(store.createSilence(draft({id: 'demo-silence-99'}))).rejects.toThrow(/not found/);
    await expect(store.expireSilence('demo-silence-99')).rejects.toThrow(/not found/);
    expect((await store.listSilences()).value).toEqual([]);
  });

  it('keeps its own copy of the matchers', async () => {
    const {store} = setup();
    const d = draft();
    await store.createSilence(d);
    d.matchers[0]!.value = 'Changed';
    const listed = (await store.listSilences()).value[0]!;
    expect(listed.matchers[0]!.value).toBe('CheckoutHighErrorRate');
    listed.matchers[0]!.value = 'Changed again';
    expect(store.silencing(labels)).toEqual(['demo-silence-1']);
  });
});
