/** What the dashboard's timeline shows: one service or all, the filter, newest first. */
import {describe, expect, it} from 'vitest';
import {selectEvents, utcTime} from '../../src/domain/timeline-select.ts';
import type {TimelineEvent} from '../../src/domain/timeline.ts';

const ev = (at: number, kind: TimelineEvent['kind'], service: string, text: string, by?: string): TimelineEvent => ({at, kind, context: 'prod', service, text, source: 's', ...(by ? {by} : {})});
const EVENTS = [
  ev(1000, 'deploy-started', 'checkout', 'deploy checkout v2'),
  ev(3000, 'alert-firing', 'checkout', 'HighErrorRate firing'),
  ev(2000, 'alert-firing', 'payments', 'Slow firing'),
  ev(3000, 'ack', 'checkout', 'acked HighErrorRate', 'alice@ops'),
  ev(4000, 'note', '', 'all hands'),
];

describe('selectEvents', () => {
  it('newest first, one instant ordered as the timeline orders it (reversed)', () => {
    expect(selectEvents(EVENTS, {service: null, filter: ''}).map((e) => e.at)).toEqual([4000, 3000, 3000, 2000, 1000]);
    expect(selectEvents(EVENTS, {service: null, filter: ''})[1]!.kind).toBe('ack');
  });
  it("a service's events, and the notes that name no service", () => {
    expect(selectEvents(EVENTS, {service: 'checkout', filter: ''}).map((e) => e.text)).toEqual(['all hands', 'acked HighErrorRate', 'HighErrorRate firing', 'deploy checkout v2']);
  });
  it('every word of the filter must occur, case-insensitive, in kind, service, text, author or source', () => {
    expect(selectEvents(EVENTS, {service: null, filter: 'FIRING checkout'}).map((e) => e.text)).toEqual(['HighErrorRate firing']);
    expect(selectEvents(EVENTS, {service: null, filter: 'alice'}).map((e) => e.kind)).toEqual(['ack']);
    expect(selectEvents(EVENTS, {service: null, filter: 'nothing-like-this'})).toEqual([]);
  });
  it('utcTime: the time, with the date when not within a day', () => {
    const at = Date.UTC(2026, 11, 5, 3, 12, 5);
    expect(utcTime(at, at + 27 * 60_000)).toBe('03:12:05Z');
    expect(utcTime(at, at + 2 * 86_400_000)).toBe('2026-12-05 03:12:05Z');
  });
});
