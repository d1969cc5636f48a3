/**
 * A timeline event's identity, so the timeline's selection follows the event the user chose
 * rather than a position: a note written or an alert read at the next poll lands on top and
 * moves every older event down one row.
 */
import type {TimelineEvent} from './timeline.ts';

/**
 * A key that stays the same for the same event across reads: where, what and about what. An
 * `ongoing` event's instant is the window's first one, which moves on with each live read, so it
 * is keyed by being ongoing instead. The text is part of the key only for events without a
 * subject (a note), where it is what tells two of them apart.
 */
export function timelineEventKey(e: TimelineEvent): string {
  const when = e.ongoing ? 'ongoing' : String(e.at);
  const what = e.subject ? JSON.stringify(Object.entries(e.subject).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : e.text;
  return JSON.stringify([e.context, e.source, e.kind, e.service, when, e.by ?? '', what]);
}

/**
 * The keys of a list of events, in its order: {@link timelineEventKey}, with the second and later
 * of identical events (two notes of one text written in one millisecond) numbered in order, so
 * every row of a table has a key of its own and the same event keeps its key across reads.
 */
export function timelineEventKeys(events: readonly TimelineEvent[]): string[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const key = timelineEventKey(e);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}#${n}`;
  });
}
