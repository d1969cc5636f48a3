/**
 * The incidents opened in a `since`–`until` range, read within PagerDuty's bound on that range:
 * its API refuses a range longer than 6 months (a 400), and a quarterly or half-year timeline or
 * handover asks for longer. The range is read as consecutive windows, oldest first, merged by
 * incident id, sharing one list's cut; at most its last 720 days.
 */
import {MAX_LIST_ITEMS, type ListCut, type PagerdutyClient} from './pagerduty-client.ts';
import type {Params} from '../http/http-client.ts';

const DAY_MS = 86_400_000;
/**
 * The longest `since`–`until` one request asks for. The contract says "Maximum range is 6
 * months"; the shortest 6 months (September 1 to March 1) are 181 days, so 180 days is within
 * it whatever months a window spans.
 */
export const MAX_RANGE_MS = 180 * DAY_MS;
/**
 * The windows one range is read in at most, the newest: 720 days, about two years back from the
 * range's end. Each window is at least one request, one after the other, sharing the token's
 * rate limit with the dashboard's polls, and a 429 on any fails the whole read: `--from
 * 1970-01-01` was 116 of them. The older part of a range is said as not read (a gap).
 */
export const MAX_WINDOWS = 4;
/** The longest span of a range read: {@link MAX_WINDOWS} windows. */
export const MAX_READ_MS = MAX_WINDOWS * MAX_RANGE_MS;

/** Where the read of `[from, to]` starts: `from`, or {@link MAX_READ_MS} before `to` for a longer range. */
export function boundedFrom(from: number, to: number): number {
  return Math.max(from, to - MAX_READ_MS);
}

/** `[from, to]` as consecutive windows of at most `maxMs`, oldest first; each ends where the next starts. */
export function rangeWindows(from: number, to: number, maxMs = MAX_RANGE_MS): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  for (let start = from; ; start += maxMs) {
    const end = Math.min(start + maxMs, to);
    windows.push([start, end]);
    if (end >= to) return windows;
  }
}

/**
 * Every incident opened in `[from, to]` (`query`: the source's scope), as one list of at most
 * {@link MAX_LIST_ITEMS} items: the windows are read one after the other, an incident listed by
 * two (opened at their shared edge) is kept once. `cut` is `cap` when more were opened in the
 * range than the list holds (the newer windows then go unread), `empty-page` when a window's read
 * stopped at an empty page still saying `more`: the windows after it are still read, so only
 * that window's list may be incomplete. Of a range longer than {@link MAX_READ_MS}, only its last
 * part is read ({@link boundedFrom}): the caller says the rest as not read.
 */
export async function listOpenedBetween(client: PagerdutyClient, from: number, to: number, query: Params): Promise<{items: unknown[]; cut: ListCut}> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let stalled = false;
  for (const [since, until] of rangeWindows(boundedFrom(from, to), to)) {
    // Read until the range holds more than one list does (counted without the incidents an
    // earlier window listed): that one more proves the cut.
    const enough = (got: readonly unknown[]) => items.length + fresh(got, seen).length > MAX_LIST_ITEMS;
    const read = await client.list('/incidents', {since: new Date(since).toISOString(), until: new Date(until).toISOString(), ...query}, 'incidents', enough);
    for (const item of fresh(read.items, seen)) {
      const id = idOf(item);
      if (id !== null) seen.add(id);
      items.push(item);
    }
    if (read.cut === 'cap' || items.length > MAX_LIST_ITEMS) return {items: items.slice(0, MAX_LIST_ITEMS), cut: 'cap'};
    // A window stopped short by an empty page counts nothing toward the cap: the newer windows
    // are read still, rather than left unread and unsaid.
    if (read.cut === 'empty-page') stalled = true;
  }
  return {items, cut: stalled ? 'empty-page' : false};
}

// An item's incident id; null for one without (kept: its decoding says what is wrong with it).
function idOf(item: unknown): string | null {
  const id = (item as {id?: unknown} | null)?.id;
  return typeof id === 'string' ? id : null;
}

// The items of `got` not listed already (by an earlier window, or earlier in `got`).
function fresh(got: readonly unknown[], seen: ReadonlySet<string>): unknown[] {
  const here = new Set<string>();
  return got.filter((item) => {
    const id = idOf(item);
    if (id === null) return true;
    if (seen.has(id) || here.has(id)) return false;
    here.add(id);
    return true;
  });
}
