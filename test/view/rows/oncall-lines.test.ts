/**
 * The on-call header line and detail section: who for the selected service, the first level of
 * the services in view without a selection, and never a silent drop: a failed or old read says
 * so with its age, before the names. Backend strings are sanitized.
 */
import {describe, expect, it} from 'vitest';
import type {Oncall} from '../../../src/domain/incident.ts';
import {AllSourcesFailed} from '../../../src/queries/source-outcome.ts';
import type {OncallSnapshot} from '../../../src/queries/oncall-queries.ts';
import {oncallDetails, oncallHeaderText, oncallView, presentOncalls, servicesInView} from '../../../src/view/rows/oncall-lines.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);
const MIN = 60_000;
const o = (user: string, level: number, services: string[], over: Partial<Oncall> = {}): Oncall => ({source: 'pagerduty', user, level, escalationPolicy: 'storefront', schedule: `primary ${level}`, until: T0 + 2 * 86_400_000, services, ...over});
const ONCALLS = [o('alice', 1, ['checkout']), o('bob', 2, ['checkout']), o('carol', 1, ['search']), o('dave', 1, ['checkout'], {escalationPolicy: 'sre'})];
const snap = (at: number, oncalls = ONCALLS, ok = true): OncallSnapshot => ({oncalls, at, outcomes: [{name: 'pagerduty', kind: 'pagerduty', ok, error: ok ? null : 'unavailable: refused', warnings: [], updatedAt: at}]});
const fresh = oncallView({data: snap(T0), error: null, dataUpdatedAt: T0}, 10 * MIN);

describe('the on-call header line', () => {
  it('a context name with replacement patterns is drawn as it is', () => {
    expect(oncallHeaderText(fresh, 'search', [], T0, "$&$'").text).toBe("on call ($&$'): search carol (L1)");
  });

  it('names the selected service and its on-call per level, several at one level together', () => {
    expect(oncallHeaderText(fresh, 'checkout', [], T0 + MIN)).toEqual({text: 'on call: checkout alice, dave (L1) · bob (L2)', tone: 'muted'});
    expect(oncallHeaderText(fresh, 'auth', [], T0).text).toBe('on call: auth nobody known on call');
  });

  it('without a selected service: the first level of each service in view', () => {
    expect(oncallHeaderText(fresh, null, ['search', 'checkout', 'auth'], T0).text).toBe('on call: search carol · checkout alice, dave');
    expect(oncallHeaderText(fresh, null, ['auth'], T0).text).toBe('on call: nobody known for the services in view');
  });

  it('names its context when asked to (several contexts on screen), in every form of the line; sanitized', () => {
    expect(oncallHeaderText(fresh, 'checkout', [], T0 + MIN, 'prod-eu')).toEqual({text: 'on call (prod-eu): checkout alice, dave (L1) · bob (L2)', tone: 'muted'});
    expect(oncallHeaderText(fresh, null, ['search'], T0, 'prod-eu').text).toBe('on call (prod-eu): search carol');
    const error = new AllSourcesFailed([{name: 'pagerduty', kind: 'pagerduty', ok: false, error: 'unavailable: refused', warnings: [], updatedAt: T0}]);
    expect(oncallHeaderText(oncallView({data: snap(T0), error, dataUpdatedAt: T0}, 10 * MIN), 'checkout', [], T0 + 12 * MIN, 'prod-us').text).toMatch(/^on call \(prod-us\) ⚠ as of 12m ago \(pagerduty ✖ unavailable\): checkout/);
    expect(oncallHeaderText(oncallView({data: undefined, error: null, dataUpdatedAt: 0}, 10 * MIN), 'checkout', [], T0, 'prod-us').text).toBe('on call (prod-us): reading…');
    expect(oncallHeaderText(fresh, 'search', [], T0, 'evil\u001b[31m').text).toBe('on call (evil␛[31m): search carol (L1)');
    // One context: the line is as it always was.
    expect(oncallHeaderText(fresh, 'search', [], T0, null).text).toBe('on call: search carol (L1)');
  });

  it('a failed read leads the line with the age of what is still shown; never read says so', () => {
    const error = new AllSourcesFailed([{name: 'pagerduty', kind: 'pagerduty', ok: false, error: 'unavailable: GET /oncalls: connection refused', warnings: [], updatedAt: T0}]);
    const failed = oncallView({data: snap(T0), error, dataUpdatedAt: T0}, 10 * MIN);
    expect(oncallHeaderText(failed, 'checkout', [], T0 + 12 * MIN)).toEqual({text: 'on call ⚠ as of 12m ago (pagerduty ✖ unavailable): checkout alice, dave (L1) · bob (L2)', tone: 'warn'});
    const never = oncallView({data: undefined, error, dataUpdatedAt: 0}, 10 * MIN);
    expect(oncallHeaderText(never, 'checkout', [], T0)).toEqual({text: 'on call: pagerduty ✖ unavailable, never read', tone: 'critical'});
    expect(oncallHeaderText(oncallView({data: undefined, error: null, dataUpdatedAt: 0}, 10 * MIN), 'checkout', [], T0).text).toBe('on call: reading…');
  });

  it('one of two sources failing: its last answer stays, the line names it and the oldest age', () => {
    const partial: OncallSnapshot = {...snap(T0 + 5 * MIN), outcomes: [snap(T0 + 5 * MIN).outcomes[0]!, {name: 'pd-eu', kind: 'pagerduty', ok: false, error: 'timeout: no answer', warnings: [], updatedAt: T0}]};
    const view = oncallView({data: partial, error: null, dataUpdatedAt: T0 + 5 * MIN}, 10 * MIN);
    expect(oncallHeaderText(view, 'search', [], T0 + 6 * MIN)).toEqual({text: 'on call ⚠ as of 6m ago (pd-eu ✖ timeout): search carol (L1)', tone: 'warn'});
  });

  it('an answer older than two reads (polling paused) is marked old', () => {
    expect(oncallHeaderText(fresh, 'search', [], T0 + 11 * MIN)).toEqual({text: 'on call ⚠ as of 11m ago: search carol (L1)', tone: 'warn'});
  });

  it('sanitizes every backend string: escape sequences, OSC 8/52 and bidi controls never reach the line', () => {
    const hostile = [o('\u001b]52;c;cm0gLXJmIC8=\u0007mallory\u001b[2J', 1, ['check\u202Eout']), o('\u001b]8;;https://evil.example\u001b\\eve\u001b]8;;\u001b\\', 2, ['check\u202Eout'], {escalationPolicy: 'pol\u009b31m', schedule: 'sch\u0007'})];
    const view = oncallView({data: snap(T0, hostile), error: null, dataUpdatedAt: T0}, 10 * MIN);
    const texts = [oncallHeaderText(view, 'check\u202Eout', [], T0).text, oncallHeaderText(view, null, ['check\u202Eout'], T0).text, ...oncallDetails(view, 'check\u202Eout', T0).flatMap((l) => [l.label, l.value])];
    for (const text of texts) expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(texts[0]).toContain('mallory');
  });
});

describe('the on-call section of an alert’s details', () => {
  it('lists each level with its schedule, policy and the end of the shift', () => {
    expect(oncallDetails(fresh, 'checkout', T0)).toEqual([
      {label: '', value: 'on call for checkout'},
      {label: '  L1', value: 'alice until 2026-05-03T10:00Z (2d) · primary 1, storefront (pagerduty)'},
      {label: '  L1', value: 'dave until 2026-05-03T10:00Z (2d) · primary 1, sre (pagerduty)'},
      {label: '  L2', value: 'bob until 2026-05-03T10:00Z (2d) · primary 2, storefront (pagerduty)'},
    ]);
    expect(oncallDetails(fresh, undefined, T0)).toEqual([]);
    expect(oncallDetails(fresh, 'auth', T0).at(-1)).toEqual({label: '  —', value: 'nobody known on call for this service'});
  });

  it('says when the read failed, with the age of the names shown', () => {
    const error = new AllSourcesFailed([{name: 'pagerduty', kind: 'pagerduty', ok: false, error: 'auth: 401', warnings: [], updatedAt: T0}]);
    const lines = oncallDetails(oncallView({data: snap(T0), error, dataUpdatedAt: T0}, 10 * MIN), 'search', T0 + 3 * MIN);
    expect(lines.slice(0, 3)).toEqual([
      {label: '', value: 'on call for search'},
      {label: '  read', value: '⚠ as of 3m ago (pagerduty ✖ auth)', tone: 'warn'},
      {label: '  L1', value: 'carol until 2026-05-03T10:00Z (1d) · primary 1, storefront (pagerduty)'},
    ]);
  });

  it('says "unknown", never "nobody", for a service PagerDuty did not list or a cut list may hold', () => {
    // payments: its configured PagerDuty service was not found; auth: known, nobody on its schedule.
    const gaps = [{source: 'pagerduty', services: ['auth', 'checkout', 'search'], unknownServices: ['payments'], incomplete: false}];
    const view = oncallView({data: {...snap(T0), gaps}, error: null, dataUpdatedAt: T0}, 10 * MIN);
    expect(oncallHeaderText(view, 'payments', [], T0)).toEqual({text: 'on call: payments unknown (not found in PagerDuty)', tone: 'warn'});
    expect(oncallHeaderText(view, 'auth', [], T0).text).toBe('on call: auth nobody known on call');
    expect(oncallHeaderText(view, null, ['search', 'payments', 'auth'], T0)).toEqual({text: 'on call: search carol · payments unknown', tone: 'warn'});
    expect(oncallDetails(view, 'payments', T0).at(-1)).toEqual({label: '  —', value: 'unknown: not found in PagerDuty', tone: 'warn'});
    // A cut on-call list: a service without names shown may have some past the cut.
    const cut = oncallView({data: {...snap(T0), gaps: [{source: 'pagerduty', services: ['auth', 'checkout'], incomplete: true}]}, error: null, dataUpdatedAt: T0}, 10 * MIN);
    expect(oncallHeaderText(cut, 'auth', [], T0).text).toBe('on call: auth unknown (a list was cut)');
    expect(oncallHeaderText(cut, 'checkout', [], T0).text).toBe('on call: checkout alice, dave (L1) · bob (L2)');
  });

  it('servicesInView: alerts first, then SLOs, each once', () => {
    expect(servicesInView([{labels: {service: 'checkout'}}, {labels: {}}, {labels: {service: 'search'}}], [{service: 'checkout'}, {service: 'auth'}])).toEqual(['checkout', 'search', 'auth']);
  });
});

describe('the on-call line while the screen shows the past', () => {
  // The on-call read is the present's (there is no history of it): the screen's clock is then
  // the instant shown, but the ages and shift ends count by the live one, and it says "now".
  const PAST = T0 - 2 * 3_600_000;

  it('says "on call now", with the age of a failed read by the live clock, not the instant shown', () => {
    const error = new AllSourcesFailed([{name: 'pagerduty', kind: 'pagerduty', ok: false, error: 'unavailable: refused', warnings: [], updatedAt: T0 - 3 * MIN}]);
    const failed = presentOncalls(oncallView({data: snap(T0 - 3 * MIN), error, dataUpdatedAt: T0 - 3 * MIN}, 10 * MIN), T0);
    expect(oncallHeaderText(failed, 'checkout', [], PAST).text).toBe('on call now ⚠ as of 3m ago (pagerduty ✖ unavailable): checkout alice, dave (L1) · bob (L2)');
    expect(oncallHeaderText(presentOncalls(fresh, T0 + MIN), 'search', [], PAST)).toEqual({text: 'on call now: search carol (L1)', tone: 'muted'});
    // Old by the live clock though the instant shown is before it was read.
    expect(oncallHeaderText(presentOncalls(fresh, T0 + 11 * MIN), 'search', [], PAST).text).toBe('on call now ⚠ as of 11m ago: search carol (L1)');
    expect(oncallHeaderText(presentOncalls(fresh, T0), null, ['search'], PAST, 'prod-eu').text).toBe('on call now (prod-eu): search carol');
  });

  it('the details say "on call now" and count the shift end from the live clock', () => {
    const shiftEnd = T0 + 3 * 3_600_000;
    const view = presentOncalls(oncallView({data: snap(T0, [o('carol', 1, ['search'], {until: shiftEnd})]), error: null, dataUpdatedAt: T0}, 10 * MIN), T0);
    expect(oncallDetails(view, 'search', PAST)).toEqual([
      {label: '', value: 'on call now for search'},
      {label: '  L1', value: 'carol until 2026-05-01T13:00Z (3h) · primary 1, storefront (pagerduty)'},
    ]);
  });
});
