/** Per-source outcomes of one fetch, so a pane can show partial data with the failing source named. */
import type {SourceHealth, SourceKind} from '../domain/health.ts';
import {SourceFailure} from '../sources/capabilities.ts';

/** The outcome of asking one source during one fetch. */
export interface SourceOutcome {
  name: string;
  kind: SourceKind;
  ok: boolean;
  error: string | null;
  warnings: string[];
  /** The warnings that say the answer was read in part (see `Sourced.partial`); absent: none. */
  partial?: string[];
  /** Of a deploy history's warnings, those that may hide a deploy (see `DeployGaps`); absent: none. */
  hiding?: string[];
  /** When the answer reaches back only to here (see `SourceHealth.readSince`); absent: as far as asked. */
  readSince?: number;
  /**
   * Alerts read, silences not (why, e.g. `auth: HTTP 403 …`): the acks it holds are unknown, and
   * nothing may act on its silences. Also said among `partial`.
   */
  silencesUnread?: string;
  /** Epoch ms of this source's last good answer, when the query keeps it per source (alerts). */
  updatedAt?: number | null;
}

/** How a long-running dashboard asks a source again: retrying, and when its data turns stale. */
export interface Liveness {
  /** A failed source will be asked again without a key press. */
  retrying: boolean;
  /** Data older than this is stale (two poll intervals); `null` = never (one-shot commands). */
  staleAfterMs: number | null;
  /** Epoch ms since when the source has been asked (the dashboard or context opened); absent: unknown. */
  askedSince?: number | null;
}

/** One-shot commands ask once: nothing is retried afterwards and nothing turns stale. */
export const ONE_SHOT: Liveness = {retrying: false, staleAfterMs: null};

/** Turns a thrown value into a message fit for a pane: the failure kind plus its text, no stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof SourceFailure) return `${error.kind}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Builds a SourceHealth from an outcome of the latest attempt and the time of the last successful fetch. */
export function toHealth(outcome: SourceOutcome, updatedAt: number | null, live: Liveness = ONE_SHOT): SourceHealth {
  return {
    name: outcome.name,
    kind: outcome.kind,
    last: outcome.ok ? 'ok' : 'failed',
    error: outcome.error,
    updatedAt,
    warnings: outcome.warnings,
    ...(outcome.partial && outcome.partial.length > 0 ? {partial: outcome.partial} : {}),
    ...(outcome.hiding && outcome.hiding.length > 0 ? {hiding: outcome.hiding} : {}),
    ...(outcome.readSince === undefined ? {} : {readSince: outcome.readSince}),
    retrying: !outcome.ok && live.retrying,
    staleAt: updatedAt !== null && live.staleAfterMs !== null ? updatedAt + live.staleAfterMs : null,
    askedSince: live.askedSince ?? null,
  };
}

/**
 * The health of each source of one read (a one-shot command's): one that answered has data from
 * `at`, one that failed has none. `status --json` and `alerts --json` take their sources' state
 * from it, so the two documents agree.
 */
export function readHealth(outcomes: readonly SourceOutcome[], at: number | null): SourceHealth[] {
  return outcomes.map((o) => toHealth(o, o.ok ? at : null));
}

/** A source whose latest attempt failed with `error` (thrown by the query), its last good data from `updatedAt`. */
export function failedHealth(source: {name: string; kind: SourceKind}, error: unknown, updatedAt: number | null, live: Liveness = ONE_SHOT): SourceHealth {
  return toHealth({name: source.name, kind: source.kind, ok: false, error: describeFailure(error), warnings: []}, updatedAt, live);
}

/** A source that has not answered yet and not failed yet: `…`, never `✔`; `askedSince` says since when it is asked. */
export function pendingHealth(source: {name: string; kind: SourceKind}, askedSince: number | null = null): SourceHealth {
  return {name: source.name, kind: source.kind, last: 'none', error: null, updatedAt: null, warnings: [], retrying: false, staleAt: null, askedSince};
}

/** Thrown when every source of a query failed; carries each source's outcome for the header. */
export class AllSourcesFailed extends Error {
  /** @param outcomes what each source answered */
  constructor(readonly outcomes: SourceOutcome[]) {
    super(outcomes.map((o) => `${o.name}: ${o.error ?? 'failed'}`).join('; '));
    this.name = 'AllSourcesFailed';
  }
}

/** A source not read at all here, and why (see `SourceHealth.unread`): neither ok nor failed nor pending. */
export function unreadHealth(source: {name: string; kind: SourceKind; reason: string}): SourceHealth {
  return {name: source.name, kind: source.kind, last: 'none', error: null, updatedAt: null, warnings: [], retrying: false, staleAt: null, unread: source.reason};
}
