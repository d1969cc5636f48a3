/**
 * The `oncall status --json` document: one JSON object a script can read, built from the same
 * domain data the dashboard shows. Field meanings are documented in README ("status --json").
 */
import {NO_END, type Alert} from './alert.ts';
import {findSuspects, incidentSignals} from './correlation.ts';
import type {Deploy} from './deploy.ts';
import {EXIT_ATTENTION, EXIT_OK, EXIT_SOURCE_FAILED, type ExitCode} from './exit-codes.ts';
import {dataAge, healthState, type HealthState, type SourceHealth} from './health.ts';
import type {LoggedKeep} from './kept-log.ts';
import {runbookOf} from './runbook.ts';
import {sanitize} from './sanitize.ts';
import type {BurnWindow, SloReport} from './slo.ts';

// A past alert's link from today's rule is said apart: it is not the alert's own (rule-runbook.ts).
function runbookFields(a: Alert, template: string | undefined): {runbookUrl: string | null; runbookFrom?: 'current-rule'} {
  const runbook = runbookOf(a, template);
  return runbook?.from === 'current-rule' ? {runbookUrl: runbook.url, runbookFrom: 'current-rule'} : {runbookUrl: runbook?.url ?? null};
}

/** Inputs of {@link buildStatusDocument}: whatever each source answered (empty when it failed). */
export interface StatusInputs {
  context: string;
  now: number;
  sources: SourceHealth[];
  slos: SloReport[];
  alerts: Alert[];
  deploys: Deploy[];
  /** How long before a burn or an alert a deploy of the same service counts as suspect. */
  suspectWindowMs: number;
  runbookTemplate?: string;
  /** The environment this context watches (its production, say); deploys elsewhere are never suspect. */
  environment?: string;
  /** Names of the sources the alerts are read from in this context (a Prometheus without an Alertmanager is one). */
  alertSources?: readonly string[];
  /** The SLOs were read in part (their answer came with partial-response warnings). */
  slosReadInPart?: boolean;
  /** The SLO files of the context that could not be loaded: their SLOs are not in `slos`. */
  sloFileErrors?: ReadonlyArray<{file: string; error: string}>;
}

/**
 * The state of a source in the status document: the dashboard's {@link HealthState}, or
 * `not-in-past` for an alert source that `status --at` does not read (the past's alerts come
 * from Prometheus' `ALERTS` alone): neither ok nor failed, listed so that its absence is said.
 */
export type DocumentSourceState = HealthState | 'not-in-past';

/** The JSON document printed by `status --json`. */
export interface StatusDocument {
  context: string;
  generatedAt: string;
  sources: Array<{
    name: string;
    kind: string;
    /**
     * `pending`, `ok`, `stale` or `error` (see `domain/health.ts`), or `not-in-past` (not read at
     * the instant of `status --at`); `ok` is true only for `ok`.
     */
    state: DocumentSourceState;
    ok: boolean;
    error: string | null;
    ageSeconds: number | null;
    /** A failed source is asked again without anyone doing anything (false in one-shot commands). */
    retrying: boolean;
    warnings: string[];
    /** Its answer came with partial-response warnings (in `warnings`): read in part, it may lack series. */
    partial: boolean;
    /** The answer reaches back only to here (ISO; a history read to its page limit): before it, nothing was read. */
    readSince?: string;
    /** The context's alerts are read from it: when it fails, they are not all counted. */
    alerts: boolean;
  }>;
  slos: Array<{
    name: string;
    service: string;
    source: string;
    objective: number;
    window: string;
    sli: number | null;
    errorBudgetRemaining: number | null;
    /** The seven Workbook windows, then any window the SLO's burn table adds (Pyrra's `4d`). */
    burnRates: Record<BurnWindow, number | null> & Partial<Record<string, number | null>>;
    /** `page`, `ticket`, `ok`, `no-data` (answered, nothing there) or `unknown` (not measured: see `error`). */
    status: string;
    trippedBy: string | null;
    exhaustsInSeconds: number | null;
    /** Why this SLO could not be measured (its query refused, or the source failed); null otherwise. */
    error: string | null;
    /** Computed from an answer read in part (a partial response): the series left out may be the errors. */
    partial: boolean;
    /**
     * The windows that could not be read (their request failed, or refused this SLO's query):
     * judged on the others, so the SLO is read only in part. Empty when every window was read.
     */
    unread: string[];
    /**
     * `unknown` because a page pair cannot be decided (its long window burns past the factor while
     * its short one has no series, or could not be read): it may be paging, and ranks with the
     * pages. False otherwise.
     */
    mayPage: boolean;
  }>;
  alerts: Array<{
    fingerprint: string;
    name: string;
    severity: string;
    state: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    /** ISO 8601; null when the source sent no readable start time. */
    startsAt: string | null;
    runbookUrl: string | null;
    /** Present on an alert of the past whose link is today's rule's, not the alert's own. */
    runbookFrom?: 'current-rule';
    /** `until` is null for an ack with no end of its own (an incident acknowledged in PagerDuty). */
    ack: {by: string; until: string | null; silenceId: string} | null;
    /** An ack some Alertmanagers reporting the alert lack: not acked (`ack` is null), they still notify. */
    partialAck?: {by: string; until: string; silenceId: string; missing: string[]} | null;
    /** Alertmanagers reporting it silenced whose silences could not be read: acked or not is unknown there. */
    ackUnknown?: string[];
    /**
     * Every ack silence of the alert when it is more than `ack`'s (unclustered Alertmanagers
     * each hold the ack under an id of their own): `kept` speaks of all of them.
     */
    ackSilenceIds?: string[];
    /** What ack-until-resolved last did to the ack, from the action log; absent when it has nothing of it. */
    kept?: LoggedKeep;
  }>;
  deploys: Array<{
    id: string;
    service: string;
    version: string;
    environment: string;
    status: string;
    /** Set when it completed but runs unhealthy (`degraded`, `missing`): still the live deploy. */
    health?: string;
    startedAt: string;
    /** When it finished, where the history says (a deploy finished inside the window is suspect); absent otherwise. */
    finishedAt?: string;
    author: string;
    url: string | null;
    /** Set when the deploy is itself a rollback: the id (else the version) of the deploy it replaced. */
    rollbackOf?: string;
    suspect: boolean;
  }>;
  /** SLO files that could not be loaded (file and why, sanitized): their SLOs are missing from `slos`. */
  sloFileErrors: Array<{file: string; error: string}>;
}

const iso = (ms: number) => new Date(ms).toISOString();

// JSON has no infinity and JSON.stringify writes it as null, which this document reserves for "no
// data". An infinite burn (any error against a 100 % objective) is written as the largest double
// instead: it compares above every factor, as the verdict did.
const jsonNumber = (x: number | null): number | null => (x === Infinity ? Number.MAX_VALUE : x === -Infinity ? -Number.MAX_VALUE : x);
const jsonRates = <K extends string>(rates: Record<K, number | null>): Record<K, number | null> =>
  Object.fromEntries(Object.entries<number | null>(rates).map(([w, r]) => [w, jsonNumber(r)])) as Record<K, number | null>;

/**
 * One source entry of the status document: its state at `now`, `ok` only for `state: ok`, the
 * age of its data; `alerts` says whether the context's alerts are read from it.
 */
export function statusSource(s: SourceHealth, now: number, alerts: boolean): StatusDocument['sources'][number] {
  // A source not read here was never asked: its attempt state (`none`) would read as pending.
  const state: DocumentSourceState = s.unread !== undefined ? 'not-in-past' : healthState(s, now);
  const age = dataAge(s, now);
  return {
    name: s.name,
    kind: s.kind,
    state,
    ok: state === 'ok',
    error: s.error,
    ageSeconds: age === null ? null : Math.round(age / 1000),
    retrying: s.retrying,
    warnings: s.warnings,
    partial: (s.partial?.length ?? 0) > 0,
    ...(s.readSince === undefined ? {} : {readSince: iso(s.readSince)}),
    alerts,
  };
}

/** Builds the status document. Pure: `now` decides ages and the timestamp. */
export function buildStatusDocument(inputs: StatusInputs): StatusDocument {
  const {now} = inputs;
  const suspects = findSuspects(inputs.deploys, incidentSignals(inputs.slos, inputs.alerts, now, inputs.environment), inputs.suspectWindowMs);
  const alertSources = new Set(inputs.alertSources ?? []);
  // Every SLO is read in one answer of its source: a partial one may leave any of them short.
  const sloPartial = inputs.slosReadInPart === true;
  return {
    context: inputs.context,
    generatedAt: iso(now),
    sources: inputs.sources.map((s) => statusSource(s, now, alertSources.has(s.name))),
    slos: inputs.slos.map((r) => ({
      name: r.definition.name,
      service: r.definition.service,
      source: r.definition.source,
      objective: r.definition.objective,
      window: r.definition.window,
      sli: r.sli,
      errorBudgetRemaining: jsonNumber(r.errorBudgetRemaining),
      burnRates: jsonRates({...r.burnRates, ...r.extraBurnRates}),
      status: r.status,
      trippedBy: r.trippedBy,
      exhaustsInSeconds: r.exhaustsInSeconds,
      error: r.error ?? null,
      // Not measured at all (`error`) is said by `unknown`; a number read in part is this.
      partial: sloPartial && r.error === undefined,
      unread: [...(r.unread ?? [])],
      mayPage: r.mayPage === true,
    })),
    alerts: inputs.alerts.map((a) => ({
      fingerprint: a.fingerprint,
      name: a.name,
      severity: a.severity,
      state: a.state,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt === null ? null : iso(a.startsAt),
      ...runbookFields(a, inputs.runbookTemplate),
      // An incident's ack has no end of its own: null, as `alerts --json` writes it, not the year 275760.
      ack: a.ack ? {by: a.ack.by, until: a.ack.until >= NO_END ? null : iso(a.ack.until), silenceId: a.ack.silenceId} : null,
      partialAck: a.partialAck ? {by: a.partialAck.by, until: iso(a.partialAck.until), silenceId: a.partialAck.silenceId, missing: a.partialAck.missing} : null,
      ...(a.ackUnknown && a.ackUnknown.length > 0 ? {ackUnknown: a.ackUnknown} : {}),
      ...(a.ack && a.ackSilenceIds && a.ackSilenceIds.some((id) => id !== a.ack!.silenceId) ? {ackSilenceIds: a.ackSilenceIds} : {}),
    })),
    deploys: inputs.deploys.map((d) => ({
      id: d.id,
      service: d.service,
      version: d.version,
      environment: d.environment,
      status: d.status,
      ...(d.health === undefined ? {} : {health: d.health}),
      startedAt: iso(d.startedAt),
      ...(d.finishedAt === undefined ? {} : {finishedAt: iso(d.finishedAt)}),
      author: d.author,
      url: d.url,
      ...(d.rollbackOf === undefined ? {} : {rollbackOf: d.rollbackOf}),
      suspect: suspects.has(d.id),
    })),
    sloFileErrors: (inputs.sloFileErrors ?? []).map((e) => ({file: sanitize(e.file), error: sanitize(e.error)})),
  };
}

/**
 * Exit code of `oncall status`: 1 when an SLO pages or a critical alert fires unacked (so a
 * script can page on it, even when another source failed: what was read already pages), else 3
 * when something could not be read, or only in part: a source failed or answered in part (a
 * partial response), an SLO's query was refused or some of its windows were not read, an SLO
 * file could not be loaded, an alert source was not read at all (`not-in-past`: its incidents and
 * alerts of then are not counted) (nothing
 * found paging is then not "all clear"), else 0. Usage and config errors (2) are decided in the CLI.
 */
export function statusExitCode(doc: Pick<StatusDocument, 'sources' | 'slos' | 'alerts'> & Partial<Pick<StatusDocument, 'sloFileErrors'>>): ExitCode {
  const paging = doc.slos.some((s) => s.status === 'page');
  const critical = doc.alerts.some((a) => a.severity === 'critical' && a.state === 'firing' && a.ack === null);
  if (paging || critical) return EXIT_ATTENTION;
  // An SLO whose own query was refused could not be read either: it may be burning unseen; so
  // may one its file did not load, or one whose numbers lack the series of a store that was down.
  // So may one judged without some of its windows (a ticket read while the period's request failed).
  // An alert source not read in the past (`not-in-past`, never `ok`) may have held an incident
  // then that nothing else counted: "0 firing" from the others is not "all clear" either.
  const unread =
    doc.sources.some((s) => !s.ok || s.partial) || doc.slos.some((s) => s.error !== null || s.partial || s.unread.length > 0) || (doc.sloFileErrors?.length ?? 0) > 0;
  return unread ? EXIT_SOURCE_FAILED : EXIT_OK;
}
