/**
 * A handover section whose source could not be read says so in the section itself: the
 * `Missing:` lines at the top are easy to miss under "Paged: nothing".
 */
import {describe, expect, it} from 'vitest';
import {handoverDocument, handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {buildHandover} from '../../src/domain/handover.ts';
import type {TimelineEvent, TimelineGap} from '../../src/domain/timeline.ts';

const T0 = Date.UTC(2026, 11, 5, 20, 0, 0);
const H = 3_600_000;
const down = (part: TimelineGap['part'], reason = 'unavailable: POST http://prom:9090/api/v1/query_range: connection refused'): TimelineGap => ({part, context: 'prod', source: 'prometheus', reason});

function handover(gaps: TimelineGap[], events: TimelineEvent[] = []) {
  return buildHandover({context: 'prod', timeline: {from: T0, to: T0 + 12 * H, stepSeconds: 15, sloStepSeconds: 60, events, gaps}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: []});
}

describe('handover sections of a source that failed', () => {
  it('say unknown and which source, never "nothing" or "none"', () => {
    const md = handoverMarkdown(handover([down('alerts'), down('slos'), down('slos', 'budget spent: timeout: POST http://prom:9090/api/v1/query: no answer'), {part: 'actions', context: 'prod', source: 'action log', reason: 'EACCES: permission denied'}]));
    expect(md.split('\n').filter((l) => l.startsWith('###'))).toEqual([
      '### Paged: unknown (prometheus unavailable)',
      '### Still firing: unknown (prometheus unavailable)',
      '### Acks: none',
      '### Rollbacks: unknown (action log EACCES)',
      '### SLO budget spent: unknown (prometheus unavailable, prometheus timeout)',
      '### Notes: unknown (action log EACCES)',
    ]);
  });

  it('a section with entries read from the parts that answered says it may be incomplete', () => {
    const page: TimelineEvent = {at: T0 + H, kind: 'alert-firing', context: 'prod', service: 'checkout', text: 'CheckoutDown firing (critical)', source: 'prometheus', subject: {alertname: 'CheckoutDown', severity: 'critical'}};
    const h = handover([down('slos')], [page]);
    expect(handoverMarkdown(h)).toContain('\n### Paged (1, incomplete: prometheus unavailable)\n');
    expect(handoverDocument(h)['incomplete']).toEqual({pages: ['prometheus unavailable'], slos: ['prometheus unavailable']});
  });

  it('the reasons of a Prometheus without history read short', () => {
    const md = handoverMarkdown(handover([down('alerts', 'no alert history: no ALERTS series from 2026-11-28T20:00:00.000Z to 2026-12-06T08:00:00.000Z, so …'), down('slos', 'no data at 2026-12-05T20:00:00.000Z: the range begins before …')]));
    expect(md).toContain('\n### Still firing: unknown (prometheus no alert history)\n');
    expect(md).toContain('\n### Paged: unknown (prometheus no alert history, prometheus no data at 2026-12-05T20:00:00.000Z)\n');
  });

  it('no Alertmanager configured: acks unknown and why, in the heading and the JSON, though nothing failed', () => {
    const timeline = {from: T0, to: T0 + 12 * H, stepSeconds: 15, sloStepSeconds: 60, events: [], gaps: []};
    const h = buildHandover({context: 'prod', timeline, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: [], unread: [{part: 'silences', context: 'prod', reason: 'no Alertmanager configured'}]});
    expect(handoverMarkdown(h)).toContain('\n### Acks: unknown (no Alertmanager configured)\n');
    expect(handoverDocument(h)['incomplete']).toEqual({acks: ['no Alertmanager configured']});
    expect(h.missing).toEqual([]);
    // Over several contexts, which one has none; an Alertmanager down in another is said beside it.
    const several = buildHandover({context: 'prod', contexts: ['prod-eu', 'prod-us'], timeline: {...timeline, gaps: [{part: 'silences', context: 'prod-us', source: 'am-us', reason: 'unavailable: connection refused'}]}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: [], unread: [{part: 'silences', context: 'prod-eu', reason: 'no Alertmanager configured'}]});
    expect(handoverMarkdown(several)).toContain('\n### Acks: unknown (prod-us/am-us unavailable, no Alertmanager configured in prod-eu)\n');
  });

  it('every source read: the sections say nothing and none, and the JSON has no incomplete sections', () => {
    const h = handover([]);
    expect(handoverMarkdown(h)).toContain('\n### Paged: nothing\n');
    expect(handoverDocument(h)['incomplete']).toEqual({});
  });
});

describe('handover on one screen', () => {
  it('the title carries the end date when it differs from the start', () => {
    expect(handoverMarkdown(handover([])).split('\n')[0]).toBe('# Handover prod: 2026-12-05 20:00Z – 2026-12-06 08:00Z');
    const sameDay = buildHandover({context: 'prod', timeline: {from: T0 - 8 * H, to: T0, stepSeconds: 15, sloStepSeconds: 60, events: [], gaps: []}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: []});
    expect(handoverMarkdown(sameDay).split('\n')[0]).toBe('# Handover prod: 2026-12-05 12:00Z – 20:00Z');
  });

  it('a handover of a day or more gives every time its date: 09:00Z alone could be either day', () => {
    const page = (at: number, kind: 'alert-firing' | 'alert-resolved'): TimelineEvent => ({at, kind, context: 'prod', service: 'checkout', text: `CheckoutDown ${kind}`, source: 'prometheus', subject: {alertname: 'CheckoutDown', severity: 'critical'}});
    const ack: TimelineEvent = {at: T0 + 25 * H, kind: 'ack', context: 'prod', service: 'checkout', text: 'acked', source: 'am', by: 'alice', until: T0 + 26 * H, subject: {matchers: 'alertname="CheckoutDown"', silenceId: 's1'}};
    const note: TimelineEvent = {at: T0 + 25 * H, kind: 'note', context: 'prod', service: 'checkout', text: 'looking', source: 'action log', by: 'alice'};
    const rollback: TimelineEvent = {at: T0 + 25 * H, kind: 'rollback-requested', context: 'prod', service: 'checkout', text: 'rollback requested', source: 'action log', subject: {service: 'checkout', from: 'v2', to: 'v1'}};
    const events = [page(T0 + 13 * H, 'alert-firing'), page(T0 + 14 * H, 'alert-resolved'), ack, note, rollback];
    const long = buildHandover({context: 'prod', timeline: {from: T0, to: T0 + 36 * H, stepSeconds: 60, sloStepSeconds: 60, events, gaps: []}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: []});
    const lines = handoverMarkdown(long).split('\n');
    expect(lines).toContain('- CheckoutDown (checkout) critical: 1h00m, first 2026-12-06 09:00Z');
    expect(lines).toContain('- 2026-12-06 21:00Z alice: alertname="CheckoutDown" ended 2026-12-06 22:00Z');
    expect(lines).toContain('- 2026-12-06 21:00Z rollback requested: outcome unknown');
    expect(lines).toContain('- 2026-12-06 21:00Z alice: looking');
    // Under a day every time of day is one instant of the range: times alone, as before.
    const short = handover([], [page(T0 + 3 * H, 'alert-firing'), page(T0 + 4 * H, 'alert-resolved')]);
    expect(handoverMarkdown(short).split('\n')).toContain('- CheckoutDown (checkout) critical: 1h00m, first 23:00Z');
  });

  it('a cut rollback list shows the newest, the latest outcome being what the next on-call needs, and counts the older', () => {
    const rollback = (i: number): TimelineEvent[] => [
      {at: T0 + i * 600_000, kind: 'rollback-requested', context: 'prod', service: 'checkout', text: `rollback ${i} requested`, source: 'action log', subject: {service: 'checkout', from: `v${i}`, to: 'v0', request: 'requested', runId: `${i}`}},
      {at: T0 + i * 600_000 + 60_000, kind: 'rollback-finished', context: 'prod', service: 'checkout', text: 'finished', source: 'action log', subject: {service: 'checkout', from: `v${i}`, to: 'v0', runId: `${i}`, status: i === 6 ? 'success' : 'refused'}},
    ];
    const md = handoverMarkdown(handover([], [1, 2, 3, 4, 5, 6].flatMap(rollback)));
    const lines = md.split('\n');
    const at = lines.indexOf('### Rollbacks (6)');
    expect(lines.slice(at + 1, at + 6)).toEqual([
      '- +2 older (the JSON has them all)',
      '- 20:30Z rollback 3 requested: refused',
      '- 20:40Z rollback 4 requested: refused',
      '- 20:50Z rollback 5 requested: refused',
      '- 21:00Z rollback 6 requested: success',
    ]);
  });
});

describe('handover runbook links of alerts', () => {
  const labels = {alertname: 'CheckoutDown', severity: 'critical', service: 'checkout'};
  const firing = (over: Partial<TimelineEvent>): TimelineEvent => ({at: T0 + H, kind: 'alert-firing', context: 'prod', service: 'checkout', text: 'CheckoutDown firing (critical)', source: 'prometheus', subject: labels, ...over});
  const sloPage: TimelineEvent = {at: T0 + 2 * H, kind: 'slo-page', context: 'prod', service: 'checkout', text: 'checkout-availability pages', source: 'prometheus', subject: {slo: 'checkout-availability'}, url: 'https://dash.example/slo'};
  const timeline = (events: TimelineEvent[]) => ({from: T0, to: T0 + 12 * H, stepSeconds: 15, sloStepSeconds: 60, events, gaps: []});
  const build = (events: TimelineEvent[], alertsAtEnd: Parameters<typeof buildHandover>[0]['alertsAtEnd'], contexts?: string[]) =>
    buildHandover({context: 'prod', ...(contexts ? {contexts} : {}), timeline: timeline(events), slosAtEnd: [], alertsAtEnd, silences: [], budgets: []});

  it('carry the runbook the timeline links, in the Markdown and the JSON; one of today\'s rule is marked so', () => {
    const own = firing({url: 'https://runbooks.example/checkout'});
    const lent = firing({at: T0 + 3 * H, subject: {alertname: 'SearchDown', severity: 'critical', service: 'search'}, service: 'search', text: 'SearchDown firing (critical)', url: 'https://runbooks.example/search', urlFrom: 'current-rule'});
    // The state at the end lists the labels in its own order: still the same alert.
    const h = build([own, sloPage, lent], [{labels: {service: 'search', alertname: 'SearchDown', severity: 'critical'}, state: 'firing'}]);
    const md = handoverMarkdown(h);
    expect(md).toContain('\n- CheckoutDown (checkout) critical: 11h00m, first 21:00Z, STILL PAGING [runbook](https://runbooks.example/checkout)\n');
    expect(md).toContain("\n- SearchDown (search) critical: 9h00m, first 23:00Z, STILL PAGING [runbook of today's rule](https://runbooks.example/search)\n");
    expect(md).toContain("\n### Still firing (1)\n- SearchDown (search) critical [runbook of today's rule](https://runbooks.example/search)\n");
    // An SLO page's link is no runbook.
    expect(md).toMatch(/\n- checkout-availability \(checkout\) SLO page: [^\n[]*\n/);
    const doc = handoverDocument(h) as {pages: Array<Record<string, unknown>>; stillFiring: Array<Record<string, unknown>>};
    expect(doc.pages.map((p) => [p['name'], p['runbookUrl'], p['runbookFrom']])).toEqual([
      ['CheckoutDown', 'https://runbooks.example/checkout', undefined],
      ['checkout-availability', null, undefined],
      ['SearchDown', 'https://runbooks.example/search', 'current-rule'],
    ]);
    expect(doc.stillFiring).toEqual([{name: 'SearchDown', service: 'search', severity: 'critical', runbookUrl: 'https://runbooks.example/search', runbookFrom: 'current-rule'}]);
  });

  it('link no runbook when there is none or it is no web link, and never let a link break out of the Markdown', () => {
    const h = build([firing({url: 'javascript:alert(1)'}), firing({at: T0 + 2 * H, subject: {...labels, alertname: 'Other'}, text: 'Other firing', url: 'https://runbooks.example/a(b)c d'}), firing({at: T0 + 3 * H, subject: {...labels, alertname: 'Bare'}, text: 'Bare firing'})], [{labels, state: 'firing'}]);
    expect(h.pages.map((p) => p.runbookUrl)).toEqual([null, 'https://runbooks.example/a(b)c%20d', null]);
    expect(h.stillFiring).toEqual([{name: 'CheckoutDown', service: 'checkout', severity: 'critical', runbookUrl: null}]);
    const md = handoverMarkdown(h);
    expect(md).not.toContain('javascript');
    expect(md).toContain(' [runbook](https://runbooks.example/a%28b%29c%20d)\n');
  });

  it('over several contexts, an alert firing in each is linked by its own context\'s events', () => {
    const h = build(
      [firing({context: 'prod-eu', url: 'https://eu.example/checkout'}), firing({context: 'prod-us', url: 'https://us.example/checkout'})],
      [{labels, state: 'firing', context: 'prod-us'}, {labels, state: 'firing', context: 'prod-eu'}],
      ['prod-eu', 'prod-us'],
    );
    expect(h.stillFiring.map((a) => [a.context, a.runbookUrl])).toEqual([['prod-us', 'https://us.example/checkout'], ['prod-eu', 'https://eu.example/checkout']]);
  });
});
