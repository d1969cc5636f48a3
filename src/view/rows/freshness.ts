/** How current a pane's rows are, from the health of the sources behind it. */
import {dataAge, healthState, shortReason, type SourceHealth} from '../../domain/health.ts';
import {formatAge} from '../../domain/duration.ts';

/**
 * `fresh`: rows as they are. `stale`: the last good data, `ageMs` old (its source failed, or it
 * is older than two polls). `pending`: the first answer is not in yet. `unknown`: its source
 * failed before it ever answered, `reason` says which and how (`prometheus unavailable`).
 */
export type Freshness = {kind: 'fresh'} | {kind: 'stale'; ageMs: number} | {kind: 'pending'} | {kind: 'unknown'; reason: string};

/** Rows as they are. */
export const FRESH: Freshness = {kind: 'fresh'};

/**
 * The freshness of rows fed by `sources`. While any source is ok the rows are fresh (a failed one
 * among several marks only its own rows, see the alert snapshot's `staleSince`).
 */
export function freshnessOf(sources: readonly SourceHealth[], now: number): Freshness {
  const states = sources.map((h) => healthState(h, now));
  if (sources.length === 0 || states.includes('ok')) return FRESH;
  const ages = sources.map((h) => dataAge(h, now)).filter((a): a is number => a !== null);
  if (ages.length > 0) return {kind: 'stale', ageMs: Math.max(...ages)};
  const failed = sources.filter((_, i) => states[i] === 'error');
  if (failed.length === 0) return {kind: 'pending'};
  return {kind: 'unknown', reason: failed.map((h) => `${h.name} ${shortReason(h.error ?? '')}`).join(', ')};
}

/** The text mark of stale rows, e.g. `STALE 2m`: stale data must read as such without colour. */
export function staleMark(ageMs: number): string {
  return `STALE ${formatAge(ageMs)}`;
}

/**
 * What an empty table fed by `sources` says: {@link emptyAsOf} of their freshness, and when some
 * answered while others failed or have not answered yet, it names those: an Alertmanager that
 * timed out beside a Prometheus with no pending alerts is not "no alerts firing".
 */
export function emptyFrom(nothing: string, sources: readonly SourceHealth[], now: number): string {
  const freshness = freshnessOf(sources, now);
  if (freshness.kind !== 'fresh') return emptyAsOf(nothing, freshness);
  const unread = sources.filter((h) => healthState(h, now) !== 'ok');
  if (unread.length === 0) return nothing;
  const why = unread.map((h) => {
    const state = healthState(h, now);
    return `${h.name} ${state === 'pending' ? 'not answered yet' : state === 'stale' ? 'not answering' : shortReason(h.error ?? '')}`;
  });
  return `? ${why.join(', ')}: ${nothing} in the others`;
}

/**
 * What an empty table says (`nothing` is e.g. `no alerts firing`): an empty pane must never look
 * like "all clear" when its source failed or has not answered yet.
 */
export function emptyAsOf(nothing: string, f: Freshness): string {
  switch (f.kind) {
    case 'fresh':
      return nothing;
    case 'stale':
      return `${staleMark(f.ageMs)} · as of the last good answer: ${nothing}`;
    case 'pending':
      return '… loading';
    case 'unknown':
      return `? UNKNOWN (${f.reason}): nothing read yet`;
  }
}
