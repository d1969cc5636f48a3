/**
 * The incidents opened in a `since`–`until` range, read within PagerDuty's bound on that range:
 * its API refuses a range longer than 6 months (a 400), and a quarterly or half-year timeline or
 * handover asks for longer. The range is read as consecutive windows, oldest first, merged by
 * incident id, sharing one list's cut.
 */
import {MAX_LIST_ITEMS, type PagerdutyClient} from './pagerduty-client.ts';
import type {Params} from '../http/http-client.ts';

const DAY_MS = 86_400_000;
/**
 * The longest `since`–`until` one request asks for. The contract says "Maximum range is 6
 * months"; the shortest 6 months (September 1 to March 1) are 181 days, so 180 days is within
 * it whatever months a window spans.
 */
export const MAX_RANGE_MS = 180 * DAY_MS;

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
 * two (opened at their shared edge) is kept once, and `cut` says more were opened in the range
 * than the list holds.
 */
export async function listOpenedBetween(client: PagerdutyClient, from: number, to: number, query: Params): Promise<{items: unknown[]; cut: boolean}> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  for (const [since, until] of rangeWindows(from, to)) {
    // Read until the range holds more than one list does (counted without the incidents an
    // earlier window listed): that one more proves the cut.
    const enough = (got: readonly unknown[]) => items.length + fresh(got, seen).length > MAX_LIST_ITEMS;
    const read = await client.list('/incidents', {since: new Date(since).toISOString(), until: new Date(until).toISOString(), ...query}, 'incidents', enough);
    for (const item of fresh(read.items, seen)) {
      const id = idOf(item);
      if (id !== null) seen.add(id);
      items.push(item);
    }
    if (read.cut || items.length > MAX_LIST_ITEMS) return {items: items.slice(0, MAX_LIST_ITEMS), cut: true};
  }
  return {items, cut: false};
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
