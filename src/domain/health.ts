/**
 * Per-source health shown in the header and in `status --json`. Health is a fact about answers:
 * a source is ok only after it answered, failed as soon as one attempt failed (while retries go
 * on), and stale once its last good data is older than two poll intervals.
 */

/**
 * The kind of backend a source talks to, as `status --json` names it: `prometheus`,
 * `alertmanager`, `deploys`, `rollback`, `demo`, or the `kind:` of an `alertSources:` entry
 * (`pagerduty`, `grafana` …). Alert-source kinds are data (`sources/alert-source-kinds.ts`), so the
 * domain carries the name without listing them: it only ever shows it.
 */
export type SourceKind = string;

/** What the latest finished attempt to read a source said: `none` while the first is pending. */
export type AttemptResult = 'none' | 'ok' | 'failed';

/**
 * The state shown for a source: `pending` (`…`) until its first answer, `ok` (`✔`) after a good
 * answer, `error` (`✖` with the reason) from the first failed attempt until one succeeds, `stale`
 * when the last good data is older than two poll intervals though no attempt failed (a hang).
 */
export type HealthState = 'pending' | 'ok' | 'stale' | 'error';

/** Health of one source. */
export interface SourceHealth {
  name: string;
  kind: SourceKind;
  /** The latest finished attempt. */
  last: AttemptResult;
  /** Why the latest attempt failed, when it did. */
  error: string | null;
  /** Epoch ms of the last successful fetch; `null` = never. */
  updatedAt: number | null;
  /** Warnings from the backend (e.g. partial responses) that did not make the fetch fail. */
  warnings: string[];
  /**
   * The warnings that say the latest answer was read in part (a partial response: a store or
   * tenant behind the API did not answer), each also in `warnings`; absent or empty: none. What
   * was read in part cannot say "all clear", so `status` exits 3 on it (status-document.ts).
   */
  partial?: string[];
  /**
   * Of a deploy history's warnings, those its provider says may hide a deploy (an entry skipped,
   * a page of the newest not read), each also in `warnings`: a rollback planned from the answer
   * may go from a deploy that no longer runs. Absent or empty: none.
   */
  hiding?: string[];
  /**
   * Epoch ms the answer reaches back to, when that is later than what was asked for (a history
   * read to its page limit): what came before it was not read. Also said among `partial`.
   */
  readSince?: number;
  /** A failed source is being asked again without a key press (query retries or polling). */
  retrying: boolean;
  /** Epoch ms after which the data counts as stale (two poll intervals); `null` = never (one-shot). */
  staleAt: number | null;
  /**
   * Epoch ms since when the source has been asked (the dashboard or context opened), so one that
   * never answered can say for how long it has been tried; absent or `null` = unknown (one-shot).
   */
  askedSince?: number | null;
  /**
   * Why the source is not read at all here (`not in the past`): listed so its absence is said,
   * never counted as ok, failed or pending. Absent: the source is read.
   */
  unread?: string;
}

/** The state of `h` at `now`. */
export function healthState(h: SourceHealth, now: number): HealthState {
  if (h.last === 'failed') return 'error';
  if (h.last === 'none' || h.updatedAt === null) return 'pending';
  return h.staleAt !== null && now > h.staleAt ? 'stale' : 'ok';
}

/**
 * How long a source that never gave good data has been asked, in ms; `null` when it has data
 * (its age is {@link dataAge}) or when the start of asking is unknown.
 */
export function tryingFor(h: Pick<SourceHealth, 'updatedAt' | 'askedSince'>, now: number): number | null {
  return h.updatedAt !== null || h.askedSince === undefined || h.askedSince === null ? null : Math.max(0, now - h.askedSince);
}

/** Age in ms of the last good data, `null` when there was none. */
export function dataAge(h: Pick<SourceHealth, 'updatedAt'>, now: number): number | null {
  return h.updatedAt === null ? null : Math.max(0, now - h.updatedAt);
}

const KINDS = new Set(['unavailable', 'auth', 'bad-response', 'timeout']);

/**
 * The failure kind that leads a failure text (`unavailable: GET …: connection refused` →
 * `unavailable`), for the header, where the whole message does not fit; the pane shows it whole.
 */
export function shortReason(error: string): string {
  const head = error.split(':', 1)[0]!.trim();
  return KINDS.has(head) ? head : 'error';
}

const RANK: Record<AttemptResult, number> = {ok: 0, none: 1, failed: 2};

function minOf(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((t): t is number => t !== null);
  return known.length > 0 ? Math.min(...known) : null;
}

// Present only when there is one, so an entry read whole looks as it did before the field.
const partialOf = (list: string[]): {partial?: string[]} => (list.length > 0 ? {partial: [...new Set(list)]} : {});
const hidingOf = (list: string[]): {hiding?: string[]} => (list.length > 0 ? {hiding: [...new Set(list)]} : {});

/**
 * Merges entries of the same source (one Prometheus answers both SLO queries and pending alerts):
 * ok only if every use answered, failed if any use failed, the oldest successful fetch as its age,
 * stale as soon as one use is, errors and warnings joined. A use that never had good data makes
 * the whole entry "no data yet": the age of another use's answer would read as data it lacks.
 */
export function mergeSourceHealth(list: readonly SourceHealth[]): SourceHealth[] {
  const byName = new Map<string, SourceHealth>();
  for (const h of list) {
    const prev = byName.get(h.name);
    if (!prev) {
      byName.set(h.name, {...h, warnings: [...h.warnings]});
      continue;
    }
    byName.set(h.name, {
      name: h.name,
      kind: prev.kind,
      last: RANK[h.last] > RANK[prev.last] ? h.last : prev.last,
      error: [...new Set([prev.error, h.error].filter(Boolean))].join('; ') || null,
      updatedAt: prev.updatedAt === null || h.updatedAt === null ? null : Math.min(prev.updatedAt, h.updatedAt),
      warnings: [...new Set([...prev.warnings, ...h.warnings])],
      ...partialOf([...(prev.partial ?? []), ...(h.partial ?? [])]),
      ...hidingOf([...(prev.hiding ?? []), ...(h.hiding ?? [])]),
      // The latest of the two: before it, one of them was not read.
      ...(prev.readSince === undefined && h.readSince === undefined ? {} : {readSince: Math.max(prev.readSince ?? -Infinity, h.readSince ?? -Infinity)}),
      retrying: prev.retrying || h.retrying,
      staleAt: minOf([prev.staleAt, h.staleAt]),
      askedSince: minOf([prev.askedSince ?? null, h.askedSince ?? null]),
    });
  }
  return [...byName.values()];
}
