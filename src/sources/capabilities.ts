/**
 * One small interface per capability (one verb each). An adapter implements the ones its backend
 * has; everything above `sources/` sees only these, never a URL, header or status code.
 */
import type {Alert, Silence, SilenceDraft} from '../domain/alert.ts';
import type {Deploy, RollbackPlan, RollbackRun} from '../domain/deploy.ts';
import type {OpenedIncident} from '../domain/handover-incidents.ts';
import type {SourceKind} from '../domain/health.ts';
import type {Oncall} from '../domain/incident.ts';
import type {PanelSeries} from '../domain/panel-batch.ts';
import type {PanelDefinition} from '../domain/panel.ts';
import type {RatioWindow, SloDefinition, SloMeasurement} from '../domain/slo.ts';
import type {AlertingRule} from '../domain/rule-runbook.ts';
import type {AlertSeries} from '../domain/timeline-alerts.ts';
import type {SloStep} from '../domain/timeline-slo.ts';
import type {ShellArg} from '../domain/shell-command.ts';

/**
 * Reads error ratios for many SLOs over many windows at one instant. A window beyond the
 * Workbook's seven and the period (Pyrra's `4d`) need only be read for the SLOs whose burn table
 * names it (`readsWindow` in `domain/slo-windows.ts`).
 */
export interface SloRatioReader {
  readRatios(slos: SloDefinition[], windows: RatioWindow[], at: number): Promise<Sourced<SloMeasurement[]>>;
}

/** Reads the 1h burn-rate history of one SLO for the sparkline. */
export interface SloHistoryReader {
  readHistory(slo: SloDefinition, from: number, to: number, stepSeconds: number): Promise<Sourced<Array<{at: number; ratio: number | null}>>>;
}

/**
 * Reads the past, for the timeline and time travel: the `ALERTS` series and SLO ratios over a
 * range, on a grid of `stepSeconds` aligned to multiples of the step (`historyGrid`).
 */
export interface HistoryReader {
  /** The rule evaluation interval in seconds: the resolution alert states have. */
  evaluationSeconds(): Promise<number>;
  /**
   * Every alert state series over the range, in one range query. A step coarser than the rule
   * evaluation (`evaluationSeconds`) reads the most of each step, so no alert falls between two;
   * an evaluation not known is passed as 0, so each step is read as its most.
   * `heartbeat`, read beside them where the backend can: the steps at which it held data
   * (scraped anything within the lookback), so a step where it was down is no data rather than
   * every alert resolved; absent when not read. `heartbeatUnread`: why its read failed (the
   * alerts are read all the same, an outage among them untold).
   */
  readAlertHistory(from: number, to: number, stepSeconds: number, evaluationSeconds?: number): Promise<Sourced<AlertSeries[]> & {heartbeat?: number[]; heartbeatUnread?: string}>;
  /**
   * The alert states at one instant. `heartbeat` false: the backend held no data at all then
   * (down, or scraping nothing) though it scraped within the span before, so an empty answer is
   * unknown, not calm; absent: it held data then, or the heartbeat proves nothing.
   */
  readAlertsAt(at: number): Promise<Sourced<AlertSeries[]> & {heartbeat?: false}>;
  /**
   * How many `ALERTS` series the backend holds over a range (metadata only, no samples): 0 means
   * it keeps no alert history there (its rules are evaluated elsewhere, or it has none), so an
   * empty {@link readAlertsAt} says nothing about what was firing.
   */
  countAlertSeries(from: number, to: number): Promise<Sourced<number>>;
  /**
   * How many label names the backend holds over a range (metadata only): 0 means it holds no
   * data then (the range is before its oldest sample, or it was down), so an empty history of
   * that range says nothing about what happened.
   */
  countLabelNames(from: number, to: number): Promise<Sourced<number>>;
  /**
   * How many alerting rules the backend evaluates now without error (metadata only): with data
   * over a range and no {@link countAlertSeries} there, more than 0 means its rules ran and
   * nothing fired; 0 means it keeps no alert history (its rules are evaluated elsewhere, or none).
   */
  countAlertingRules(): Promise<Sourced<number>>;
  /**
   * The alerting rules the backend runs now (name, static labels, annotation templates): an
   * alert of the past borrows its runbook link from today's rule of its name, said as such.
   * Optional: a history that cannot list its rules lends none.
   */
  readAlertingRules?(): Promise<Sourced<AlertingRule[]>>;
  /**
   * Every SLO's ratios at each step: one range query per burn window for all SLOs. A request that
   * fails or refuses one SLO's query leaves those windows unread (`WindowRatio.unread`) at every
   * step; it rejects only when every request fails.
   */
  readRatioHistory(slos: SloDefinition[], windows: RatioWindow[], from: number, to: number, stepSeconds: number): Promise<Sourced<SloStep[]>>;
  /**
   * Every SLO's error ratio over the `spanSeconds` before `at` (null = no data), in one instant
   * query. An SLO whose query the backend refuses is left out of it, its ratio unknown: `refused`
   * says why, by SLO name (absent: none refused).
   */
  readSpanRatios(slos: SloDefinition[], spanSeconds: number, at: number): Promise<Sourced<Map<string, number | null>> & {refused?: Map<string, string>}>;
}

/**
 * Reads every panel's last 30 minutes in one request (`domain/panel-batch.ts`); the last point is
 * its value at `at`. Keyed by panel name.
 */
export interface PanelReader {
  readPanels(panels: PanelDefinition[], at: number): Promise<Sourced<Map<string, PanelSeries>>>;
}

/** Lists the active alerts one backend knows (not yet deduplicated across backends). */
export interface AlertLister {
  listAlerts(read?: AlertRead): Promise<Sourced<Alert[]>>;
}

/** How a caller reads alerts. */
export interface AlertRead {
  /**
   * Read once, with nothing drawn meanwhile and no later poll to compare with (a one-shot
   * command): a source may decode the answer whole, in one piece, which is faster than the
   * element-by-element decoding that keeps a dashboard's keys answered during a poll.
   */
  once?: boolean;
}

/** Lists silences, to recognise acks. */
export interface SilenceLister {
  listSilences(read?: SilenceRead): Promise<Sourced<Silence[]>>;
}

/** How a caller reads silences. */
export interface SilenceRead {
  /**
   * Read for an action about to write (an ack looking for its own earlier silence, an unack for
   * the silences to expire): the read does not queue behind the polls in the request gate, as
   * the write it leads to does not. An engineer's ack waits for no context's refresh. Nor does
   * it join another read in flight (contexts sharing one Alertmanager): that one may have been
   * sent before the write it is to see, so an action's read is always its own request.
   */
  forAction?: boolean;
}

/** Creates or replaces a silence; resolves with the id the backend returns. */
export interface SilenceCreator {
  createSilence(draft: SilenceDraft): Promise<string>;
}

/** Expires a silence. */
export interface SilenceExpirer {
  expireSilence(id: string): Promise<void>;
}

/** Acknowledges an incident of a paging service (PagerDuty), as the configured user. */
export interface IncidentAcker {
  acknowledgeIncident(id: string): Promise<void>;
}

/** Resolves an incident of a paging service. */
export interface IncidentResolver {
  resolveIncident(id: string): Promise<void>;
}

/**
 * Reads one incident's status: before an acknowledge is sent, and back after a write whose answer
 * was lost. An action's own read: it waits behind no poll and waits out a short rate limit.
 */
export interface IncidentReader {
  readIncidentStatus(id: string): Promise<'triggered' | 'acknowledged' | 'resolved'>;
}

/**
 * Who is on call, as a source answers, with what it knows of the services it covers: an empty
 * on-call for a service is "nobody" only when the source knows the service's escalation policy
 * and read its on-calls whole.
 */
export interface OncallAnswer extends Sourced<Oncall[]> {
  /** Our services whose escalation policy the source knows. Absent: the source does not say. */
  services?: string[];
  /** Our services the source watches whose escalation policy it could not learn: their on-call is unknown. */
  unknownServices?: string[];
  /** A list was cut: a service with no on-call here may have one past the cut. */
  incomplete?: boolean;
}

/** Lists who is on call now, per escalation level, for the services the source watches. */
export interface OncallLister {
  listOncalls(): Promise<OncallAnswer>;
}

/**
 * Lists the incidents a paging service opened within `[from, to]` (epoch ms), resolved or not:
 * what paged during a shift, whatever raised it; and those opened before `from` that were open
 * at `to` (open now, or resolved since). Acks made after `to` are left out.
 */
export interface IncidentHistoryLister {
  listIncidentsBetween(from: number, to: number): Promise<Sourced<OpenedIncident[]>>;
}

/**
 * The names of the external labels a Prometheus adds to the alerts it sends (configured, or read
 * from its own config with `auto`), so an alert of its history is matched to what it sent.
 * Throws when they could not be read: none read is not none set.
 */
export interface ExternalLabelReader {
  externalLabelNames(): Promise<Sourced<string[]>>;
}

/**
 * Lists recent deploys, newest first. `newest` is set when the answer is a full page of the
 * provider's newest deploys (that many): older ones exist and were not read. `wholeSince`, with
 * it, is when the answer is whole from, when that is not its oldest deploy's start (histories
 * kept per application, each cut at its own point). `readSince` is set by a reader that needed
 * deploys from further back than the answer reaches (`status --at`): the answer is whole from
 * then only, and said read in part (`partial`). `hiding` (see {@link DeployGaps}) marks the
 * warnings that may hide a deploy.
 */
export interface DeployLister {
  listDeploys(): Promise<Sourced<Deploy[]> & DeployGaps & {newest?: number; wholeSince?: number; readSince?: number}>;
}

/**
 * Which of a deploy history's warnings may hide a deploy, marked by its provider, which alone
 * knows what each warning means: an entry skipped as unreadable, a page or a workflow of the
 * newest entries not read. The newest deploy of a service may be among what they left out, so a
 * rollback planned from the answer may go "from" a deploy that no longer runs. A warning left
 * out of a `hiding` the provider gives cannot hide one: a field ignored on an entry that was
 * kept, older entries beyond a newest page that was read. Each is also in `warnings`; empty:
 * none. Absent: the provider does not tell them apart, and every warning may hide a deploy (a
 * provider that forgets to say must not let `--yes` roll back past a deploy it left out).
 */
export interface DeployGaps {
  hiding?: string[];
}

/** The warnings of a deploy history's answer that may hide a deploy, each once, by the rule of {@link DeployGaps}. */
export function mayHideDeploy(answer: {warnings?: readonly string[]} & DeployGaps): string[] {
  return [...new Set(answer.hiding ?? answer.warnings ?? [])];
}

/** Triggers a rollback. */
export interface Rollbacker {
  rollback(plan: RollbackPlan): Promise<RollbackRun>;
  /**
   * What `rollback(plan)` would call, one line each (endpoint, ref, inputs rendered from the
   * templates), for the confirmation screen and `oncall rollback`. Calls nothing, never throws
   * (a template problem is a line), holds no secret; lines are unsanitized.
   */
  preview?(plan: RollbackPlan): string[];
  /**
   * `preview(plan)` with what the backend would roll back to read from it (Argo CD: the history
   * entry's id and full revision), for `oncall rollback` before it asks. Only reads; throws a
   * SourceFailure when no one target can be picked (none, or several revisions match).
   */
  resolvedPreview?(plan: RollbackPlan): Promise<string[]>;
  /**
   * Asks the backend to check the rollback without doing it (Argo CD's `dryRun`), for
   * `oncall rollback --dry-run`; resolves with what the backend said, throws a SourceFailure.
   */
  dryRun?(plan: RollbackPlan): Promise<string>;
  /**
   * Why this backend must not roll back `plan` at all, or null: an Argo CD rollback rolls back
   * its one configured application, whatever service the plan names, so a plan for another
   * service would roll back the wrong one. Calls nothing; the line is unsanitized.
   */
  refusal?(plan: RollbackPlan): string | null;
  /**
   * Where the configured templates use a placeholder (`rollback input deploy_env`), so a
   * rollback asks for an environment only when something it sends needs one. Absent: unknown.
   */
  templatesUsing?(placeholder: 'service' | 'version' | 'sha' | 'environment'): string[];
  /**
   * The CLI command that does what `rollback(plan)` does (`gh workflow run …`), for `c`; no
   * secret in it. `targetId` is the id of the deploy rolled back to. Strings are unquoted.
   */
  commandLine?(plan: RollbackPlan, targetId?: string): {argv: ShellArg[]; env: Array<{name: string; fromEnv: string}>; note: string | null} | {error: string};
}

/** What the action log says of a run this process did not start, for {@link RunWatcher.getRun}. */
export interface LoggedRun {
  /** Epoch ms of the logged start (the answer to the request, logged after it was sent). */
  loggedAt: number;
}

/** Reads the current state of a triggered rollback. */
export interface RunWatcher {
  /**
   * `logged` is passed for a run read from the action log: a stand-in id (a run not found yet,
   * `PENDING_RUN_PREFIX`) is searched for among the runs created around that time.
   */
  getRun(id: string, logged?: LoggedRun): Promise<RollbackRun>;
}

/** A successful read, plus any warnings the backend attached (partial responses). */
export interface Sourced<T> {
  value: T;
  warnings: string[];
  /**
   * The warnings that say the answer was read in part (a Prometheus envelope's `warnings`: a
   * Thanos store or a Mimir tenant that did not answer); each is also in `warnings`. Absent: none.
   */
  partial?: string[];
}

/** The small error union every adapter maps its failures into. */
export type SourceErrorKind = 'unavailable' | 'auth' | 'bad-response' | 'timeout';

/** A failure of a source, with a message fit to show in a pane (no secrets, no stack). */
export class SourceFailure extends Error {
  /** @param kind the class of failure @param message what went wrong, for the user */
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SourceFailure';
  }
}

/**
 * A read the backend refused for a spent rate limit, saying when to ask again: `retryAfterMs`
 * after its answer (GitHub's `x-ratelimit-reset`, a `Retry-After`). Whoever polls (following a
 * rollback's run) waits that long rather than ask into the same refusal, and does not take it for
 * the source failing: the source is fine, its quota is spent.
 */
export class RateLimited extends SourceFailure {
  /** @param kind the class of failure @param message what went wrong, for the user @param retryAfterMs how long after the answer to ask again */
  constructor(
    kind: SourceErrorKind,
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(kind, message);
    this.name = 'SourceFailure';
  }
}

/**
 * A silence request that failed after it may have reached the Alertmanager (it timed out or its
 * connection dropped after it was sent, a 5xx, an answer that could not be read): the silence
 * may exist. Neither a success nor a failure until the silences are read back.
 */
export class SilenceMayExist extends SourceFailure {
  /** @param kind the class of the failure that hid the outcome @param message what happened, for the user */
  constructor(kind: SourceErrorKind, message: string) {
    super(kind, message);
    this.name = 'SilenceMayExist';
  }
}

/**
 * An incident write (acknowledge, resolve) that failed after it may have reached the paging
 * service (a timeout or a dropped connection after sending, a 5xx, an answer that could not be
 * read): it may have been done. Neither a success nor a failure until the incident is read back.
 */
export class IncidentUpdateMayHaveLanded extends SourceFailure {
  /** @param kind the class of the failure that hid the outcome @param message what happened, for the user */
  constructor(kind: SourceErrorKind, message: string) {
    super(kind, message);
    this.name = 'IncidentUpdateMayHaveLanded';
  }
}

/**
 * An incident write (acknowledge, resolve) the paging service answered with a refusal (a 4xx
 * other than a rate limit): not done by this request, though the incident may have been changed
 * by someone else meanwhile (PagerDuty's 400 "Incident Already Resolved"). Read it to know which.
 */
export class IncidentUpdateRefused extends SourceFailure {
  /** @param kind the class of the refusal @param message what the service said, for the user */
  constructor(kind: SourceErrorKind, message: string) {
    super(kind, message);
    this.name = 'IncidentUpdateRefused';
  }
}

/**
 * A silence write (a POST or a DELETE) the Alertmanager itself refused, in its own words (a 4xx
 * with a JSON error, such as a 400 "start time must be before end time"): the request is wrong
 * for the cluster, not for one peer's way in, so another peer of the cluster would refuse it too.
 * An answer from something in front of the peer (an HTML sign-in page, a proxy's 404) is not one.
 */
export class SilenceRefused extends SourceFailure {
  /** @param message what the Alertmanager said, for the user */
  constructor(message: string) {
    super('bad-response', message);
    this.name = 'SilenceRefused';
  }
}

/**
 * An expiry (DELETE of a silence) that failed after it may have reached the Alertmanager (it
 * timed out or its connection dropped after it was sent, a 5xx): the silence may be expired
 * already. Neither a success nor a failure until the silence is read back.
 */
export class ExpiryMayHaveLanded extends SourceFailure {
  /** @param kind the class of the failure that hid the outcome @param message what happened, for the user */
  constructor(kind: SourceErrorKind, message: string) {
    super(kind, message);
    this.name = 'ExpiryMayHaveLanded';
  }
}

/**
 * An expiry the Alertmanager itself refused because it has no silence with that id (0.25 answers
 * a 500 `"silence not found"`; later versions a 404 without a body, as their API describes it):
 * the silence is gone, so nothing silences through it. Only this answer may be taken for gone.
 */
export class SilenceNotFound extends SourceFailure {
  /** @param message what happened, for the user */
  constructor(message: string) {
    super('bad-response', message);
    this.name = 'SilenceNotFound';
  }
}

/**
 * An expiry answered with a 404 that is not the Alertmanager's own (an error page from a proxy
 * in front that does not route the DELETE, say): it tells nothing of the silence, which may
 * still be active. Neither gone nor failed until the silence is read back.
 */
export class ExpiryNotFoundUnconfirmed extends SourceFailure {
  /** @param message what happened, naming the answer, for the user */
  constructor(message: string) {
    super('bad-response', message);
    this.name = 'ExpiryNotFoundUnconfirmed';
  }
}

/**
 * A rollback request that failed after it may have reached the provider (a timeout, a 5xx, a
 * reset connection, an answer that could not be read): the rollback may have started. It is
 * neither a success nor a failure, and must never be sent again blindly: `check` says where to
 * look first (the provider's run list, the application, the system behind a webhook).
 */
export class RollbackOutcomeUnknown extends SourceFailure {
  /**
   * @param kind the class of the failure that hid the outcome
   * @param message what went wrong, for the user
   * @param check where to see whether the rollback started, e.g. `the workflow's runs at URL`
   * @param unknownSaid true when `message` itself says what is unknown (whether the request got
   *   there at all), so it is shown as it is, without "the request may have reached …" before it
   */
  constructor(
    kind: SourceErrorKind,
    message: string,
    readonly check: string,
    readonly unknownSaid = false,
  ) {
    super(kind, message);
    this.name = 'RollbackOutcomeUnknown';
  }
}

/** A named backend and the capabilities it offers. */
export interface SourceHandle<C> {
  name: string;
  kind: SourceKind;
  capabilities: C;
  /** The URL a CLI (amtool) reaches this backend at, as configured; only for showing commands. */
  cliUrl?: string;
  /**
   * Everything that decides what this source reads (its whole config entry: URL, path prefix,
   * headers and tenant, credentials by reference, external labels, relabel rules), as a
   * digest, never a secret in clear. Two contexts whose sources carry the same keys read the same
   * alerts. It is the key the process's pool shares one adapter by (`cli/compose.ts`), so the
   * screen never takes for one what the pool reads as two.
   */
  readKey?: string;
  /**
   * One request's timeout as configured (`timeout:`), when the entry has one: the alert poll's
   * per-source deadline is never shorter, so a source set to wait longer is not cut before it.
   */
  timeoutMs?: number;
  /**
   * The HA cluster this Alertmanager belongs to (config `cluster:`). Peers of one cluster gossip
   * silences, so an ack goes to one of them; sources without a cluster each get their own.
   */
  cluster?: string;
  /**
   * The source holds only alerts it evaluates itself (Grafana's own Alertmanager): Prometheus
   * does not send there, so an ack goes there only for alerts it reported, and those alerts are
   * acked there only (see `silenceGroupsFor` in `domain/ack-targets.ts`).
   */
  ownAlertsOnly?: boolean;
  /**
   * How long this Alertmanager keeps an expired silence before deleting it (config
   * `silenceRetention`, its `--data.retention`). Absent: Alertmanager's default, 120h.
   */
  silenceRetentionMs?: number;
}

/** Everything one context can talk to, composed in `cli/` and passed down. */
export interface ContextServices {
  context: string;
  /** The deploy environment this context watches, e.g. `production`; unset = any. */
  environment?: string;
  readOnly: boolean;
  slos: SloDefinition[];
  /** SLO files of the context that could not be loaded (sanitized): SLOs asked for and missing from `slos`. */
  sloFileErrors?: ReadonlyArray<{file: string; error: string}>;
  sloReader: SourceHandle<SloRatioReader & Partial<SloHistoryReader & HistoryReader & ExternalLabelReader>> | null;
  alertSources: Array<SourceHandle<AlertLister & Partial<SilenceLister & SilenceCreator & SilenceExpirer & IncidentAcker & IncidentResolver & IncidentReader & OncallLister & IncidentHistoryLister>>>;
  deploySource: SourceHandle<DeployLister> | null;
  rollbacker: SourceHandle<Rollbacker & Partial<RunWatcher>> | null;
  /** The context's panels (config `panels:`); absent or empty: no Panels pane. */
  panels?: PanelDefinition[];
  /** Where panels are read: the context's Prometheus. */
  panelReader?: SourceHandle<PanelReader> | null;
  /**
   * Alert sources of the context these services do not read, and why: in the past the alerts
   * come from Prometheus' `ALERTS` alone (`servicesAt`), so an incident service, Grafana or an
   * Alertmanager is not read then. Kept to be shown as such: a source that left the screen
   * unsaid would read as one with nothing to say.
   */
  unreadAlertSources?: ReadonlyArray<{name: string; kind: string; reason: string}>;
}
