import {describe, expect, it} from 'vitest';
import type {Silence} from '../../src/domain/alert.ts';
import {buildHandover} from '../../src/domain/handover.ts';
import {handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {parseInstant, parseRange} from '../../src/domain/instant.ts';
import {actionEvents, noteEntry} from '../../src/domain/timeline-actions.ts';
import {alertEvents, alertsActiveAtEnd} from '../../src/domain/timeline-alerts.ts';
import {deployEvents} from '../../src/domain/timeline-deploys.ts';
import {timelineDocument, timelineMarkdown} from '../../src/domain/timeline-document.ts';
import {silenceEvents} from '../../src/domain/timeline-silences.ts';
import {sloEvents, sloStatusAtEnd} from '../../src/domain/timeline-slo.ts';
import {buildTimeline, historyGrid, historyStepSeconds, type Timeline, type TimelineEvent} from '../../src/domain/timeline.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';

const T0 = Date.UTC(2026, 11, 4, 3, 0, 0);
const S = 1000;
const M = 60 * S;
const where = {context: 'prod', source: 'prometheus'};
const grid = historyGrid(T0, T0 + 10 * M, 60);
const labels = {alertname: 'CheckoutDown', service: 'checkout', severity: 'critical'};
const series = (state: string, from: number, to: number, value = 1) => ({
  labels: {__name__: 'ALERTS', ...labels, alertstate: state},
  points: grid.filter((t) => t >= from && t < to).map((at) => ({at, value})),
});

describe('history grid and step', () => {
  it('keeps a range within 11,000 points and aligns the grid to multiples of the step', () => {
    expect(historyStepSeconds(0, 6 * 3600 * S, 1)).toBe(2);
    expect(historyStepSeconds(0, 6 * 3600 * S, 15)).toBe(15);
    expect(historyGrid(T0 + 7 * S, T0 + 50 * S, 15)).toEqual([T0, T0 + 15 * S, T0 + 30 * S, T0 + 45 * S]);
  });
});

describe('alertEvents', () => {
  it('turns ALERTS series into pending, firing and resolved at the first step of each state', () => {
    const events = alertEvents([series('pending', T0 + 2 * M, T0 + 4 * M), series('firing', T0 + 4 * M, T0 + 7 * M)], grid, {...where, runbook: (l) => ({url: `https://runbooks.example/${l['alertname']}`, from: 'template'})});
    expect(events.map((e) => [e.kind, (e.at - T0) / M, e.text])).toEqual([
      ['alert-pending', 2, 'CheckoutDown pending (critical)'],
      ['alert-firing', 4, 'CheckoutDown firing (critical)'],
      ['alert-resolved', 7, 'CheckoutDown resolved (critical)'],
    ]);
    expect(events[0]).toMatchObject({service: 'checkout', context: 'prod', url: 'https://runbooks.example/CheckoutDown', subject: labels});
  });

  it('reads a sample of 0 as the end of a series (a backfill has no staleness marker)', () => {
    const firing = series('firing', T0, T0 + 11 * M);
    const ended = {...firing, points: firing.points.map((p) => ({...p, value: p.at >= T0 + 5 * M ? 0 : 1}))};
    expect(alertEvents([ended], grid, where).map((e) => [e.kind, (e.at - T0) / M, e.ongoing ?? false])).toEqual([
      ['alert-firing', 0, true],
      ['alert-resolved', 5, false],
    ]);
    expect(alertsActiveAtEnd([ended], grid)).toEqual([]);
    expect(alertsActiveAtEnd([firing], grid)).toEqual([{labels, state: 'firing'}]);
  });

  it('an alert active when the data stops for good is unknown there, once; one resolved before says nothing', () => {
    const stopped = {from: T0 + 6 * M, to: T0 + 10 * M, edge: 'end' as const};
    const events = alertEvents([series('firing', T0, T0 + 6 * M), {...series('pending', T0, T0 + 2 * M), labels: {__name__: 'ALERTS', ...labels, alertname: 'Other', alertstate: 'pending'}}], grid, {...where, holes: [stopped]});
    expect(events.map((e) => [e.kind, (e.at - T0) / M, e.text])).toEqual([
      ['alert-firing', 0, 'CheckoutDown firing (critical)'],
      ['alert-unknown', 6, 'CheckoutDown was firing when the data stopped: state unknown (critical)'],
      ['alert-pending', 0, 'Other pending (critical)'],
      ['alert-resolved', 2, 'Other resolved (critical)'],
    ]);
  });

  it('lets firing win where both states have a sample at the switch', () => {
    const events = alertEvents([series('pending', T0, T0 + 5 * M), series('firing', T0 + 4 * M, T0 + 6 * M)], grid, where);
    expect(events.map((e) => [e.kind, (e.at - T0) / M])).toEqual([['alert-pending', 0], ['alert-firing', 4], ['alert-resolved', 6]]);
  });
});

describe('sloEvents', () => {
  const slo: SloDefinition = {name: 'checkout-availability', service: 'checkout', objective: 99.9, window: '30d', source: 'native'};
  const ratios = (r: number) => ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'].map((window) => ({window, ratio: r}));
  const step = (i: number, r: number) => ({at: T0 + i * M, measurements: [{slo: slo.name, at: T0 + i * M, ratios: ratios(r)}]});

  it('reports status changes by the multiwindow table, naming the pair; a start that is ok says nothing', () => {
    const events = sloEvents([slo], [step(0, 0.0001), step(1, 0.02), step(2, 0.02), step(3, 0.002), step(4, 0.0001)], where);
    expect(events.map((e) => [e.kind, (e.at - T0) / M, e.text])).toEqual([
      ['slo-page', 1, 'checkout-availability pages by 1h&5m (1h burn 20.0×)'],
      ['slo-ticket', 3, 'checkout-availability tickets by 3d&6h (3d burn 2.00×)'],
      ['slo-ok', 4, 'checkout-availability ok'],
    ]);
  });

  it('reports a page held at the first step as ongoing, and missing data as no-data', () => {
    const events = sloEvents([slo], [step(0, 0.02), {at: T0 + M, measurements: []}], where);
    expect(events.map((e) => [e.kind, e.ongoing ?? false])).toEqual([['slo-page', true], ['slo-no-data', false]]);
  });

  it('an SLO measured when the data stops for good is unknown at the hole’s start, once, and unknown at the end', () => {
    const stopped = {from: T0 + 150 * S, to: T0 + 4 * M, edge: 'end' as const};
    const none = (i: number) => ({at: T0 + i * M, measurements: []});
    const steps = [step(0, 0.02), step(1, 0.02), step(2, 0.02), none(3), none(4)];
    const events = sloEvents([slo], steps, {...where, holes: [stopped]});
    expect(events.map((e) => [e.kind, (e.at - T0) / S, e.text])).toEqual([
      ['slo-page', 0, 'checkout-availability pages by 1h&5m (1h burn 20.0×)'],
      ['slo-unknown', 150, 'checkout-availability was paging when the data stopped: status unknown'],
    ]);
    expect(sloStatusAtEnd([slo], steps, [stopped]).map((r) => r.status)).toEqual(['unknown']);
    expect(sloStatusAtEnd([slo], steps).map((r) => r.status)).toEqual(['no-data']);
  });

  it('an end hole shorter than one SLO step, after its last step, still leaves the SLO unknown from where the data stopped', () => {
    // The alert grid (finer) reaches past the data; the SLO grid still ends just before it.
    const stopped = {from: T0 + 2 * M + 15 * S, to: T0 + 2 * M + 45 * S, edge: 'end' as const};
    const steps = [step(0, 0.02), step(1, 0.02), step(2, 0.02)];
    const events = sloEvents([slo], steps, {...where, holes: [stopped]});
    expect(events.map((e) => [e.kind, (e.at - T0) / S])).toEqual([
      ['slo-page', 0],
      ['slo-unknown', 135],
    ]);
    expect(sloStatusAtEnd([slo], steps, [stopped]).map((r) => r.status)).toEqual(['unknown']);
  });

  it('after a hole at the start, a page at the first step with data is where the history begins, not ongoing; calm there says nothing', () => {
    const hole = {from: T0, to: T0 + 2 * M, edge: 'start' as const};
    const none = {at: T0, measurements: []};
    const paging = sloEvents([slo], [none, {...none, at: T0 + M}, step(2, 0.02), step(3, 0.02)], {...where, holes: [hole]});
    expect(paging.map((e) => [e.kind, (e.at - T0) / M, e.ongoing ?? false])).toEqual([['slo-page', 2, false]]);
    expect(sloEvents([slo], [none, {...none, at: T0 + M}, step(2, 0.0001)], {...where, holes: [hole]})).toEqual([]);
  });
});

const silence = (over: Partial<Silence>): Silence => ({
  id: 's1',
  state: 'active',
  matchers: [{name: 'alertname', value: 'CheckoutDown', isRegex: false, isEqual: true}, {name: 'service', value: 'checkout', isRegex: false, isEqual: true}],
  startsAt: T0 + 5 * M,
  endsAt: T0 + 20 * M,
  createdBy: 'alice',
  comment: 'ACK! on it',
  updatedAt: T0 + 5 * M,
  ...over,
});

describe('silenceEvents', () => {
  it("lists anyone's acks and silences, an early expiry as unack, and a copy on another Alertmanager once", () => {
    const events = silenceEvents(
      [
        {source: 'am-1', silence: silence({})},
        {source: 'am-2', silence: silence({id: 's1-copy'})},
        {source: 'am-1', silence: silence({id: 's2', createdBy: 'bob', comment: 'ACK! rolling back', state: 'expired', endsAt: T0 + 9 * M, updatedAt: T0 + 9 * M})},
        {source: 'am-1', silence: silence({id: 's3', createdBy: 'carol', comment: 'maintenance', state: 'expired', endsAt: T0 + 8 * M, updatedAt: T0 + 6 * M})},
      ],
      {context: 'prod', ackPrefix: 'ACK!'},
    );
    expect(events.map((e) => [e.kind, (e.at - T0) / M, e.by, e.text, e.expiredEarly ?? false])).toEqual([
      ['ack', 5, 'alice', 'acked by alice: alertname="CheckoutDown" service="checkout" "on it"', false],
      ['ack', 5, 'bob', 'acked by bob: alertname="CheckoutDown" service="checkout" "rolling back"', true],
      ['unack', 9, 'bob', 'ack by bob expired early: alertname="CheckoutDown" service="checkout"', false],
      ['ack', 5, 'carol', 'silenced by carol: alertname="CheckoutDown" service="checkout" "maintenance"', false],
    ]);
    expect(events.every((e) => e.service === 'checkout')).toBe(true);
  });
});

describe('deployEvents and actionEvents', () => {
  it('gives a deploy a start and, when the provider says, an end with its outcome', () => {
    const deploy = {id: 'd1', service: 'checkout', version: 'v2', environment: 'production', status: 'failure' as const, startedAt: T0, finishedAt: T0 + 2 * M, author: 'carol', url: 'https://ci.example/1'};
    expect(deployEvents([deploy, {...deploy, id: 'd0', environment: 'staging'}], {context: 'prod', source: 'github', environment: 'production'}).map((e) => [e.kind, e.text, e.by, e.url])).toEqual([
      ['deploy-started', 'deploy checkout v2 to production started by carol', 'carol', 'https://ci.example/1'],
      ['deploy-finished', 'deploy checkout v2 to production finished: failure', 'carol', 'https://ci.example/1'],
    ]);
  });

  it('reads rollbacks and notes of its context from the action log, the log owner acting', () => {
    const target = {service: 'checkout', from: 'v2', to: 'v1', environment: 'production', idempotencyKey: 'k'};
    const entries = [
      {at: new Date(T0).toISOString(), action: 'rollback', phase: 'attempt' as const, context: 'prod', target},
      {at: new Date(T0).toISOString(), action: 'rollback', phase: 'success' as const, context: 'prod', target, details: {url: 'https://ci.example/9'}},
      {at: new Date(T0 + M).toISOString(), action: 'rollback-watch', phase: 'failure' as const, context: 'prod', target, error: 'run failure', details: {status: 'failure'}},
      noteEntry({at: T0 + 2 * M, context: 'prod', text: 'db failover done', by: 'alice', service: 'checkout'}),
      noteEntry({at: T0 + 2 * M, context: 'staging', text: 'elsewhere', by: 'alice'}),
      {at: 'not a time', action: 'note', phase: 'success' as const, context: 'prod', target: {}, details: {text: 'x'}},
    ];
    expect(actionEvents(entries, {context: 'prod', source: 'action log', user: 'me@host'}).map((e) => [e.kind, e.text, e.by ?? null])).toEqual([
      ['rollback-requested', 'rollback checkout v2 → v1 requested', 'me@host'],
      ['rollback-finished', 'rollback checkout v2 → v1 ended: run failure', null],
      ['note', 'db failover done', 'alice'],
    ]);
  });

  it('says a rollback of unknown outcome may have started, a webhook\'s accepted one cannot be followed, and a dispatch whose run cannot be identified as such: never refused or done', () => {
    const target = {service: 'checkout', from: 'v2', to: 'v1', environment: 'production', idempotencyKey: 'k'};
    const entries = [
      {at: new Date(T0).toISOString(), action: 'rollback', phase: 'unknown' as const, context: 'prod', target, error: 'timeout: no answer within 10000 ms'},
      {at: new Date(T0).toISOString(), action: 'rollback', phase: 'success' as const, context: 'prod', target, details: {status: 'unknown', url: null, unfollowable: true}},
      {at: new Date(T0).toISOString(), action: 'rollback', phase: 'success' as const, context: 'prod', target, details: {status: 'unknown', url: 'https://github.com/acme/shop/actions/workflows/rollback.yml', unfollowable: true, unidentified: 'the workflow takes no oncall_request_id input'}},
    ];
    expect(actionEvents(entries, {context: 'prod', source: 'action log'}).map((e) => e.text)).toEqual([
      'rollback checkout v2 → v1 sent, outcome unknown (may have started): timeout: no answer within 10000 ms',
      'rollback checkout v2 → v1 accepted by the webhook (its outcome cannot be followed)',
      'rollback checkout v2 → v1 dispatched (its run cannot be identified)',
    ]);
  });
});

describe('instants', () => {
  it('reads RFC 3339 with a zone or a duration ago, and refuses a time without a zone', () => {
    expect(parseInstant('2026-12-04T03:12:05Z', T0)).toEqual({at: Date.UTC(2026, 11, 4, 3, 12, 5)});
    expect(parseInstant('2026-12-04T04:12:05+01:00', T0)).toEqual({at: Date.UTC(2026, 11, 4, 3, 12, 5)});
    expect(parseInstant('30m', T0)).toEqual({at: T0 - 30 * M});
    expect(parseInstant('2026-12-04T03:12:05', T0)).toHaveProperty('error');
    expect(parseRange({since: '2h', from: '1h'}, T0, '2h')).toEqual({error: '--since cannot be combined with --from/--to'});
    expect(parseRange({from: '1h', to: '2h'}, T0, '2h')).toEqual({error: '--from must be before --to'});
    expect(parseRange({}, T0, '12h')).toEqual({from: T0 - 12 * 3600 * S, to: T0});
    // A duration with a minus is ago too, as it reads: -5m is five minutes ago.
    expect(parseInstant('-5m', T0)).toEqual({at: T0 - 5 * M});
    // A start in the future says so, not that it is after the end.
    expect(parseRange({from: '2030-01-01T00:00:00Z'}, T0, '2h')).toEqual({error: '--from: 2030-01-01T00:00:00.000Z is in the future (now 2026-12-04T03:00:00.000Z); a timeline looks back only'});
  });
});

// One incident, fixed in time, for the golden files.
function incident(): {events: TimelineEvent[]; silences: Array<{silence: Silence}>} {
  const at = (m: number) => T0 + m * M;
  const c = {context: 'prod', service: 'checkout'};
  const events: TimelineEvent[] = [
    {...c, at: at(0), kind: 'deploy-started', text: 'deploy checkout v2.14.0 to production started by carol', source: 'github', by: 'carol', url: 'https://ci.example/runs/7'},
    {...c, at: at(2), kind: 'deploy-finished', text: 'deploy checkout v2.14.0 to production finished: success', source: 'github', by: 'carol', url: 'https://ci.example/runs/7'},
    {...c, at: at(5), kind: 'alert-pending', text: 'CheckoutHighErrorRate pending (critical)', source: 'prometheus', subject: {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout'}},
    {...c, at: at(10), kind: 'alert-firing', text: 'CheckoutHighErrorRate firing (critical)', source: 'prometheus', subject: {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout'}, url: 'https://runbooks.example/checkout'},
    {...c, at: at(12), kind: 'slo-page', text: 'checkout-availability pages by 1h&5m (1h burn 20.0×)', source: 'prometheus', subject: {slo: 'checkout-availability'}},
    {...c, at: at(13), kind: 'ack', text: 'acked by alice: alertname="CheckoutHighErrorRate" "looking [at] *it*"', source: 'am', by: 'alice', until: at(28), subject: {silenceId: 's1', matchers: 'alertname="CheckoutHighErrorRate"'}},
    {...c, at: at(15), kind: 'note', text: 'errors follow v2.14.0', source: 'action log', by: 'alice'},
    {...c, at: at(20), kind: 'rollback-requested', text: 'rollback checkout v2.14.0 → v2.13.0 requested', source: 'action log', by: 'bob', url: 'https://ci.example/runs/9', subject: {service: 'checkout', from: 'v2.14.0', to: 'v2.13.0', request: 'requested', runId: '9'}},
    {...c, at: at(26), kind: 'rollback-finished', text: 'rollback checkout v2.14.0 → v2.13.0 finished: success', source: 'action log', url: 'https://ci.example/runs/9', subject: {service: 'checkout', from: 'v2.14.0', to: 'v2.13.0', status: 'success', runId: '9'}},
    {...c, at: at(31), kind: 'alert-resolved', text: 'CheckoutHighErrorRate resolved (critical)', source: 'prometheus', subject: {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout'}},
    {...c, at: at(40), kind: 'slo-ok', text: 'checkout-availability ok', source: 'prometheus', subject: {slo: 'checkout-availability'}},
  ];
  return {events, silences: [{silence: silence({id: 's1', startsAt: at(13), endsAt: at(28)})}]};
}

describe('the timeline of a service no event names', () => {
  const empty: Timeline = {from: T0, to: T0 + 60 * M, stepSeconds: 15, sloStepSeconds: 60, events: [], gaps: []};

  it('says that no event or SLO names it, and which do, rather than "Nothing happened"', () => {
    const md = timelineMarkdown({context: 'prod', service: 'nosuch', timeline: empty, budgets: [], services: ['checkout', 'search']});
    expect(md).toContain('\nNo event and no SLO names the service nosuch (check the name); those named in this range: checkout, search.\n');
    expect(md).not.toContain('Nothing happened');
  });

  it('a budget that could not be read is unknown, never "no data"', () => {
    const ev: TimelineEvent = {at: T0, kind: 'slo-page', service: 'checkout', context: 'prod', source: 'prometheus', text: 'checkout-availability pages', subject: {slo: 'checkout-availability'}};
    const md = timelineMarkdown({context: 'prod', timeline: {...empty, events: [ev, {...ev, at: T0 + M}]}, budgets: [{slo: 'a', service: 's', spent: null, unread: true}, {slo: 'b', service: 's', spent: null}]});
    expect(md).toContain('- a: unknown (could not be read: see the missing parts)\n');
    expect(md).toContain('- b: no data\n');
  });

  it('a service that is named, with nothing in the range: nothing happened to it', () => {
    expect(timelineMarkdown({context: 'prod', service: 'checkout', timeline: empty, budgets: [], services: ['checkout']})).toContain('\nNothing happened to checkout in this range.\n');
  });
});

describe('the postmortem Markdown and the handover (golden files)', () => {
  const {events, silences} = incident();
  const timeline = buildTimeline({from: T0 - 10 * M, to: T0 + 60 * M, stepSeconds: 15, sloStepSeconds: 60, parts: [{events, gaps: [{part: 'deploys', context: 'prod', source: 'argocd', reason: 'unavailable: connection refused'}]}]});
  const budgets = [{slo: 'checkout-availability', service: 'checkout', spent: 0.0123}, {slo: 'search-latency', service: 'search', spent: null}];

  it('writes the timeline in Markdown', async () => {
    await expect(timelineMarkdown({context: 'prod', timeline, budgets})).toMatchFileSnapshot('fixtures/timeline.golden.md');
    const doc = timelineDocument({context: 'prod', timeline, budgets});
    expect(doc.budgetSpent).toEqual({from: '2026-12-04T03:00:00.000Z', to: '2026-12-04T03:40:00.000Z', slos: budgets});
    expect(doc.events[5]).toMatchObject({at: '2026-12-04T03:13:00.000Z', until: '2026-12-04T03:28:00.000Z'});
  });

  it('writes the handover on one screen, with how long each page lasted', async () => {
    const slo = {name: 'checkout-availability', service: 'checkout', objective: 99.9, window: '30d', source: 'native' as const};
    const ratios = Object.entries({'5m': 0, '30m': 0, '1h': 0, '2h': 0.004, '6h': 0.002, '1d': 0.001, '3d': 0.0012, period: 0.0005}).map(([window, ratio]) => ({window, ratio}));
    const report = evaluateSlo(slo, {slo: slo.name, at: T0, ratios});
    expect([report.status, report.trippedBy]).toEqual(['ticket', '3d&6h']);
    const handover = buildHandover({context: 'prod', timeline, slosAtEnd: [report], alertsAtEnd: [], silences, budgets});
    expect(handover.pages.map((p) => [p.name, p.seconds, p.episodes, p.ongoing])).toEqual([
      ['CheckoutHighErrorRate', 21 * 60, 1, false],
      ['checkout-availability', 28 * 60, 1, false],
    ]);
    expect(handover.rollbacks).toEqual([{context: 'prod', at: T0 + 20 * M, service: 'checkout', text: 'rollback checkout v2.14.0 → v2.13.0 requested', by: 'bob', outcome: 'success', url: 'https://ci.example/runs/9'}]);
    expect(handover.acks[0]).toMatchObject({by: 'alice', holds: false});
    const md = handoverMarkdown(handover);
    expect(md.split('\n').length).toBeLessThanOrEqual(24);
    await expect(md).toMatchFileSnapshot('fixtures/handover.golden.md');
  });

  it('names the context of every event, missing part and budget in a timeline of several, and says nothing happened only when all was read', () => {
    const ev = (context: string, at: number): TimelineEvent => ({at, kind: 'slo-page', service: 'checkout', context, source: 'prometheus', text: 'checkout-availability pages', subject: {slo: 'checkout-availability'}});
    const shift: Timeline = {...timeline, events: [ev('prod-eu', T0), ev('prod-us', T0 + M)], gaps: [{part: 'alerts', context: 'prod-us', source: 'prometheus', reason: 'timeout'}]};
    const md = timelineMarkdown({context: 'prod', contexts: ['prod-eu', 'prod-us'], timeline: shift, budgets: [{slo: 'checkout-availability', service: 'checkout', spent: 0.1, context: 'prod-us'}]});
    expect(md).toContain('**slo-page** prod-eu/checkout: checkout-availability pages');
    expect(md).toContain('**slo-page** prod-us/checkout: checkout-availability pages');
    expect(md).toContain('> **Missing:** alerts from prod-us/prometheus: timeout');
    expect(md).toContain('- prod-us/checkout-availability: 10.00% of its budget');
    // One context: as before.
    expect(timelineMarkdown({context: 'prod-eu', timeline: {...shift, events: [ev('prod-eu', T0)]}, budgets: []})).toContain('**slo-page** checkout: checkout-availability pages');
    // No event read, a part missing: not "nothing happened".
    const empty = timelineMarkdown({context: 'prod', timeline: {...shift, events: []}, budgets: []});
    expect(empty).toContain('No events in the parts that could be read');
    expect(empty).not.toContain('Nothing happened');
  });

  it('keeps two contexts apart: an SLO of one name pages in each on its own, each spent its own budget, every entry names its context', () => {
    const slo = {name: 'checkout-availability', service: 'checkout', objective: 99.9, window: '30d', source: 'native' as const};
    const ev = (context: string, kind: 'slo-page' | 'slo-ok', at: number): TimelineEvent => ({at, kind, service: 'checkout', context, source: 'prometheus', text: `${slo.name} ${kind}`, subject: {slo: slo.name}});
    // prod-eu pages from T0 for 30 minutes; prod-us from T0+10m and still does at the end; one's change must not end the other's episode.
    const events = [ev('prod-eu', 'slo-page', T0), ev('prod-us', 'slo-page', T0 + 10 * M), ev('prod-eu', 'slo-ok', T0 + 30 * M)];
    const shift: Timeline = {...timeline, from: T0 - 60 * M, to: T0 + 60 * M, events, gaps: [{part: 'silences', context: 'prod-us', source: 'alertmanager', reason: 'timeout'}]};
    const ratios = (r: number) => Object.entries({'5m': r, '30m': r, '1h': r, '2h': r, '6h': r, '1d': r, '3d': r, period: r}).map(([window, ratio]) => ({window, ratio}));
    const eu = {...evaluateSlo(slo, {slo: slo.name, at: T0, ratios: ratios(0)}), context: 'prod-eu'};
    const us = {...evaluateSlo(slo, {slo: slo.name, at: T0, ratios: ratios(0.02)}), context: 'prod-us'};
    const handover = buildHandover({
      context: 'prod',
      contexts: ['prod-eu', 'prod-us'],
      timeline: shift,
      slosAtEnd: [eu, us],
      alertsAtEnd: [],
      silences: [],
      budgets: [{slo: slo.name, service: 'checkout', spent: 0.05, context: 'prod-eu'}, {slo: slo.name, service: 'checkout', spent: 0.4, context: 'prod-us'}],
    });
    expect(handover.pages.map((p) => [p.context, p.seconds / 60, p.ongoing])).toEqual([
      ['prod-eu', 30, false],
      ['prod-us', 50, true],
    ]);
    expect(handover.slos.map((s) => [s.context, s.spent])).toEqual([
      ['prod-eu', 0.05],
      ['prod-us', 0.4],
    ]);
    const md = handoverMarkdown(handover);
    expect(md).toContain('- prod-eu/checkout-availability (checkout) SLO page: 30m, first ');
    expect(md).toContain('- prod-us/checkout-availability (checkout) SLO page: 50m, first 03:10Z, STILL PAGING');
    expect(md).toContain('- prod-us/checkout-availability: 40.00% — STILL BURNING');
    expect(md).toContain('- prod-eu/checkout-availability: 5.00%\n');
    expect(md).toContain('> **Missing:** silences from prod-us/alertmanager: timeout');
  });
});

describe('the Markdown writes a time of another day with its date', () => {
  // An ack at 23:50 for a day, and one at 23:50 for 15 minutes: both end on the next day, under
  // the heading of the day they began. Their end alone would read as the day above.
  const late = Date.UTC(2026, 11, 4, 23, 50, 0);
  const c = {context: 'prod', service: 'checkout', source: 'am-1'};
  const events: TimelineEvent[] = [
    {...c, at: late, kind: 'ack', text: 'acked by alice', until: late + 24 * 60 * M},
    {...c, at: late + M, kind: 'ack', text: 'acked by bob', until: late + 16 * M},
    {...c, at: late + 2 * M, kind: 'ack', text: 'acked by carol', until: late + 5 * M},
  ];
  const timeline: Timeline = {from: late - 60 * M, to: late + 60 * M, stepSeconds: 15, sloStepSeconds: 60, events, gaps: []};

  it('an ack that ends on another day than it began says that day; one of the same day its time alone', () => {
    const md = timelineMarkdown({context: 'prod', timeline, budgets: []});
    expect(md).toContain('acked by alice until 2026-12-05 23:50:00Z');
    expect(md).toContain('acked by bob until 2026-12-05 00:06:00Z');
    expect(md).toContain('acked by carol until 23:55:00Z');
  });

  it('the budget heading of a span over midnight dates both ends', () => {
    const over = {...timeline, events: [...events, {...c, at: late + 20 * M, kind: 'note' as const, text: 'fixed'}]};
    const md = timelineMarkdown({context: 'prod', timeline: over, budgets: [{slo: 'checkout-availability', service: 'checkout', spent: 0.01}]});
    expect(md).toContain('## Error budget spent 2026-12-04 23:50:00Z – 2026-12-05 00:10:00Z');
  });
});
