/**
 * A context without an Alertmanager: its acks are not read, which is no failure (no missing part,
 * exit unchanged) but must not read as "nobody acked". The dashboard's timeline says so in a note.
 */
import {QueryClient} from '@tanstack/query-core';
import {describe, expect, it} from 'vitest';
import {unreadNote} from '../../src/domain/timeline-document.ts';
import {timelineQueryOptions, type ContextTimeline} from '../../src/queries/timeline-queries.ts';
import {fakeAlertSource, historyServices} from './fakes.ts';

const NOW = Date.UTC(2026, 11, 6, 8, 0, 0);
const NOTE = 'acks not read: no Alertmanager configured, so no ack event does not mean nobody acked';

async function dashboardTimeline(services: ReturnType<typeof historyServices>): Promise<ContextTimeline> {
  const client = new QueryClient();
  return (await client.fetchQuery(timelineQueryOptions(services, {enabled: true, intervalMs: false, now: () => NOW, ackPrefix: 'ACK!'}) as never)) as ContextTimeline;
}

describe('acks not read', () => {
  it("the dashboard's `t` of a context without an Alertmanager says its acks were not read, no missing part", async () => {
    const got = await dashboardTimeline(historyServices([], {countLabelNames: async () => ({value: 25, warnings: []}), countAlertSeries: async () => ({value: 1, warnings: []})}));
    expect(got.notes).toEqual([NOTE]);
    expect(got.gaps).toEqual([]);
  });

  it('with an Alertmanager: no such note', async () => {
    const am = {name: 'am', kind: 'alertmanager' as const, capabilities: {...fakeAlertSource(() => ({value: []}), () => ({value: []})).capabilities}};
    const got = await dashboardTimeline(historyServices([], {countLabelNames: async () => ({value: 25, warnings: []}), countAlertSeries: async () => ({value: 1, warnings: []})}, {alertSources: [am] as never}));
    expect(got.notes).toEqual([]);
  });

  it('over several contexts the note names its context', () => {
    expect(unreadNote({part: 'silences', context: 'prod-eu', reason: 'no Alertmanager configured'}, true)).toBe('acks not read in prod-eu: no Alertmanager configured, so no ack event does not mean nobody acked');
  });
});
