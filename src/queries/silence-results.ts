/**
 * What the ack, unack and ack-extension mutations report per source, and the small helpers they
 * share: the overall status, the failure that carries the per-source results through query-core's
 * retryer, and a recorder call that can never fail the action it records.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {ActionLogEntry, ActionRecorder} from '../domain/action-log.ts';
import type {Matcher} from '../domain/alert.ts';
import {SilenceNotFound, SilenceRefused, SourceFailure, type SourceErrorKind} from '../sources/capabilities.ts';
import {describeFailure} from './source-outcome.ts';

/** The result of one silence operation on one source (one alert's silence on one Alertmanager). */
export interface SilenceResult {
  /** The alert the silence is for (ack: the draft's alert; unack by alert: that alert). */
  fingerprint?: string;
  source: string;
  ok: boolean;
  /** The id the source returned (ack) or the id acted on (unack). */
  silenceId?: string;
  error?: string;
  /** The failure class; `other` for an unexpected error. */
  errorKind?: SourceErrorKind | 'other';
  /** True when retrying can help: the source was unavailable or timed out. */
  retryable: boolean;
  /** How many times this source was tried for this silence, in this execution. */
  attempts: number;
  /**
   * Not ok, yet the silence may exist: a request that failed after it was sent, whose silence
   * could not be looked for since (the silences could not be read back). Neither ok nor failed.
   */
  unknown?: boolean;
  /**
   * The Alertmanager itself refused the write (its own 4xx, {@link SilenceRefused}): every peer of
   * its cluster would refuse it too, so no other peer is asked.
   */
  refused?: boolean;
  /** E.g. `already gone` (unack of an unknown id), `found in place: …` (ack whose answer was lost). */
  note?: string;
  /** Set on the result of acknowledging a paging incident (not a silence): `PD #1234`. */
  incident?: string;
}

/**
 * The note of an incident acknowledge that found the incident resolved before sending: nothing
 * was sent, since PagerDuty reopens a resolved incident it is asked to acknowledge. Settled (no
 * retry), and said as what happened, never as "acked".
 */
export const INCIDENT_RESOLVED_NOTE = 'resolved meanwhile, nothing to acknowledge';
/** The note of an incident acknowledge that found the incident acknowledged already (by a colleague, or an earlier try): nothing sent. */
export const INCIDENT_ALREADY_ACKED_NOTE = 'already acknowledged';

/** True for an ok result that changed nothing: its incident was resolved meanwhile. */
export function nothingToAck(r: SilenceResult): boolean {
  return r.ok && r.incident !== undefined && r.note === INCIDENT_RESOLVED_NOTE;
}

/** Overall status: every source ok, some, or none; `unknown` when a source may or may not hold it. */
export type SilenceStatus = 'ok' | 'partial' | 'failed' | 'unknown';

/** The outcome of an ack or unack: the status and every per-source result. */
export interface SilenceOutcome {
  status: SilenceStatus;
  results: SilenceResult[];
  /**
   * An unack kept to one author: the other users' ack silences it found active on the alerts and
   * left alone (they still silence them), so the caller can say so instead of implying the alert
   * is now unacked.
   */
  left?: LeftAck[];
}

/** Another user's ack silence an unack left in place. */
export interface LeftAck {
  silenceId: string;
  /** Who made it (from the backend: sanitize before drawing). */
  by: string;
  /** Epoch ms when it ends. */
  endsAt: number;
  source: string;
  /**
   * Every alert of the unack it silences, each once: one silence (a group's ack) may cover
   * several, and what it still holds is counted by alert, not by silence.
   */
  fingerprints: string[];
}

/** The progress of one execution, kept in the mutation variables so a retry skips what is done. */
export interface SilenceProgress {
  /** Executions of the mutation function so far (1 = first try). */
  attempt: number;
  /** Epoch ms of the first try; a silence created after it with our draft is ours. */
  firstAttemptAt: number | null;
  /** By `fingerprint|group` (ack) or `group|silenceId` (unack); a group is a source or a cluster. */
  results: Record<string, SilenceResult>;
  /** Set while waiting to retry: ends the wait now (the user pressed `a`). */
  wake?: () => void;
  /** Set by a retry the user asked for: the next try goes at once, without the backoff. */
  now?: boolean;
  /**
   * Set while a try is sending (settles when every request of the try has its answer): a newer
   * ack of the same alerts waits for it, since what it sends may still land.
   */
  trying?: Promise<unknown>;
  /** Set when the dashboard closes: no further try goes, the next wait ends at once ({@link SilenceFailure}). */
  closing?: boolean;
  /**
   * Set on an ack when a newer unack of any alert it covers starts: no further try goes, since
   * a retry would silence again an alert the user just unacked.
   */
  unacked?: boolean;
}

/** A fresh, empty progress record. */
export function newProgress(): SilenceProgress {
  return {attempt: 0, firstAttemptAt: null, results: {}};
}

/**
 * `ok` when all results are ok (or there are none); `unknown` when one may or may not have
 * landed (whatever the others did, the whole cannot be told); else `failed` when none is ok,
 * `partial` when some are.
 */
export function statusOf(results: readonly SilenceResult[]): SilenceStatus {
  const ok = results.filter((r) => r.ok).length;
  if (ok === results.length) return 'ok';
  if (results.some((r) => !r.ok && r.unknown)) return 'unknown';
  return ok === 0 ? 'failed' : 'partial';
}

/**
 * Thrown by the mutation function when some source failed, so query-core retries (when
 * `retryable`) and, once it gives up, keeps the per-source results as the mutation's error.
 */
export class SilenceFailure extends Error {
  /** @param outcome every result so far, successes included */
  constructor(readonly outcome: SilenceOutcome) {
    const failed = outcome.results.filter((r) => !r.ok);
    super(failed.map((r) => `${r.source}: ${r.error ?? 'failed'}`).join('; ') || 'failed');
    this.name = 'SilenceFailure';
  }

  /** True when at least one failed source may succeed on a retry. */
  get retryable(): boolean {
    return this.outcome.results.some((r) => !r.ok && r.retryable);
  }
}

/**
 * A failure result for `error`; unavailable and timeout are retryable, everything else is not.
 * The Alertmanager's own refusal of the write is marked `refused`.
 */
export function failedResult(base: Omit<SilenceResult, 'ok' | 'retryable' | 'error' | 'errorKind'>, error: unknown): SilenceResult {
  const kind = error instanceof SourceFailure ? error.kind : 'other';
  return {...base, ok: false, error: describeFailure(error), errorKind: kind, retryable: kind === 'unavailable' || kind === 'timeout', ...(error instanceof SilenceRefused ? {refused: true} : {})};
}

/** The query-core `retry` function: at most `max` retries, and only for retryable failures. */
export function retryWhile(max: number): (failureCount: number, error: unknown) => boolean {
  return (failureCount, error) => failureCount < max && error instanceof SilenceFailure && error.retryable;
}

/** Records an entry; a recorder that throws or rejects never fails the action it records. */
export async function recordSafely(record: ActionRecorder, entry: ActionLogEntry): Promise<void> {
  try {
    await record(entry);
  } catch {
    // The platform log reports its own problems; an injected recorder's failure is not ours to raise.
  }
}

/** A silence's matchers as a target record (`{alertname: 'X', service: 'api'}`), `!=`/`=~` spelled out. */
export function matcherTarget(matchers: readonly Matcher[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of matchers) {
    const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '' : '!=';
    out[m.name] = op === '' ? m.value : `${op}${m.value}`;
  }
  return out;
}

/** True for a refusal that means the silence no longer exists: the Alertmanager's own "unknown id". */
export function isGone(error: unknown): boolean {
  // Only the adapter can tell the Alertmanager's own answer (0.25's 500 "silence not found",
  // a later one's bare 404) from a proxy's 404 page, which says nothing of the silence; queries
  // never see status codes or bodies. No word match here: a message saying "not found" (a DNS
  // "host not found", a proxy's "404 Not Found") is not the silence's absence. A silence that
  // is expired but not yet garbage-collected needs no case: its expiry is answered with a 200.
  return error instanceof SilenceNotFound;
}

/** The alerts an ack's or unack's variables are about. */
export function fingerprintsOf(variables: unknown): string[] {
  const v = variables as {drafts?: Array<{covers: Array<{fingerprint: string}>}>; alerts?: Array<{fingerprint: string}>} | undefined;
  return [...(v?.drafts ?? []).flatMap((d) => d.covers.map((a) => a.fingerprint)), ...(v?.alerts ?? []).map((a) => a.fingerprint)];
}

/** The acks and unacks of `context` (every context's when null) in the MutationCache, in flight or settled. */
export function silenceMutations(client: QueryClient, context: string | null) {
  return client.getMutationCache().getAll().filter((m) => (m.options.mutationKey?.[0] === 'ack' || m.options.mutationKey?.[0] === 'unack') && (context === null || m.options.mutationKey?.[1] === context));
}

/**
 * Whether an ack's or unack's variables name the silence `id`: an unack by id, or an alert (one
 * unacked, or one an ack covers) whose current ack, whole or partial, is that silence. A silence
 * id is its Alertmanager cluster's own, so this holds across contexts that read one cluster.
 */
export function mentionsSilence(variables: unknown, id: string): boolean {
  type Acked = {ack?: {silenceId?: string} | null; partialAck?: {silenceId?: string} | null};
  const v = variables as {silenceIds?: string[]; alerts?: Acked[]; drafts?: Array<{covers: Acked[]}>} | undefined;
  const alerts = [...(v?.alerts ?? []), ...(v?.drafts ?? []).flatMap((d) => d.covers)];
  return (v?.silenceIds ?? []).includes(id) || alerts.some((a) => a.ack?.silenceId === id || a.partialAck?.silenceId === id);
}

/** How long a successful ack or unack stays in the cache; by then the alert itself shows it. */
export const DONE_KEPT_MS = 10 * 60_000;

/**
 * Drops settled ack/unack mutations that no longer tell the user anything: those whose every
 * alert has a newer ack or unack (the newest action on an alert is the one its state shows), and
 * successes older than {@link DONE_KEPT_MS}. Failures stay until retried or superseded, so the
 * cache stays small over a long shift without ever losing a failed ack.
 */
export function pruneSuperseded(client: QueryClient, context: string, now: number): void {
  const cache = client.getMutationCache();
  const mine = silenceMutations(client, context);
  const newest = new Map<string, number>();
  for (const m of mine) for (const fp of fingerprintsOf(m.state.variables)) newest.set(fp, Math.max(newest.get(fp) ?? 0, m.mutationId));
  for (const m of mine) {
    if (m.state.status === 'pending' || m.state.status === 'idle') continue;
    const fps = fingerprintsOf(m.state.variables);
    const superseded = fps.length > 0 && fps.every((fp) => (newest.get(fp) ?? 0) > m.mutationId);
    const stale = m.state.status === 'success' && now - m.state.submittedAt > DONE_KEPT_MS;
    if (superseded || stale) cache.remove(m);
  }
}
