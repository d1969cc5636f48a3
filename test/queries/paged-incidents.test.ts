/**
 * What PagerDuty paged during a shift, read for the handover: one bounded list of the incidents
 * opened within the shift (against a stand-in checked by PagerDuty's OpenAPI description), so an
 * incident no Prometheus alert raised is handed over; a failed or cut read is a gap.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {buildHandover} from '../../src/domain/handover.ts';
import {readPagedIncidents} from '../../src/queries/paged-incidents.ts';
import {createPagerdutySource} from '../../src/sources/pagerduty/pagerduty-source.ts';
import {incidentBody, startFakePagerduty, type FakeIncident, type FakePagerduty} from '../helpers/fake-pagerduty.ts';
import {emptyServices} from './fakes.ts';

const TOKEN = 'pd-secret-token-123';
const FROM = Date.parse('2026-12-05T20:00:00Z');
const TO = Date.parse('2026-12-06T08:00:00Z');
let pd: FakePagerduty | null = null;

afterEach(async () => {
  if (!pd) return;
  expect(pd.fake.problems).toEqual([]);
  await pd.close();
  pd = null;
});

// Opened at 03:12 by an integration that is no Prometheus alert, still open.
const PAYMENTS: FakeIncident = {id: 'PINC9', number: 4321, title: 'Payments latency', status: 'triggered', priority: 'P1', serviceId: 'PSVC001', serviceName: 'Payments', createdAt: '2026-12-06T03:12:00Z'};

function services(url: string) {
  const source = createPagerdutySource({kind: 'pagerduty', name: 'pagerduty', apiUrl: url, from: 'bob@example.com', serviceIds: ['PSVC001'], teamIds: [], services: {PSVC001: 'payments'}, timeout: '2s'}, {token: TOKEN});
  return {source, services: emptyServices({context: 'prod', alertSources: [{name: 'pagerduty', kind: 'pagerduty', capabilities: source}]})};
}

const handover = (read: Awaited<ReturnType<typeof readPagedIncidents>>) =>
  handoverMarkdown(buildHandover({context: 'prod', timeline: {from: FROM, to: TO, stepSeconds: 15, sloStepSeconds: 60, events: [], gaps: read.gaps}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: [], incidents: read.incidents, pagingSources: read.sources}));

describe('readPagedIncidents', () => {
  it('reads the incidents opened in the shift, in every status, and the handover pages them', async () => {
    const resolved: FakeIncident = {id: 'PINC8', number: 4320, title: 'Checkout 5xx', status: 'resolved', serviceId: 'PSVC001', serviceName: 'Payments', acknowledgedBy: 'alice@example.com', createdAt: '2026-12-05T22:00:00Z', resolvedAt: '2026-12-05T22:30:00Z'};
    const before: FakeIncident = {...PAYMENTS, id: 'PINC1', number: 1, createdAt: '2026-12-05T10:00:00Z', status: 'resolved', resolvedAt: '2026-12-05T11:00:00Z'};
    pd = await startFakePagerduty(TOKEN, [PAYMENTS, resolved, before]);
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.gaps).toEqual([]);
    expect(read.incidents.map((i) => [i.context, i.number, i.service, i.status, i.resolvedAt, i.acknowledgedBy])).toEqual([
      ['prod', 4321, 'payments', 'triggered', null, []],
      ['prod', 4320, 'payments', 'resolved', Date.parse('2026-12-05T22:30:00Z'), ['alice']],
    ]);
    const lists = pd.fake.calls('GET', '/incidents').map((r) => [r.query.get('since'), r.query.get('until'), r.query.get('date_range'), r.query.getAll('statuses[]'), r.query.getAll('service_ids[]')]);
    expect(lists).toHaveLength(3);
    expect(lists).toContainEqual(['2026-12-05T20:00:00.000Z', '2026-12-06T08:00:00.000Z', null, [], ['PSVC001']]);
    expect(lists).toContainEqual([null, null, 'all', ['triggered', 'acknowledged'], ['PSVC001']]);
    expect(lists).toContainEqual([null, null, 'all', ['resolved'], ['PSVC001']]);
    const md = handover(read);
    expect(md).toContain('### Paged (2)\n- \\#4320 Checkout 5xx (payments) critical incident: 30m, first 22:00Z, acked by alice\n- \\#4321 Payments latency (payments) critical incident: 4h48m, first 03:12Z, STILL OPEN, NOT ACKED\n');
    expect(md).toContain('### Still firing (1)\n- \\#4321 Payments latency (payments) critical incident, NOT ACKED\n');
    expect(md).toContain('### Resolved during the shift: none\n');
    await source.close();
  });

  it('an incident opened before the shift and resolved during it is handed over as resolved during the shift, with when', async () => {
    // Opened the evening before, acked, resolved at 02:15 in the shift: in neither `since`–`until` nor the open incidents.
    const inherited: FakeIncident = {...PAYMENTS, id: 'PINC7', number: 4300, title: 'Disk filling', status: 'resolved', acknowledgedBy: 'alice@example.com', acknowledgedAt: '2026-12-05T19:00:00Z', createdAt: '2026-12-05T18:40:00Z', resolvedAt: '2026-12-06T02:15:00Z'};
    // Resolved before the shift began: not the shift's.
    const closedBefore: FakeIncident = {...PAYMENTS, id: 'PINC6', number: 4299, title: 'Old one', status: 'resolved', createdAt: '2026-12-05T17:00:00Z', resolvedAt: '2026-12-05T19:30:00Z'};
    pd = await startFakePagerduty(TOKEN, [PAYMENTS, inherited, closedBefore]);
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.gaps).toEqual([]);
    expect(read.sources).toEqual([{context: 'prod', source: 'pagerduty'}]);
    const h = buildHandover({context: 'prod', timeline: {from: FROM, to: TO, stepSeconds: 15, sloStepSeconds: 60, events: [], gaps: []}, slosAtEnd: [], alertsAtEnd: [], silences: [], budgets: [], incidents: read.incidents, pagingSources: read.sources});
    expect(h.resolvedInShift?.map((r) => [r.name, r.openedAt, r.resolvedAt, r.incident.status])).toEqual([['#4300 Disk filling', Date.parse('2026-12-05T18:40:00Z'), Date.parse('2026-12-06T02:15:00Z'), 'resolved']]);
    const md = handoverMarkdown(h);
    expect(md).toContain('### Paged (1)\n- \\#4321 Payments latency');
    expect(md).toContain('### Still firing (1)\n- \\#4321 Payments latency');
    expect(md).toContain('### Resolved during the shift (1)\n- \\#4300 Disk filling (payments) critical incident: opened 2026-12-05 18:40Z, resolved 02:15Z, acked by alice\n');
    expect(md).not.toContain('4299');
    // The resolved ones were read newest resolution first, as the contract allows, down to the shift's start.
    const sorted = pd.fake.calls('GET', '/incidents').filter((r) => r.query.get('sort_by') !== null);
    expect(sorted.map((r) => [r.query.get('sort_by'), r.query.getAll('statuses[]'), r.query.get('date_range')])).toEqual([['resolved_at:desc', ['resolved'], 'all']]);
    await source.close();
  });

  it('a resolved incident opened before the shift whose resolution time is not said: whether it was resolved in the shift is unknown, said as a gap', async () => {
    pd = await startFakePagerduty(TOKEN, [PAYMENTS, {...PAYMENTS, id: 'PINC7', number: 4300, title: 'Disk filling', status: 'resolved', createdAt: '2026-12-05T18:40:00Z'}]);
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.gaps.map((g) => g.reason)).toEqual(['1 incident opened before the range resolved at a time PagerDuty does not say, so whether it was resolved in the range is unknown']);
    expect(handover(read)).toMatch(/^### Resolved during the shift: unknown \(pagerduty 1 incident opened before the range resolved at a time PagerDuty does not say\b/m);
    await source.close();
  });

  it('an incident opened before the shift and still open is handed over under Still firing, marked so, not as a page of the shift', async () => {
    // Opened the evening before, acknowledged, never resolved: outside `since`–`until`, yet open all through the shift.
    const inherited: FakeIncident = {...PAYMENTS, id: 'PINC7', number: 4300, title: 'Disk filling', status: 'acknowledged', acknowledgedBy: 'alice@example.com', createdAt: '2026-12-05T18:40:00Z'};
    const closedBefore: FakeIncident = {...PAYMENTS, id: 'PINC6', number: 4299, title: 'Old one', status: 'resolved', createdAt: '2026-12-05T17:00:00Z', resolvedAt: '2026-12-05T17:30:00Z'};
    pd = await startFakePagerduty(TOKEN, [PAYMENTS, inherited, closedBefore]);
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.gaps).toEqual([]);
    expect(read.incidents.map((i) => [i.number, i.status, i.createdAt])).toEqual([
      [4321, 'triggered', Date.parse('2026-12-06T03:12:00Z')],
      [4300, 'acknowledged', Date.parse('2026-12-05T18:40:00Z')],
    ]);
    const md = handover(read);
    expect(md).toContain('### Paged (1)\n- \\#4321 Payments latency');
    expect(md).toContain('### Still firing (2)\n- \\#4321 Payments latency (payments) critical incident, NOT ACKED\n- \\#4300 Disk filling (payments) critical incident, acked by alice (opened before the shift, 2026-12-05 18:40Z)\n');
    await source.close();
  });

  it('a past shift: an incident open at its end and resolved since is still open in that handover, and acks made after it do not count', async () => {
    // Opened before the shift, resolved the next morning: open all through it (no ack left to read, as PagerDuty keeps none once resolved).
    const inherited: FakeIncident = {...PAYMENTS, id: 'PINC7', number: 4300, title: 'Disk filling', status: 'resolved', createdAt: '2026-12-05T18:40:00Z', resolvedAt: '2026-12-06T10:00:00Z'};
    // Opened in the shift, resolved after it.
    const late: FakeIncident = {...PAYMENTS, id: 'PINC8', number: 4301, title: 'Queue backlog', status: 'resolved', createdAt: '2026-12-06T06:00:00Z', resolvedAt: '2026-12-06T09:00:00Z'};
    // Opened in the shift, acked the next morning, open now: not acked at the shift's end.
    const ackedLater: FakeIncident = {...PAYMENTS, status: 'acknowledged', acknowledgedBy: 'alice@example.com', acknowledgedAt: '2026-12-06T09:30:00Z'};
    // Resolved before the shift began: not handed over.
    const closedBefore: FakeIncident = {...PAYMENTS, id: 'PINC6', number: 4299, title: 'Old one', status: 'resolved', createdAt: '2026-12-05T17:00:00Z', resolvedAt: '2026-12-05T17:30:00Z'};
    pd = await startFakePagerduty(TOKEN, [closedBefore, ackedLater, inherited, late]);
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.gaps).toEqual([]);
    expect(read.incidents.map((i) => [i.number, i.acknowledgedBy]).sort()).toEqual([[4300, []], [4301, []], [4321, []]]);
    const md = handover(read);
    // Resolved since with no ack left: whether it was acked at the end is unknown, never "NOT ACKED".
    const since = 'acked or not at the end unknown (resolved since)';
    expect(md).toContain(`### Paged (2)\n- \\#4321 Payments latency (payments) critical incident: 4h48m, first 03:12Z, STILL OPEN, NOT ACKED\n- \\#4301 Queue backlog (payments) critical incident: 2h00m, first 06:00Z, STILL OPEN, ${since}\n`);
    expect(md).toContain('### Still firing (3)\n- \\#4321 Payments latency (payments) critical incident, NOT ACKED\n- \\#4301 Queue backlog (payments) critical incident, acked or not at the end unknown (resolved since)\n- \\#4300 Disk filling (payments) critical incident, acked or not at the end unknown (resolved since) (opened before the shift, 2026-12-05 18:40Z)\n');
    await source.close();
  });

  it('resolved incidents that do not come newest resolution first: which were open at the shift\'s end is unknown, said as a gap', async () => {
    pd = await startFakePagerduty(TOKEN, [
      {...PAYMENTS, id: 'PINC1', number: 1, status: 'resolved', createdAt: '2026-12-05T10:00:00Z', resolvedAt: '2026-12-05T11:00:00Z'},
      {...PAYMENTS, id: 'PINC2', number: 2, status: 'resolved', createdAt: '2026-12-05T10:00:00Z', resolvedAt: '2026-12-05T12:00:00Z'},
    ]);
    // A backend that ignores the order asked.
    pd.fake.route('GET', '/incidents', (req) => ({body: {incidents: [...pd!.incidents.values()].filter((i) => req.query.getAll('statuses[]').includes(i.status)).map(incidentBody), limit: 100, offset: 0, more: false, total: null}}));
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.gaps.map((g) => g.reason)).toEqual(['the resolved incidents did not come newest resolution first, so which incidents opened before the range were resolved in it or open at its end is unknown']);
    await source.close();
  });

  it('an incident a Prometheus alert paged is listed once, as the alert carrying it, under Paged and Still firing', async () => {
    const labels = {alertname: 'CheckoutDown', service: 'checkout', severity: 'critical'};
    // Paged by CheckoutDown (its labels among the incident's firing alerts), and one no alert raised.
    const paged: FakeIncident = {...PAYMENTS, id: 'PINC5', number: 4322, title: '[FIRING:1] CheckoutDown', createdAt: '2026-12-06T04:00:30Z', firing: [labels]};
    pd = await startFakePagerduty(TOKEN, [PAYMENTS, paged]);
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.gaps).toEqual([]);
    const fired = {at: Date.parse('2026-12-06T04:00:00Z'), kind: 'alert-firing' as const, context: 'prod', service: 'checkout', text: 'CheckoutDown firing', source: 'prometheus', subject: labels};
    const h = buildHandover({context: 'prod', timeline: {from: FROM, to: TO, stepSeconds: 15, sloStepSeconds: 60, events: [fired], gaps: []}, slosAtEnd: [], alertsAtEnd: [{labels, state: 'firing'}], silences: [], budgets: [], incidents: read.incidents});
    expect(h.pages.map((p) => [p.kind, p.name, p.incident?.number])).toEqual([['alert', 'CheckoutDown', 4322], ['incident', '#4321 Payments latency', 4321]]);
    expect(h.stillFiring.map((f) => [f.name, f.pagedIncident?.number ?? f.incident?.number])).toEqual([['CheckoutDown', 4322], ['#4321 Payments latency', 4321]]);
    const md = handoverMarkdown(h);
    expect(md).toContain('- CheckoutDown (checkout) critical: 4h00m, first 04:00Z, STILL PAGING, incident \\#4322 triggered, NOT ACKED');
    expect(md).toContain('### Still firing (2)\n- CheckoutDown (checkout) critical, incident \\#4322 triggered, NOT ACKED\n');
    await source.close();
  });

  it('a PagerDuty that cannot be read is a gap: Paged and Still firing say unknown, never "nothing"', async () => {
    pd = await startFakePagerduty(TOKEN, [PAYMENTS]);
    pd.outage = {status: 403, body: {error: {message: 'Access Denied', code: 2010}}};
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.incidents).toEqual([]);
    expect(read.gaps).toMatchObject([{part: 'alerts', context: 'prod', source: 'pagerduty'}]);
    const md = handover(read);
    expect(md).toMatch(/^### Paged: unknown \(pagerduty /m);
    expect(md).toMatch(/^### Still firing: unknown \(pagerduty /m);
    expect(md).toContain('Access Denied');
    expect(md).not.toContain(TOKEN);
    await source.close();
  });

  it('a list cut at its last page is a gap too: the incidents past it are not said to be none', async () => {
    const many = Array.from({length: 2001}, (_, n): FakeIncident => ({...PAYMENTS, id: `PX${n}`, number: n + 1, status: 'resolved', resolvedAt: '2026-12-06T03:20:00Z'}));
    pd = await startFakePagerduty(TOKEN, many);
    const {source, services: s} = services(pd.url);
    const read = await readPagedIncidents(s, FROM, TO);
    expect(read.incidents).toHaveLength(2000);
    const resolvedCut = 'more than 2000 incidents resolved since 2026-12-05T20:00:00.000Z; one opened before the range and resolved in it or open at its end may be missing';
    expect(read.gaps).toEqual([
      {part: 'alerts', context: 'prod', source: 'pagerduty', reason: 'more than 2000 incidents opened in the range; only the first 2000 read'},
      // PagerDuty filters by no resolution time: the resolved ones are read down to the shift's start, and a cut before it is said.
      {part: 'alerts', context: 'prod', source: 'pagerduty', reason: resolvedCut},
    ]);
    const md = handover(read);
    const both = `pagerduty more than 2000 incidents opened in the range; only the first 2000 read, pagerduty ${resolvedCut}`;
    expect(md).toContain(`### Paged (2000, incomplete: ${both})`);
    expect(md).toContain(`### Resolved during the shift: unknown (${both})`);
    await source.close();
  });

  it('reads nothing from sources that keep no incidents', async () => {
    const read = await readPagedIncidents(emptyServices({alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [], warnings: []})}}]}), FROM, TO);
    expect(read).toEqual({incidents: [], gaps: [], sources: []});
  });
});
