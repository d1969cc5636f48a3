/**
 * An incident opened before the shift and resolved during it is the shift's work, in neither
 * Paged (opened before) nor Still firing (resolved): it is handed over on its own, only where a
 * paging service was read, and a gap of that service (not another source's) leaves it unknown.
 * An alert page from the history folds into its incident though Prometheus added its external
 * labels to what paged.
 */
import {describe, expect, it} from 'vitest';
import type {PagedIncident} from '../../src/domain/handover-incidents.ts';
import {handoverDocument, handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {buildHandover} from '../../src/domain/handover.ts';
import {alertPagedIncident} from '../../src/domain/incident.ts';
import type {TimelineEvent, TimelineGap} from '../../src/domain/timeline.ts';

const FROM = Date.parse('2026-12-05T20:00:00Z');
const TO = Date.parse('2026-12-06T08:00:00Z');
const H = 3_600_000;
const PAGING = [{context: 'prod', source: 'pagerduty'}];
const incident = (over: Partial<PagedIncident>): PagedIncident => ({context: 'prod', source: 'pagerduty', number: 4300, title: 'Disk filling', service: 'payments', severity: 'critical', status: 'resolved', createdAt: FROM - 2 * H, resolvedAt: FROM + 3 * H, acknowledgedBy: [], ...over});

function handover(incidents: PagedIncident[], opts: {gaps?: TimelineGap[]; events?: TimelineEvent[]; pagingSources?: typeof PAGING; externalLabels?: Record<string, string[]>} = {}) {
  return buildHandover({context: 'prod', timeline: {from: FROM, to: TO, stepSeconds: 15, sloStepSeconds: 60, events: opts.events ?? [], gaps: opts.gaps ?? []}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: [], incidents, ...(opts.pagingSources ? {pagingSources: opts.pagingSources} : {}), ...(opts.externalLabels ? {externalLabels: opts.externalLabels} : {})});
}

describe('resolved during the shift', () => {
  it('lists an incident opened before the shift and resolved in it, by resolution, with both times; not one resolved before or after', () => {
    const h = handover([
      incident({number: 2, title: 'Later', resolvedAt: FROM + 5 * H, acknowledgedBy: ['alice']}),
      incident({number: 1, title: 'Earlier', resolvedAt: FROM + H}),
      incident({number: 3, title: 'Before', resolvedAt: FROM - H}),
      // Resolved after the shift: open at its end, Still firing.
      incident({number: 4, title: 'After', resolvedAt: TO + H}),
      // Opened in the shift: a page of it.
      incident({number: 5, title: 'Inside', createdAt: FROM + H, resolvedAt: FROM + 2 * H}),
    ], {pagingSources: PAGING});
    expect(h.resolvedInShift?.map((r) => r.name)).toEqual(['#1 Earlier', '#2 Later']);
    expect(h.pages.map((p) => p.name)).toEqual(['#5 Inside']);
    expect(h.stillFiring.map((f) => f.name)).toEqual(['#4 After']);
    const md = handoverMarkdown(h);
    expect(md).toContain('### Resolved during the shift (2)\n- \\#1 Earlier (payments) critical incident: opened 2026-12-05 18:00Z, resolved 21:00Z\n- \\#2 Later (payments) critical incident: opened 2026-12-05 18:00Z, resolved 01:00Z, acked by alice\n');
    const doc = handoverDocument(h) as {counts: Record<string, number>; resolvedInShift: Array<{openedAt: string; resolvedAt: string}>};
    expect(doc.counts['resolvedInShift']).toBe(2);
    expect(doc.resolvedInShift[0]).toMatchObject({openedAt: '2026-12-05T18:00:00.000Z', resolvedAt: '2026-12-05T21:00:00.000Z'});
  });

  it('absent where no paging service was read: there is no record of incidents to say "none" from', () => {
    const h = handover([]);
    expect(h.resolvedInShift).toBeUndefined();
    expect(handoverMarkdown(h)).not.toContain('Resolved during the shift');
    expect(handoverMarkdown(handover([], {pagingSources: PAGING}))).toContain('### Resolved during the shift: none\n');
  });

  it('unknown when the paging service could not be read, whole when only Prometheus failed', () => {
    const pd: TimelineGap = {part: 'alerts', context: 'prod', source: 'pagerduty', reason: 'unavailable: GET /incidents: connection refused'};
    const prom: TimelineGap = {part: 'alerts', context: 'prod', source: 'prometheus', reason: 'unavailable: POST /api/v1/query_range: connection refused'};
    expect(handoverMarkdown(handover([], {gaps: [pd], pagingSources: PAGING}))).toContain('### Resolved during the shift: unknown (pagerduty unavailable)\n');
    const h = handover([incident({})], {gaps: [prom], pagingSources: PAGING});
    expect(h.incomplete.resolvedInShift).toBeUndefined();
    expect(handoverMarkdown(h)).toContain('### Resolved during the shift (1)\n');
  });

  it('one an alert page carries is listed once, with the alert', () => {
    const labels = {alertname: 'DiskFilling', service: 'payments', severity: 'critical'};
    const events: TimelineEvent[] = [
      {at: FROM, kind: 'alert-firing', context: 'prod', service: 'payments', text: 'DiskFilling firing', source: 'prometheus', subject: labels, ongoing: true},
      {at: FROM + 3 * H, kind: 'alert-resolved', context: 'prod', service: 'payments', text: 'DiskFilling resolved', source: 'prometheus', subject: labels},
    ];
    const h = handover([incident({links: {labelSets: [labels], keys: []}})], {events, pagingSources: PAGING});
    expect(h.pages.map((p) => [p.name, p.incident?.number, p.incident?.status])).toEqual([['DiskFilling', 4300, 'resolved']]);
    expect(h.resolvedInShift).toEqual([]);
  });

  it('one an alert still firing at the end carries is listed once, there, though no alert page was read', () => {
    // Resolved in the paging service during the shift, its alert still fires at the end; the
    // alert history failed, so no page carries it.
    const labels = {alertname: 'DiskFilling', service: 'payments', severity: 'critical'};
    const prom: TimelineGap = {part: 'alerts', context: 'prod', source: 'prometheus', reason: 'unavailable: connection refused'};
    const h = buildHandover({
      context: 'prod', timeline: {from: FROM, to: TO, stepSeconds: 15, sloStepSeconds: 60, events: [], gaps: [prom]},
      slosAtEnd: [], alertsAtEnd: [{context: 'prod', labels, state: 'firing'}], silences: [], budgets: [],
      incidents: [incident({links: {labelSets: [labels], keys: []}})], pagingSources: PAGING,
    });
    expect(h.stillFiring.map((f) => [f.name, f.pagedIncident?.number])).toEqual([['DiskFilling', 4300]]);
    expect(h.resolvedInShift).toEqual([]);
    expect(handoverMarkdown(h)).toContain('### Resolved during the shift: none\n');
  });
});

describe('an alert page folds into its incident whatever external labels Prometheus added', () => {
  // The history's labels, and those the incident's alert lists: Prometheus added `cluster` and `replica` to what it sent.
  const history = {alertname: 'CheckoutDown', service: 'checkout', severity: 'critical'};
  const sent = {...history, cluster: 'eu-1', replica: 'a'};
  const events: TimelineEvent[] = [{at: FROM + H, kind: 'alert-firing', context: 'prod', service: 'checkout', text: 'CheckoutDown firing', source: 'prometheus', subject: history}];
  const paged = incident({number: 4322, title: '[FIRING:1] CheckoutDown', status: 'triggered', createdAt: FROM + H, resolvedAt: null, links: {labelSets: [sent], keys: []}});

  it('matched without the configured external labels, on either side', () => {
    expect(alertPagedIncident(history, {labelSets: [sent], keys: []})).toBe(false);
    expect(alertPagedIncident(history, {labelSets: [sent], keys: []}, ['cluster', 'replica'])).toBe(true);
    expect(alertPagedIncident(sent, {labelSets: [history], keys: []}, ['cluster', 'replica'])).toBe(true);
    // Another label still tells two alerts apart.
    expect(alertPagedIncident({...history, service: 'search'}, {labelSets: [sent], keys: []}, ['cluster', 'replica'])).toBe(false);
  });

  it('the handover lists the page once, as the alert carrying its incident, in the context that configures them', () => {
    const h = handover([paged], {events, externalLabels: {prod: ['cluster', 'replica']}});
    expect(h.pages.map((p) => [p.kind, p.name, p.incident?.number])).toEqual([['alert', 'CheckoutDown', 4322]]);
    // Another context's external labels are not this one's.
    const other = handover([paged], {events, externalLabels: {staging: ['cluster', 'replica']}});
    expect(other.pages.map((p) => [p.kind, p.name, p.incident?.number])).toEqual([['alert', 'CheckoutDown', undefined], ['incident', '#4322 [FIRING:1] CheckoutDown', 4322]]);
  });

  it('external labels that could not be read: a note says the page may be listed apart, no missing part', () => {
    const h = buildHandover({context: 'prod', timeline: {from: FROM, to: TO, stepSeconds: 15, sloStepSeconds: 60, events, gaps: []}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: [], incidents: [paged], pagingSources: PAGING, externalLabelsUnread: [{context: 'prod', reason: 'bad-response: GET /api/v1/status/config: HTTP 404'}]});
    expect(h.pages).toHaveLength(2);
    expect(h.missing).toEqual([]);
    expect(handoverMarkdown(h)).toContain('\n> **Note:** the external labels of prometheus could not be read (bad-response: GET /api/v1/status/config: HTTP 404): an alert page may be listed apart from the incident it paged\n');
    expect(handoverDocument(h)['externalLabelsUnread']).toEqual([{context: 'prod', reason: 'bad-response: GET /api/v1/status/config: HTTP 404'}]);
    expect(handoverMarkdown(handover([paged], {events}))).not.toContain('**Note:**');
  });
});
