/**
 * The handover of a shift that began while a critical alert was already firing (since the day
 * before): the timeline marks its event `ongoing` ("already so at the start", never as if it began
 * then, README), but the handover drops that: `CheckoutDown critical: 12h00m, first 20:00Z, STILL
 * PAGING` — a page "first" at the shift's start, for "12h", when it has paged for 36 hours. The
 * JSON has no field saying so either (`firstAt` is the shift's start).
 */
import {describe, expect, it} from 'vitest';
import {buildHandover} from '../../src/domain/handover.ts';
import {handoverDocument, handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import {historyServices} from '../queries/fakes.ts';

const TO = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = TO - 12 * 3_600_000;
const labels = {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', severity: 'critical', service: 'checkout'};

async function handover() {
  const services = historyServices([], {
    // Firing at every step of the shift (and, in truth, for the day before it).
    readAlertHistory: async (from, to, step) => {
      const grid = historyGrid(from, to, step);
      return {value: [{labels, points: grid.map((at) => ({at, value: 1}))}], warnings: [], heartbeat: grid};
    },
    countLabelNames: async () => ({value: 25, warnings: []}),
  }, {alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [], warnings: []}), listSilences: async () => ({value: [], warnings: []})}}] as never});
  const reading = await readTimeline(services, {from: FROM, to: TO, ackPrefix: 'ACK!'});
  return {reading, h: buildHandover({context: 'prod', timeline: reading.timeline, slosAtEnd: reading.slosAtEnd, alertsAtEnd: reading.alertsAtEnd, silences: reading.silences, budgets: []})};
}

describe('handover: a page already going when the shift began', () => {
  it('the handover Markdown says it was already paging at the start, not "first <shift start>"', async () => {
    const {h, reading} = await handover();
    // Baseline: the timeline marks it as ongoing at the start.
    expect(reading.timeline.events.find((e) => e.kind === 'alert-firing')?.ongoing).toBe(true);
    const line = handoverMarkdown(h).split('\n').find((l) => l.includes('CheckoutDown') && l.includes('critical:'))!;
    expect(line).toBeDefined();
    expect(line).toMatch(/already|before the shift|since before/i);
  });

  it('the handover JSON tells a page that began before the shift from one that began at its first minute', async () => {
    const {h} = await handover();
    const page = (handoverDocument(h)['pages'] as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(page).some((k) => /ongoing.*start|before|atStart|since/i.test(k) && k !== 'firstAt')).toBe(true);
  });
});
