/**
 * The handover never tells the next on-call something untrue: an ack the shift inherited, an SLO
 * that stopped being measured, a budget nobody could measure, a refused rollback, and a page
 * from the paging service that no alert history holds.
 */
import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import type {Silence} from '../../src/domain/alert.ts';
import type {PagedIncident} from '../../src/domain/handover-incidents.ts';
import {handoverDocument, handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {buildHandover} from '../../src/domain/handover.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';
import {actionEvents} from '../../src/domain/timeline-actions.ts';
import {buildTimeline, type TimelineEvent, type TimelineGap} from '../../src/domain/timeline.ts';

const T0 = Date.UTC(2026, 11, 5, 20, 0, 0);
const H = 3_600_000;
const M = 60_000;
const TO = T0 + 12 * H;
const slo: SloDefinition = {name: 'checkout-availability', service: 'checkout', objective: 99.9, window: '30d', source: 'native'};

function handover(input: {events?: TimelineEvent[]; gaps?: TimelineGap[]; silences?: Array<{silence: Silence; context?: string}>; slosAtEnd?: ReturnType<typeof evaluateSlo>[]; budgets?: Array<{slo: string; service: string; spent: number | null; unread?: true}>; incidents?: PagedIncident[]; contexts?: string[]}) {
  return buildHandover({
    context: 'prod',
    ...(input.contexts ? {contexts: input.contexts} : {}),
    timeline: {from: T0, to: TO, stepSeconds: 15, sloStepSeconds: 60, events: input.events ?? [], gaps: input.gaps ?? []},
    slosAtEnd: input.slosAtEnd ?? [],
    alertsAtEnd: [],
    silences: input.silences ?? [],
    budgets: input.budgets ?? [],
    ...(input.incidents ? {incidents: input.incidents} : {}),
  });
}

const section = (md: string, title: string) => {
  const lines = md.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`### ${title}`));
  const end = lines.findIndex((l, i) => i > at && l.startsWith('### '));
  return lines.slice(at, end < 0 ? undefined : end);
};

describe('acks made before the shift', () => {
  const matchers = [{name: 'alertname', value: 'CheckoutHighErrorRate', isRegex: false, isEqual: true}, {name: 'service', value: 'checkout', isRegex: false, isEqual: true}];
  const bobs = (id: string, extra: Partial<Silence> = {}): Silence => ({id, state: 'active', matchers, startsAt: T0 - H, endsAt: T0 + 23 * H, createdBy: 'bob', comment: 'ACK! flapping', updatedAt: T0 - H, ...extra});

  it('one still holding at the end is handed over, marked as made before the shift, once over several Alertmanagers', () => {
    // Copies of one silence: on two peers of a cluster (one id), and on an unclustered Alertmanager (its own id).
    const h = handover({silences: [{silence: bobs('s-1')}, {silence: bobs('s-1')}, {silence: bobs('other-id')}]});
    expect(h.acks).toEqual([{context: 'prod', by: 'bob', service: 'checkout', matchers: 'alertname="CheckoutHighErrorRate" service="checkout"', at: T0 - H, until: T0 + 23 * H, holds: true, expiredEarly: false, beforeShift: true}]);
    expect(section(handoverMarkdown(h), 'Acks')).toEqual(['### Acks (1)', '- 2026-12-05 19:00Z bob: alertname="CheckoutHighErrorRate" service="checkout" HOLDS until 2026-12-06 19:00Z (made before the shift)']);
    expect(handoverDocument(h).counts).toMatchObject({acks: 1, acksHolding: 1});
  });

  it('one that ended before the end, or was expired, is not handed over; one made in the shift is not listed twice', () => {
    const ended = bobs('s-2', {endsAt: T0 + 2 * H, state: 'expired'});
    const expired = bobs('s-3', {state: 'expired', endsAt: T0 + H, updatedAt: T0 + H});
    const inShift = bobs('s-4', {startsAt: T0 + H, createdBy: 'carol'});
    const ack: TimelineEvent = {at: T0 + H, kind: 'ack', context: 'prod', service: 'checkout', text: 'acked by carol', source: 'am', by: 'carol', until: inShift.endsAt, subject: {silenceId: 's-4', matchers: 'x'}};
    const h = handover({silences: [{silence: ended}, {silence: expired}, {silence: inShift}], events: [ack]});
    expect(h.acks.map((a) => [a.by, a.holds, a.beforeShift])).toEqual([['carol', true, undefined]]);
  });

  it('over several contexts each keeps its own', () => {
    const h = handover({contexts: ['prod-eu', 'prod-us'], silences: [{silence: bobs('s-1'), context: 'prod-eu'}, {silence: bobs('s-1'), context: 'prod-us'}]});
    expect(h.acks.map((a) => a.context)).toEqual(['prod-eu', 'prod-us']);
  });
});

describe('an SLO without data', () => {
  const ev = (at: number, kind: TimelineEvent['kind']): TimelineEvent => ({at, kind, context: 'prod', service: 'checkout', text: kind, source: 'prometheus', subject: {slo: slo.name}});
  const noData = evaluateSlo(slo, {slo: slo.name, at: TO, ratios: []});

  it('a page whose data then stops is unknown since, not a page that ended, and the SLO is not measured at the end', () => {
    const h = handover({events: [ev(T0 + 7 * H, 'slo-page'), ev(T0 + 7 * H + 20 * M, 'slo-no-data')], slosAtEnd: [noData], budgets: [{slo: slo.name, service: 'checkout', spent: 0.12}]});
    expect(h.pages[0]).toMatchObject({seconds: 20 * 60, ongoing: false, unknownSince: T0 + 7 * H + 20 * M});
    const md = handoverMarkdown(h);
    expect(section(md, 'Paged')).toEqual(['### Paged (1)', '- checkout-availability (checkout) SLO page: 20m, first 03:00Z, then no data: UNKNOWN since 03:20Z (may still page)']);
    expect(md).toContain('\nNOT MEASURED at the end: checkout-availability (no-data since 03:20Z)\n');
    const doc = handoverDocument(h);
    expect(doc.counts).toMatchObject({notMeasured: 1});
    expect((doc.pages as Array<Record<string, unknown>>)[0]).toMatchObject({unknownSince: '2026-12-06T03:20:00.000Z'});
  });

  it('a page whose data comes back not paging did end; one unmeasured since before the shift names no time', () => {
    const h = handover({events: [ev(T0, 'slo-page'), ev(T0 + H, 'slo-no-data'), ev(T0 + 2 * H, 'slo-ok'), {...ev(T0, 'slo-unknown'), subject: {slo: 'search'}, ongoing: true}], slosAtEnd: [{...noData, definition: {...slo, name: 'search'}}]});
    expect(h.pages[0]!.unknownSince).toBeUndefined();
    expect(h.slos[0]!.unmeasuredSince).toBeNull();
    expect(handoverMarkdown(h)).toContain('\nNOT MEASURED at the end: search (no-data)\n');
  });

  it('a budget that could not be measured is "no data", one whose read failed "unknown", never "none"', () => {
    const measured = evaluateSlo(slo, {slo: slo.name, at: TO, ratios: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'].map((window) => ({window, ratio: 0}))});
    expect(measured.status).toBe('ok');
    const nothing = handoverMarkdown(handover({slosAtEnd: [measured], budgets: [{slo: slo.name, service: 'checkout', spent: null}]}));
    expect(section(nothing, 'SLO budget spent')).toEqual(['### SLO budget spent (1)', '- checkout-availability: no data']);
    // A failed read marks every budget of its context unread (as readBudgetSpent answers).
    const failed = handoverMarkdown(handover({slosAtEnd: [measured], budgets: [{slo: slo.name, service: 'checkout', spent: null, unread: true}], gaps: [{part: 'slos', context: 'prod', source: 'prometheus', reason: 'budget spent: timeout: no answer'}]}));
    expect(section(failed, 'SLO budget spent')).toEqual(['### SLO budget spent (1, incomplete: prometheus timeout)', '- checkout-availability: unknown']);
    const zero = handoverMarkdown(handover({slosAtEnd: [measured], budgets: [{slo: slo.name, service: 'checkout', spent: 0}]}));
    expect(section(zero, 'SLO budget spent')).toEqual(['### SLO budget spent: none']);
  });

  it("one SLO's refused budget query leaves it unknown and the other SLOs' budgets as read", () => {
    const at = (name: string) => evaluateSlo({...slo, name}, {slo: name, at: TO, ratios: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'].map((window) => ({window, ratio: 0}))});
    // As readBudgetSpent answers when Prometheus refuses only search's query.
    const h = handover({
      slosAtEnd: [at('search'), at('checkout-availability'), at('payments')],
      budgets: [
        {slo: 'search', service: 'checkout', spent: null, unread: true},
        {slo: 'checkout-availability', service: 'checkout', spent: null},
        {slo: 'payments', service: 'checkout', spent: 0.25},
      ],
      gaps: [{part: 'slos', context: 'prod', source: 'prometheus', reason: 'budget spent: SLO search could not be read: bad_data: parse error'}],
    });
    expect(section(handoverMarkdown(h), 'SLO budget spent').slice(1)).toEqual(['- payments: 25.00%', '- search: unknown', '- checkout-availability: no data']);
    const slos = handoverDocument(h).slos as Array<{slo: string; budgetUnknown?: true}>;
    expect(slos.map((s) => [s.slo, s.budgetUnknown ?? false])).toEqual([['search', true], ['checkout-availability', false], ['payments', false]]);
  });
});

describe('rollback outcomes', () => {
  const iso = (m: number) => new Date(T0 + m * M).toISOString();
  const target = {service: 'checkout', from: 'v2.14.0', to: 'v2.13.2'};
  const rollbacks = (log: ActionLogEntry[]) => handover({events: buildTimeline({from: T0, to: TO, stepSeconds: 60, sloStepSeconds: 60, parts: [{events: actionEvents(log, {context: 'prod', source: 'action log'})}]}).events}).rollbacks;

  it('a refused rollback keeps its own outcome, not that of a later rollback of the same move', () => {
    const got = rollbacks([
      {at: iso(10), action: 'rollback', phase: 'attempt', context: 'prod', target, details: {by: 'alice'}},
      {at: iso(10), action: 'rollback', phase: 'failure', context: 'prod', target, error: 'HTTP 403: Resource not accessible by integration', details: {by: 'alice'}},
      {at: iso(20), action: 'rollback', phase: 'attempt', context: 'prod', target, details: {by: 'bob'}},
      {at: iso(20), action: 'rollback', phase: 'success', context: 'prod', target, details: {by: 'bob', runId: '77', url: 'https://ci.example/run/77'}},
      {at: iso(25), action: 'rollback-watch', phase: 'success', context: 'prod', target, details: {status: 'success', runId: '77', url: 'https://ci.example/run/77'}},
    ]);
    expect(got.map((r) => [r.by, r.outcome, r.url])).toEqual([
      ['alice', 'refused, nothing started', null],
      ['bob', 'success', 'https://ci.example/run/77'],
    ]);
  });

  it('each run\'s finish goes to its own request, and a request whose outcome is unknown stays unknown', () => {
    const got = rollbacks([
      {at: iso(10), action: 'rollback', phase: 'success', context: 'prod', target, details: {by: 'alice', runId: '1'}},
      {at: iso(12), action: 'rollback', phase: 'success', context: 'prod', target, details: {by: 'bob', runId: '2'}},
      {at: iso(13), action: 'rollback', phase: 'unknown', context: 'prod', target, error: 'timeout', details: {by: 'carol'}},
      {at: iso(15), action: 'rollback-watch', phase: 'failure', context: 'prod', target, error: 'run failure', details: {status: 'failure', runId: '2'}},
    ]);
    expect(got.map((r) => [r.by, r.outcome])).toEqual([['alice', null], ['bob', 'failure'], ['carol', null]]);
  });
});

describe('incidents the paging service opened', () => {
  const incident = (extra: Partial<PagedIncident> = {}): PagedIncident => ({context: 'prod', source: 'pagerduty', number: 4321, title: 'Payments latency', service: 'payments', severity: 'critical', status: 'triggered', createdAt: T0 + 7 * H + 12 * M, resolvedAt: null, acknowledgedBy: [], ...extra});

  it('page and still fire when open, with number, service and who acked', () => {
    const md = handoverMarkdown(handover({incidents: [incident(), incident({number: 4322, title: 'Disk *full*', status: 'acknowledged', acknowledgedBy: ['alice'], createdAt: T0 + H})]}));
    expect(section(md, 'Paged')).toEqual([
      '### Paged (2)',
      '- \\#4322 Disk \\*full\\* (payments) critical incident: 11h00m, first 21:00Z, STILL OPEN, acked by alice',
      '- \\#4321 Payments latency (payments) critical incident: 4h48m, first 03:12Z, STILL OPEN, NOT ACKED',
    ]);
    expect(section(md, 'Still firing')).toEqual(['### Still firing (2)', '- \\#4321 Payments latency (payments) critical incident, NOT ACKED', '- \\#4322 Disk \\*full\\* (payments) critical incident, acked by alice']);
  });

  it('a resolved one paged until its resolution, and no longer fires; one resolved at an untold time paged for an unknown time', () => {
    const h = handover({incidents: [incident({status: 'resolved', resolvedAt: T0 + 7 * H + 42 * M, acknowledgedBy: ['bob']}), incident({number: 9, status: 'resolved', resolvedAt: null})]});
    expect(h.stillFiring).toEqual([]);
    expect(section(handoverMarkdown(h), 'Paged').slice(1)).toEqual([
      '- \\#4321 Payments latency (payments) critical incident: 30m, first 03:12Z, acked by bob',
      '- \\#9 Payments latency (payments) critical incident: for an unknown time, first 03:12Z',
    ]);
  });

  it('a paging service that could not be read leaves Paged and Still firing unknown, never "nothing"', () => {
    const md = handoverMarkdown(handover({gaps: [{part: 'alerts', context: 'prod', source: 'pagerduty', reason: 'unavailable: connection refused'}]}));
    expect(md).toContain('### Paged: unknown (pagerduty unavailable)');
    expect(md).toContain('### Still firing: unknown (pagerduty unavailable)');
  });
});
