/**
 * Runbook links of a timeline's alert events: `ALERTS` keeps no annotations, so the link is that
 * of today's alerting rule of the alert's name (one rules read per timeline, marked as today's),
 * else the configured template's; a failed rules read is said, the events kept.
 */
import {describe, expect, it} from 'vitest';
import type {AlertingRule} from '../../src/domain/rule-runbook.ts';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {timelineDocument, timelineMarkdown} from '../../src/domain/timeline-document.ts';
import {readTimeline, timelineQueryOptions, type ContextTimeline, type TimelineRequest} from '../../src/queries/timeline-queries.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {historyServices} from './fakes.ts';

const TO = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = TO - 6 * 3_600_000;
const alert = (alertname: string, service: string): AlertSeries => ({labels: {__name__: 'ALERTS', alertname, alertstate: 'firing', severity: 'critical', service}, points: [{at: TO - 600_000, value: 1}]});
const RULES: AlertingRule[] = [{name: 'CheckoutDown', labels: {severity: 'critical'}, annotations: {runbook_url: 'https://rb.example/{{ $labels.service }}/down'}}];

/** A Prometheus holding `alerts`; `rules` is what its rules API answers (absent: it has none). */
function prometheus(alerts: AlertSeries[], rules?: AlertingRule[] | Error) {
  let rulesRead = 0;
  const services = historyServices(
    alerts,
    rules === undefined
      ? {}
      : {
          readAlertingRules: async () => {
            rulesRead++;
            if (rules instanceof Error) throw rules;
            return {value: rules, warnings: []};
          },
        },
  );
  return {services, rulesRead: () => rulesRead};
}

const request = (runbooks?: TimelineRequest['runbooks']): TimelineRequest => ({from: FROM, to: TO, ackPrefix: 'ACK!', ...(runbooks ? {runbooks} : {})});
const links = (events: Array<{kind: string; text: string; url?: string; urlFrom?: string}>) => events.filter((e) => e.kind.startsWith('alert')).map((e) => [e.kind, e.text, e.url, e.urlFrom]);

describe('readTimeline: runbooks of alert events', () => {
  it("links each alert's events to today's rule's runbook, marked as such, with one rules read for the whole timeline", async () => {
    const prom = prometheus([alert('CheckoutDown', 'checkout'), alert('CheckoutDown', 'cart'), alert('DiskFull', 'db')], RULES);
    const {timeline} = await readTimeline(prom.services, request({template: 'https://wiki.example/{{alertname}}'}));
    expect(links(timeline.events)).toEqual([
      ['alert-firing', 'CheckoutDown firing (critical)', 'https://rb.example/cart/down', 'current-rule'],
      ['alert-firing', 'CheckoutDown firing (critical)', 'https://rb.example/checkout/down', 'current-rule'],
      // No rule of its name: the template's link, not marked.
      ['alert-firing', 'DiskFull firing (critical)', 'https://wiki.example/DiskFull', undefined],
      ['alert-resolved', 'CheckoutDown resolved (critical)', 'https://rb.example/cart/down', 'current-rule'],
      ['alert-resolved', 'CheckoutDown resolved (critical)', 'https://rb.example/checkout/down', 'current-rule'],
      ['alert-resolved', 'DiskFull resolved (critical)', 'https://wiki.example/DiskFull', undefined],
    ]);
    expect(prom.rulesRead()).toBe(1);
    expect(timeline.notes).toEqual([]);
    // Markdown says the link is today's rule's; JSON marks it.
    expect(timelineMarkdown({context: 'prod', timeline, budgets: []})).toContain("CheckoutDown firing (critical) [runbook of today's rule](https://rb.example/checkout/down)");
    expect(timelineDocument({context: 'prod', timeline, budgets: []}).events[0]).toMatchObject({url: 'https://rb.example/cart/down', urlFrom: 'current-rule'});
  });

  it('says a failed rules read in a note and keeps the events, linked by the template', async () => {
    const prom = prometheus([alert('CheckoutDown', 'checkout')], new SourceFailure('unavailable', 'GET /api/v1/rules: connection refused'));
    const {timeline} = await readTimeline(prom.services, request({template: 'https://wiki.example/{{alertname}}'}));
    expect(links(timeline.events)).toEqual([
      ['alert-firing', 'CheckoutDown firing (critical)', 'https://wiki.example/CheckoutDown', undefined],
      ['alert-resolved', 'CheckoutDown resolved (critical)', 'https://wiki.example/CheckoutDown', undefined],
    ]);
    expect(timeline.gaps).toEqual([]);
    expect(timeline.notes).toEqual(["runbooks of today's rules not read (unavailable: GET /api/v1/rules: connection refused): alert events are linked only by the configured runbookTemplate, if any"]);
  });

  it('reads no rules when no link is asked for (the dashboard), nor when no alert is in the range, nor from a backend without a rules API', async () => {
    const unasked = prometheus([alert('CheckoutDown', 'checkout')], RULES);
    expect(links((await readTimeline(unasked.services, request())).timeline.events).map((l) => l[2])).toEqual([undefined, undefined]);
    expect(unasked.rulesRead()).toBe(0);
    const quiet = prometheus([], RULES);
    await readTimeline(quiet.services, request({}));
    expect(quiet.rulesRead()).toBe(0);
    const bare = prometheus([alert('CheckoutDown', 'checkout')]);
    const {timeline} = await readTimeline(bare.services, request({}));
    expect(links(timeline.events).map((l) => l[2])).toEqual([undefined, undefined]);
    expect(timeline.notes).toEqual([]);
  });
});

describe("timelineQueryOptions: the dashboard's timeline", () => {
  const options = (services: ContextServices, runbooks?: TimelineRequest['runbooks']) =>
    timelineQueryOptions(services, {enabled: true, intervalMs: false, now: () => TO, ackPrefix: 'ACK!', ...(runbooks ? {runbooks} : {})});
  // Through a query client, as the dashboard reads it (the rules come through its cache).
  const read = (o: ReturnType<typeof options>, client = createQueryClient({retry: 0})): Promise<ContextTimeline> => client.fetchQuery({...o, staleTime: 0});

  it("links alert events with the context's template and today's rules, read once per timeline, when runbooks are asked for", async () => {
    const prom = prometheus([alert('CheckoutDown', 'checkout'), alert('DiskFull', 'db')], RULES);
    const {events} = await read(options(prom.services, {template: 'https://wiki.example/{{alertname}}'}));
    expect(links(events)).toEqual([
      ['alert-firing', 'CheckoutDown firing (critical)', 'https://rb.example/checkout/down', 'current-rule'],
      ['alert-firing', 'DiskFull firing (critical)', 'https://wiki.example/DiskFull', undefined],
      ['alert-resolved', 'CheckoutDown resolved (critical)', 'https://rb.example/checkout/down', 'current-rule'],
      ['alert-resolved', 'DiskFull resolved (critical)', 'https://wiki.example/DiskFull', undefined],
    ]);
    expect(prom.rulesRead()).toBe(1);
  });

  it('reads the rules through the cache the alert details use: a timeline read again within a minute asks the rules API no more', async () => {
    const prom = prometheus([alert('CheckoutDown', 'checkout')], RULES);
    const client = createQueryClient({retry: 0});
    const o = options(prom.services, {template: 'https://wiki.example/{{alertname}}'});
    await read(o, client);
    const {events} = await read(o, client);
    expect(links(events)[0]).toEqual(['alert-firing', 'CheckoutDown firing (critical)', 'https://rb.example/checkout/down', 'current-rule']);
    expect(prom.rulesRead()).toBe(1);
  });

  it('keeps the events when the rules read fails, linked by the template alone, and says so in a note', async () => {
    const prom = prometheus([alert('CheckoutDown', 'checkout')], new SourceFailure('unavailable', 'connection refused'));
    const {events, gaps, notes} = await read(options(prom.services, {template: 'https://wiki.example/{{alertname}}'}));
    expect(gaps).toEqual([]);
    // The context has no Alertmanager: its acks not read is said too.
    expect(notes).toEqual([expect.stringMatching(/^runbooks of today's rules not read \(.*connection refused.*\): alert events are linked only by the configured runbookTemplate/), 'acks not read: no Alertmanager configured, so no ack event does not mean nobody acked']);
    expect(links(events)).toEqual([
      ['alert-firing', 'CheckoutDown firing (critical)', 'https://wiki.example/CheckoutDown', undefined],
      ['alert-resolved', 'CheckoutDown resolved (critical)', 'https://wiki.example/CheckoutDown', undefined],
    ]);
  });
});
