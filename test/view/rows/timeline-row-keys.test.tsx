/**
 * The dashboard's timeline table: one alert firing on two instances (pods) at the same step gives
 * two events with the same time, kind, context, service and text. Their rows are keyed by the
 * event's identity (its labels), so when the next poll puts a new event on top the table draws
 * one row per event and one selection, never a stale row.
 */
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {timelineEventKey} from '../../../src/domain/timeline-key.ts';
import {selectEvents} from '../../../src/domain/timeline-select.ts';
import type {TimelineEvent} from '../../../src/domain/timeline.ts';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {TableView} from '../../../src/view/components/TableView.tsx';
import {timelineTable} from '../../../src/view/rows/timeline-rows.ts';

afterEach(() => cleanup());
const T = Date.UTC(2026, 11, 7, 10, 0, 0);
const crash = (at: number, pod: string): TimelineEvent => ({at, kind: 'alert-firing', context: 'prod', service: 'checkout', source: 'prometheus', text: 'KubePodCrashLooping firing (warning)', subject: {alertname: 'KubePodCrashLooping', pod, service: 'checkout', severity: 'warning'}});
const note = (at: number, text: string): TimelineEvent => ({at, kind: 'note', context: 'prod', service: 'checkout', source: 'action log', text, by: 'alice'});
const draw = (events: TimelineEvent[]) => <TableView table={timelineTable(selectEvents(events, {service: null, filter: ''}), T + 60_000)} width={100} height={10} selected={0} focused palette={noColorPalette} empty="none" />;
const eventRows = (frame: string) => frame.split('\n').filter((l) => /\d\d:\d\d:\d\dZ/.test(l));

describe('timeline rows of two instances of one alert at one step', () => {
  it('have distinct keys: the keys the selection follows', () => {
    const events = [crash(T, 'checkout-1'), crash(T, 'checkout-2')];
    const rows = timelineTable(events, T + 60_000).rows;
    expect(rows.map((r) => r.key)).toEqual(events.map(timelineEventKey));
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });

  it('two identical events (one note written twice in one millisecond) still get a row key each', () => {
    const rows = timelineTable([note(T, 'rolling back'), note(T, 'rolling back')], T + 60_000).rows;
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });

  it('a new event on top at the next poll: one row per event, one selection', () => {
    const before = [crash(T, 'checkout-1'), crash(T, 'checkout-2'), crash(T - 60_000, 'checkout-3')];
    const h = render(draw(before));
    expect(eventRows(h.lastFrame()!)).toHaveLength(3);
    h.rerender(draw([...before, note(T + 30_000, 'rolling back')]));
    const frame = h.lastFrame()!;
    expect(eventRows(frame)).toHaveLength(4);
    expect(frame.split('\n').filter((l) => l.startsWith('›'))).toHaveLength(1);
  });
});
