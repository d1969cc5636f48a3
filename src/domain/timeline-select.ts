/**
 * What the dashboard's timeline shows of a timeline: one service's events or all, narrowed by the
 * `/` filter, newest first (an incident is read from what just happened backwards). Pure.
 */
import {sortEvents, type TimelineEvent} from './timeline.ts';

/** Options of {@link selectEvents}. */
export interface EventSelection {
  /** Only this service's events; null = every event. */
  service: string | null;
  /** Words that must all occur (case-insensitive) in the event's kind, service, context, text, author or source. */
  filter: string;
}

/** The text an event is filtered on. */
function haystack(e: TimelineEvent): string {
  return [e.kind, e.service, e.context, e.text, e.by ?? '', e.source].join(' ').toLowerCase();
}

/**
 * The events to show, newest first. A service's timeline keeps the notes that name no service:
 * a note written on the whole timeline is about the incident, whichever service it hit.
 */
export function selectEvents(events: readonly TimelineEvent[], sel: EventSelection): TimelineEvent[] {
  const words = sel.filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const kept = events.filter(
    (e) => (sel.service === null || e.service === sel.service || (e.kind === 'note' && e.service === '')) && words.every((w) => haystack(e).includes(w)),
  );
  return sortEvents(kept).reverse();
}

/** Whether `at` is far enough from `seenFrom` (20 hours or more) that its time alone could be read as another day's. */
export function isLongTime(at: number, seenFrom: number): boolean {
  return Math.abs(seenFrom - at) >= 20 * 3_600_000;
}

/**
 * The UTC time of an instant as the banner and the timeline write it: `03:12:05Z`, with the date
 * when not within a day of `seenFrom` (the instant the reader stands at: the live clock, or in
 * the past the instant shown).
 */
export function utcTime(at: number, seenFrom: number): string {
  const iso = new Date(at).toISOString();
  const time = `${iso.slice(11, 19)}Z`;
  return isLongTime(at, seenFrom) ? `${iso.slice(0, 10)} ${time}` : time;
}
