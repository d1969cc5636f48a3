/**
 * Fuzzing the pure functions that turn decoded history into a timeline: alert series (empty,
 * one point, NaN/±Inf values, points out of order, repeated or off the grid, the same alert
 * twice), SLO measurements at steps out of order with NaN or negative ratios, and whatever the
 * coverage lookups found. None may throw; events come out on the grid, in time order (newest
 * first where the dashboard shows them), each alert's states alternating; what is drawn is sanitized.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {SloDefinition} from '../../src/domain/slo.ts';
import {alertEvents, alertsActiveAtEnd, alertStatesOnGrid, type AlertSeries} from '../../src/domain/timeline-alerts.ts';
import {coverageGaps, coverageNotes, type HistoryCoverage} from '../../src/domain/timeline-coverage.ts';
import {selectEvents} from '../../src/domain/timeline-select.ts';
import {sloEvents, sloStatusAtEnd, type SloStep} from '../../src/domain/timeline-slo.ts';
import {buildTimeline, historyGrid, historyStepSeconds, MAX_RANGE_POINTS, sortEvents, type TimelineEvent} from '../../src/domain/timeline.ts';
import {anyText, hostileLabels, hostileText} from './arbitraries.ts';
import {drawnTimeline, expectDrawnSafe, NOW} from './drawn.ts';
import {fuzz, RUNS, settle} from './fuzz-run.ts';

const FROM = NOW - 3_600_000;
const STEP = 60;
const GRID = historyGrid(FROM, NOW, STEP);

/** A number a decoder could hand on: ordinary, NaN, ±Inf, ±0, huge, tiny. */
const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE));
/** An instant: mostly on the grid, else anywhere (NaN included). */
const instant = fc.oneof({arbitrary: fc.constantFrom(...GRID), weight: 5}, {arbitrary: fc.integer({min: FROM - 600_000, max: NOW + 600_000}), weight: 1}, {arbitrary: anyNumber, weight: 1});

const series: fc.Arbitrary<AlertSeries> = fc.record(
  {
    labels: fc.tuple(hostileLabels, fc.oneof(fc.constantFrom('firing', 'pending', 'inactive'), anyText)).map(([l, state]) => ({...l, alertstate: state})),
    points: fc.array(fc.record({at: instant, value: fc.oneof(fc.constantFrom(1, 0, 1, 1), anyNumber)}), {maxLength: 10}),
    activeAt: anyNumber,
  },
  {requiredKeys: ['labels', 'points']},
);
// The same alert more than once (a duplicate series, both states at a switch).
const seriesList = fc.tuple(fc.array(series, {maxLength: 5}), fc.array(fc.nat(), {maxLength: 3})).map(([list, again]) => (list.length === 0 ? list : [...list, ...again.map((i) => list[i % list.length]!)]));

const slos: SloDefinition[] = ['checkout-availability', '\u202egnp.exe\x1b[2J'].map((name) => ({name, service: name, objective: 99.9, window: '30d', source: 'native'}));
const windows = fc.constantFrom('5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period', '30d', '');
const steps: fc.Arbitrary<SloStep[]> = fc.array(
  fc.record({
    at: instant,
    measurements: fc.array(
      fc.record({slo: fc.oneof(fc.constantFrom(...slos.map((s) => s.name)), anyText), at: instant, ratios: fc.array(fc.record({window: windows, ratio: fc.oneof(fc.constant(null), anyNumber, fc.double({min: 0, max: 1}))}), {maxLength: 8}), error: fc.option(hostileText, {nil: undefined})}, {requiredKeys: ['slo', 'at', 'ratios']}),
      {maxLength: 3},
    ),
  }),
  {maxLength: 8},
);

function expectOldestFirst(events: readonly TimelineEvent[]): void {
  for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
}

describe('timeline domain functions on arbitrary decoded history', () => {
  it('alertEvents: events on the grid, each alert alternating, never throwing; the timeline ordered and drawn sanitized', () => {
    fuzz(RUNS.decoder, [seriesList], (list) => {
      const made = settle(() => ({events: alertEvents(list, GRID, {context: 'fuzz', source: 'prom'}), states: alertStatesOnGrid(list, GRID), atEnd: alertsActiveAtEnd(list, GRID)}));
      expect(made.ok, made.ok ? '' : String(made.error)).toBe(true);
      if (!made.ok) return;
      const {events, states, atEnd} = made.value;
      for (const {states: s} of states.values()) expect(s).toHaveLength(GRID.length);
      const last = new Map<string, string>();
      for (const e of events) {
        expect(GRID).toContain(e.at);
        const key = JSON.stringify(e.subject);
        expect(e.kind).not.toBe(last.get(key) ?? 'alert-resolved');
        last.set(key, e.kind);
      }
      for (const a of atEnd) expect(['pending', 'firing']).toContain(a.state);
      const timeline = buildTimeline({from: FROM, to: NOW, stepSeconds: STEP, sloStepSeconds: STEP, parts: [{events}]});
      expectOldestFirst(timeline.events);
      const shown = selectEvents(timeline.events, {service: null, filter: ''});
      for (let i = 1; i < shown.length; i++) expect(shown[i]!.at).toBeLessThanOrEqual(shown[i - 1]!.at);
      expectDrawnSafe(drawnTimeline(timeline, atEnd), 'alert timeline');
    });
  });

  it('sloEvents and sloStatusAtEnd: no throw over steps out of order and NaN/negative ratios; the timeline ordered and drawn sanitized', () => {
    fuzz(RUNS.decoder, [steps], (history) => {
      const made = settle(() => ({events: sloEvents(slos, history, {context: 'fuzz', source: 'prom'}), atEnd: sloStatusAtEnd(slos, history)}));
      expect(made.ok, made.ok ? '' : String(made.error)).toBe(true);
      if (!made.ok) return;
      const ats = new Set(history.map((s) => s.at));
      for (const e of made.value.events) expect(ats.has(e.at)).toBe(true);
      expect(made.value.atEnd).toHaveLength(slos.length);
      const timeline = buildTimeline({from: FROM, to: NOW, stepSeconds: STEP, sloStepSeconds: STEP, parts: [{events: made.value.events}]});
      expectOldestFirst(timeline.events);
      expectDrawnSafe(drawnTimeline(timeline), 'SLO timeline');
    });
  });

  it('buildTimeline keeps only events inside the range (an instant that is NaN or Inf included), oldest first, whatever order they came in', () => {
    const event: fc.Arbitrary<TimelineEvent> = fc.record({
      at: instant,
      kind: fc.constantFrom('alert-firing', 'alert-resolved', 'slo-page', 'ack', 'note', 'deploy-started'),
      context: anyText,
      service: anyText,
      text: hostileText,
      source: anyText,
      by: fc.option(hostileText, {nil: undefined}),
    }, {requiredKeys: ['at', 'kind', 'context', 'service', 'text', 'source']});
    fuzz(RUNS.decoder, [fc.array(fc.array(event, {maxLength: 6}), {maxLength: 3})], (parts) => {
      const timeline = buildTimeline({from: FROM, to: NOW, stepSeconds: STEP, sloStepSeconds: STEP, parts: parts.map((events) => ({events}))});
      for (const e of timeline.events) expect(e.at >= FROM && e.at <= NOW).toBe(true);
      expectOldestFirst(timeline.events);
      // One order for every run: sorting again changes nothing.
      expect(sortEvents(timeline.events)).toEqual(timeline.events);
      expectDrawnSafe(drawnTimeline(timeline), 'timeline');
    });
  });

  it('historyGrid over any range and evaluation interval: ascending, inside the range (from a step before), at most MAX_RANGE_POINTS + 1 instants', () => {
    fuzz(RUNS.decoder, [fc.integer({min: 0, max: 4e12}), fc.integer({min: -3_600_000, max: 400 * 86_400_000}), fc.integer({min: 0, max: 10 ** 7})], (from, span, evaluation) => {
      const to = from + span;
      const step = historyStepSeconds(from, to, evaluation);
      expect(Number.isSafeInteger(step) && step >= 1).toBe(true);
      const grid = settle(() => historyGrid(from, to, step));
      expect(grid.ok).toBe(true);
      if (!grid.ok) return;
      expect(grid.value.length).toBeLessThanOrEqual(MAX_RANGE_POINTS + 1);
      // One check for the whole grid: an expect per instant costs seconds over 11,000 of them.
      const wrong = grid.value.findIndex((t, i) => !(t > from - step * 1000 && t <= to && (i === 0 || t > grid.value[i - 1]!)));
      expect(wrong, `instant ${wrong} of ${from}…${to} every ${step}s`).toBe(-1);
    });
  });

  it('coverageGaps and coverageNotes: no throw for any lookup outcome; gaps drawn sanitized', () => {
    const lookup = <T>(found: fc.Arbitrary<T>) => fc.oneof(found, fc.constant(null), hostileText.map((failed) => ({failed})));
    const coverage: fc.Arbitrary<HistoryCoverage> = fc.record({
      context: anyText,
      source: hostileText,
      from: fc.constant(FROM),
      to: fc.constant(NOW),
      read: fc.subarray(['alerts', 'slos'] as const),
      dataAtStart: lookup(fc.boolean()),
      alertSeries: lookup(fc.nat()),
      alertRules: lookup(fc.nat()),
    });
    fuzz(RUNS.decoder, [coverage], (c) => {
      const gaps = coverageGaps(c);
      const notes = coverageNotes(c);
      for (const g of gaps) expect(c.read).toContain(g.part);
      const timeline = buildTimeline({from: FROM, to: NOW, stepSeconds: STEP, sloStepSeconds: STEP, parts: [{events: [], gaps}], notes});
      expectDrawnSafe(drawnTimeline(timeline), 'coverage gaps and notes');
    });
  });
});
