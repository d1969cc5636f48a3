/**
 * A shift ending while Prometheus holds no data (down, or its scrapes broken): the range ends in
 * an outage. An alert or SLO paging when the data stopped did not resolve there, nor is it known
 * to page on: its page ends its count where the data stopped and is unknown since, as the
 * timeline says with one event where the data stopped. A page is never STILL PAGING through an
 * outage, and an SLO calm when the data stopped is not measured since then: at the end every
 * SLO is unknown, never burning by its long windows' data from before the outage.
 */
import {describe, expect, it} from 'vitest';
import {buildHandover} from '../../src/domain/handover.ts';
import {handoverMarkdown} from '../../src/domain/handover-markdown.ts';
import type {AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {timelineDocument, timelineMarkdown} from '../../src/domain/timeline-document.ts';
import {historyGrid} from '../../src/domain/timeline.ts';
import {readTimeline} from '../../src/queries/timeline-queries.ts';
import {flatRatios, historyServices, makeSlo, PAGING_RATIOS} from './fakes.ts';

const NOW = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = NOW - 2 * 3_600_000;
const DOWN = NOW - 30 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** CheckoutDown firing and checkout-availability paging (or ok) until the data stops at DOWN. */
function services(sloRatios: readonly ReturnType<typeof flatRatios>[number][] = PAGING_RATIOS) {
  const slo = makeSlo({name: 'checkout-availability'});
  const held = (t: number) => t < DOWN;
  const alerts = (from: number, to: number, step: number): AlertSeries[] => [{labels: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing', service: 'checkout', severity: 'critical'}, points: historyGrid(from, to, step).filter(held).map((at) => ({at, value: 1}))}];
  return historyServices(
    [],
    {
      readAlertHistory: async (from, to, step) => ({value: alerts(from, to, step), warnings: [], heartbeat: historyGrid(from, to, step).filter(held)}),
      readRatioHistory: async (_s, _w, from, to, step) => ({value: historyGrid(from, to, step).map((at) => ({at, measurements: [{slo: slo.name, at, ratios: held(at) ? [...sloRatios] : flatRatios(null)}]})), warnings: []}),
      countLabelNames: async () => ({value: 25, warnings: []}),
      countAlertSeries: async () => ({value: 1, warnings: []}),
    },
    {slos: [slo]},
  );
}

async function handover(sloRatios?: Parameters<typeof services>[0]) {
  const r = await readTimeline(services(sloRatios), {from: FROM, to: NOW, ackPrefix: 'ACK!'});
  return {reading: r, handover: buildHandover({context: 'prod', timeline: r.timeline, slosAtEnd: r.slosAtEnd, alertsAtEnd: r.alertsAtEnd, silences: [], budgets: [], unread: r.unread})};
}

describe('a shift ending inside a Prometheus outage', () => {
  it('the timeline says each page unknown where the data stopped, never resolved', async () => {
    const {reading} = await handover();
    const {timeline} = reading;
    expect(timeline.events.map((e) => [e.kind, iso(e.at), e.ongoing ?? false])).toEqual([
      ['alert-firing', iso(FROM), true],
      ['slo-page', iso(FROM), true],
      ['alert-unknown', iso(DOWN), false],
      ['slo-unknown', iso(DOWN), false],
    ]);
    const md = timelineMarkdown({context: 'prod', contexts: ['prod'], timeline, budgets: [], services: ['checkout']});
    expect(md).toContain('**alert-unknown** checkout: CheckoutDown was firing when the data stopped: state unknown (critical)');
    expect(md).toContain('**slo-unknown** checkout: checkout-availability was paging when the data stopped: status unknown');
    const doc = timelineDocument({context: 'prod', timeline, budgets: []});
    expect(doc.events.filter((e) => e.kind.endsWith('-unknown')).map((e) => e.at)).toEqual([iso(DOWN), iso(DOWN)]);
  });

  it('an SLO page ends its count where the data stopped and is UNKNOWN since, not STILL PAGING', async () => {
    const {handover: h} = await handover();
    const page = h.pages.find((p) => p.kind === 'slo')!;
    expect({ongoing: page.ongoing, unknownSince: page.unknownSince, minutes: page.seconds / 60}).toEqual({ongoing: false, unknownSince: DOWN, minutes: 90});
    const md = handoverMarkdown(h);
    expect(md).toContain('checkout-availability (checkout) SLO page: 1h30m in the shift, already paging at its start, then no data: UNKNOWN since 07:30Z (may still page)');
    expect(md).toContain('NOT MEASURED at the end: checkout-availability (unknown since 07:30Z)');
    expect(md).not.toContain('STILL PAGING');
  });

  it('an alert page agrees with Still firing: unknown since the data stopped, not STILL PAGING', async () => {
    const {handover: h} = await handover();
    const page = h.pages.find((p) => p.kind === 'alert')!;
    expect({ongoing: page.ongoing, unknownSince: page.unknownSince, minutes: page.seconds / 60}).toEqual({ongoing: false, unknownSince: DOWN, minutes: 90});
    const md = handoverMarkdown(h);
    expect(md).toContain('CheckoutDown (checkout) critical: 1h30m in the shift, already paging at its start, then no data: UNKNOWN since 07:30Z (may still page)');
    expect(md).toMatch(/^### Still firing: unknown/m);
  });

  it('an SLO ok when the data stopped is not measured since then', async () => {
    const {handover: h} = await handover(flatRatios(0));
    expect(h.pages.map((p) => p.kind)).toEqual(['alert']);
    expect(h.slos.map((s) => [s.slo, s.status, s.unmeasuredSince])).toEqual([['checkout-availability', 'unknown', DOWN]]);
  });
});
