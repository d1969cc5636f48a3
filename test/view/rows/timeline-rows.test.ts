/**
 * The timeline's TIME and AGO columns are seen from one instant: the live clock, or in the past
 * the instant shown. An instant two days back shows its six hours as times of that day, not as
 * dates far from the live clock.
 */
import {describe, expect, it} from 'vitest';
import {formatAge} from '../../../src/domain/duration.ts';
import type {TimelineEvent} from '../../../src/domain/timeline.ts';
import {timelineTable} from '../../../src/view/rows/timeline-rows.ts';

const M = 60_000;
const H = 60 * M;
const shown = Date.UTC(2026, 11, 4, 3, 12, 5);
const event = (at: number, text: string): TimelineEvent => ({at, kind: 'note', context: 'prod', service: 'checkout', text, source: 'action log'});
const cells = (table: ReturnType<typeof timelineTable>, column: string) => {
  const i = table.columns.findIndex((c) => c.id === column);
  return table.rows.map((r) => r.cells[i]!.text);
};

describe('timelineTable', () => {
  const events = [event(shown - 10 * M, 'ten minutes before'), event(shown - 5 * H, 'five hours before')];

  it('in the past: times and AGO seen from the instant shown, not from the live clock two days on', () => {
    const live = shown + 2 * 24 * H;
    const table = timelineTable(events, live, {viewedAt: shown});
    expect(cells(table, 'time')).toEqual(['03:02:05Z', '22:12:05Z']);
    expect(table.columns.find((c) => c.id === 'time')!.width).toBe(10);
    expect(cells(table, 'ago')).toEqual([formatAge(10 * M), formatAge(5 * H)]);
  });

  it('in the past: an event a day before the instant shown has its date, even when the live clock is near it', () => {
    // The instant shown is 21 hours after the event; the live clock (here barely later than the event) is not what the reader stands at.
    const table = timelineTable([event(shown - 21 * H, 'yesterday')], shown - 20 * H, {viewedAt: shown});
    expect(cells(table, 'time')).toEqual(['2026-12-03 06:12:05Z']);
    expect(table.columns.find((c) => c.id === 'time')!.width).toBe(20);
  });

  it('live: times and AGO seen from the clock given (the backends\'), dates beyond a day', () => {
    const table = timelineTable([...events, event(shown - 22 * H, 'yesterday')], shown);
    expect(cells(table, 'time')).toEqual(['03:02:05Z', '22:12:05Z', '2026-12-03 05:12:05Z']);
    expect(cells(table, 'ago')).toEqual([formatAge(10 * M), formatAge(5 * H), formatAge(22 * H)]);
  });
});
