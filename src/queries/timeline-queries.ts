/**
 * Reading a timeline: every backend's own history over a range, fetched in parallel and turned
 * into events by the domain. A part that could not be read becomes a gap naming the source and
 * the reason; the other parts are still shown.
 */
import type {QueryObserverOptions} from '@tanstack/query-core';
import type {ActionLogRead} from '../domain/action-log.ts';
import {tornLinesGap} from '../domain/torn-lines.ts';
import {historyRunbookOf, type AlertingRule} from '../domain/rule-runbook.ts';
import type {Silence} from '../domain/alert.ts';
import {fleetWindows} from '../domain/slo-windows.ts';
import type {SloDefinition, SloReport} from '../domain/slo.ts';
import type {UnreadPart} from '../domain/handover.ts';
import {unreadNote, type SloBudgetSpent} from '../domain/timeline-document.ts';
import {actionEvents} from '../domain/timeline-actions.ts';
import {unansweredAttempts} from '../domain/open-rollbacks.ts';
import {alertEvents, alertSampleSteps, alertsActiveAtEnd, type AlertSeries} from '../domain/timeline-alerts.ts';
import {dataHoles, holeReason, type DataHole} from '../domain/timeline-holes.ts';
import type {Deploy} from '../domain/deploy.ts';
import {deployDepthReason, deployEvents} from '../domain/timeline-deploys.ts';
import {budgetSpent, sloEvents, sloStatusAtEnd, unreadSloHistory} from '../domain/timeline-slo.ts';
import {silenceEvents, silenceRetentionReason} from '../domain/timeline-silences.ts';
import {buildTimeline, historyGrid, historyStepSeconds, resolutionNotes, sloStepSeconds, sortEvents, type Timeline, type TimelineEvent, type TimelineGap, type TimelinePart} from '../domain/timeline.ts';
import {ALERT_HISTORY_SPAN_MS, coverageGaps, coverageNotes, type HistoryCoverage} from '../domain/timeline-coverage.ts';
import {mayHideDeploy, type ContextServices, type DeployGaps, type HistoryReader, type Sourced} from '../sources/capabilities.ts';
import {alignedInterval} from './query-client.ts';
import {describeFailure} from './source-outcome.ts';
import {rulesQueryOptions, RULES_STALE_MS} from './rule-queries.ts';

/** What to read. */
export interface TimelineRequest {
  from: number;
  to: number;
  /** Only this service's events and SLOs. */
  service?: string;
  ackPrefix: string;
  /** Reads the user's action log, with its unreadable lines (said as missing); absent = no action log. */
  readActions?: () => Promise<ActionLogRead>;
  /** Who the action log belongs to, for entries that do not say. */
  user?: string;
  /**
   * Now, by the backends' clock: how far back Alertmanager still lists silences is counted from
   * it. Absent: `to`, which never says more is missing than is.
   */
  now?: number;
  /**
   * Link alert events to runbooks: today's alerting rule's (one rules read per timeline, when it
   * holds alerts and the backend lists its rules), else `template`'s. Absent: no links, no read.
   */
  runbooks?: {template?: string};
  /**
   * How today's rules are read for those links; absent: straight from the backend. The
   * dashboard reads them through the query cache the alert details use, so a timeline polled
   * every few seconds asks the rules API at most once a minute.
   */
  readRules?: () => Promise<Sourced<AlertingRule[]>>;
}

/** A timeline and what the handover needs beside it: the state at its end. */
export interface TimelineReading {
  timeline: Timeline;
  /** Every SLO as evaluated at the last step (empty when SLOs could not be read); `context` set over several. */
  slosAtEnd: Array<SloReport & {context?: string}>;
  /** Alerts pending or firing at the last step. */
  alertsAtEnd: Array<{labels: Record<string, string>; state: 'pending' | 'firing'; context?: string}>;
  /** Silences as read (for which acks still hold), one per Alertmanager that answered. */
  silences: Array<{source: string; silence: Silence}>;
  /** The services any event of the range (before the service filter) or any SLO of the context names, sorted. */
  services: string[];
  /** Parts no source is configured for (no Alertmanager: acks unknown); nothing failed, so no gap. */
  unread: UnreadPart[];
}

type Part = {events: TimelineEvent[]; gaps?: TimelineGap[]; notes?: string[]};

/**
 * One part read: its events, or a gap saying why it failed. An answer read in part (a Thanos store
 * or a Mimir tenant that did not answer: `Sourced.partial`) keeps its events and is a gap too:
 * what the rest held is missing, so the part is never taken for whole. `value` is set whenever
 * the part was read, in part or whole.
 */
async function part<T>(what: {part: TimelinePart; context: string; source: string}, read: () => Promise<T>, events: (value: T) => TimelineEvent[]): Promise<Part & {value?: T}> {
  try {
    const value = await read();
    const partial = readInPart(value);
    return {events: events(value), value, ...(partial.length > 0 ? {gaps: [{...what, reason: `answered in part (${partial.join('; ')}): what it left out is missing`}]} : {})};
  } catch (error) {
    return {events: [], gaps: [{...what, reason: describeFailure(error)}]};
  }
}

// The partial-response warnings of an answer, if it is a `Sourced` one that has them.
function readInPart(value: unknown): string[] {
  const partial = typeof value === 'object' && value !== null && 'partial' in value ? (value as {partial?: unknown}).partial : undefined;
  return Array.isArray(partial) ? partial.filter((w): w is string => typeof w === 'string') : [];
}

const missing = (part: TimelinePart, context: string, reason: string): Part => ({events: [], gaps: [{part, context, source: '', reason}]});

/**
 * The gaps a Prometheus without the history asked for leaves (`coverageGaps`), and the note that
 * nothing fired (`coverageNotes`): whether it holds data at the range's first step (one
 * label-names lookup, beside the range reads), and, only when the range held no `ALERTS`, whether
 * it held any before (one series lookup) and, when it held none, whether it evaluates alerting
 * rules at all (one rules lookup). A lookup that fails is said, never taken as an answer.
 */
async function coverage(
  reads: Partial<HistoryReader>,
  where: {context: string; source: string; from: number; to: number},
  dataAtStart: Promise<HistoryCoverage['dataAtStart']>,
  alerts: Promise<Part & {value?: Sourced<AlertSeries[]>}>,
  ratios: Promise<Part & {value?: unknown}> | null,
): Promise<Part> {
  const failed = (error: unknown) => ({failed: describeFailure(error)});
  const [alertPart, ratioPart, held] = await Promise.all([alerts, ratios, dataAtStart]);
  const read: TimelinePart[] = [...(alertPart.value ? ['alerts' as const] : []), ...(ratioPart?.value ? ['slos' as const] : [])];
  let alertSeries: HistoryCoverage['alertSeries'] = null;
  let alertRules: HistoryCoverage['alertRules'] = null;
  if (held !== false && alertPart.value?.value.length === 0 && reads.countAlertSeries) {
    alertSeries = await reads.countAlertSeries(where.from - ALERT_HISTORY_SPAN_MS, where.to).then(({value}) => value, failed);
    if (alertSeries === 0 && reads.countAlertingRules) alertRules = await reads.countAlertingRules().then(({value}) => value, failed);
  }
  const found: HistoryCoverage = {context: where.context, source: where.source, from: where.from, to: where.to, read, dataAtStart: held, alertSeries, alertRules};
  return {events: [], gaps: coverageGaps(found), notes: coverageNotes(found)};
}

/** Whether the backend holds any data at the range's first step (one label-names lookup); null when it cannot be asked. */
function dataAtStartOf(reads: Partial<HistoryReader>, firstStep: {at: number; seconds: number}): Promise<HistoryCoverage['dataAtStart']> {
  const {at, seconds} = firstStep;
  if (!reads.countLabelNames) return Promise.resolve(null);
  return reads.countLabelNames(at, at + seconds * 1000).then(
    ({value}) => value > 0,
    (error: unknown) => ({failed: describeFailure(error)}),
  );
}

/**
 * Today's alerting rules, to lend their runbooks to alert events (`ALERTS` keeps no
 * annotations); none from a backend that does not list rules. A read that fails is said in a
 * note, the events kept: only their links are missing.
 */
async function todaysRules(reads: Partial<HistoryReader>, readRules: TimelineRequest['readRules']): Promise<{rules: AlertingRule[]; notes: string[]}> {
  if (!reads.readAlertingRules) return {rules: [], notes: []};
  try {
    const {value, warnings} = await (readRules ?? (() => reads.readAlertingRules!()))();
    return {rules: value, notes: warnings};
  } catch (error) {
    return {rules: [], notes: [`runbooks of today's rules not read (${describeFailure(error)}): alert events are linked only by the configured runbookTemplate, if any`]};
  }
}

/** The evaluation interval a step is sized for when it could not be read (Prometheus' default). */
const ASSUMED_EVALUATION_SECONDS = 60;

/** Reads one context's timeline over `[from, to]`. Never rejects: what failed is in `timeline.gaps`. */
export async function readTimeline(services: ContextServices, request: TimelineRequest): Promise<TimelineReading> {
  const {context} = services;
  const {from, to} = request;
  const slos = services.slos.filter((s) => request.service === undefined || s.service === request.service);
  const prom = services.sloReader;
  const history = prom?.capabilities;
  const historyReads = history?.readAlertHistory && history.readRatioHistory && history.evaluationSeconds ? history : null;
  let stepSeconds = historyStepSeconds(from, to, 60);
  let sloStep = sloStepSeconds(from, to, 60);
  let notes: string[] = [];
  const parts: Array<Promise<Part>> = [];
  let slosAtEnd: SloReport[] = [];
  let alertsAtEnd: TimelineReading['alertsAtEnd'] = [];

  if (prom && historyReads) {
    // Thanos, Mimir and VictoriaMetrics have no config endpoint, and a proxy may refuse it: the
    // step is then sized for a minute's evaluation, but the real one may be shorter.
    const interval = await historyReads.evaluationSeconds!().then(
      (seconds) => ({seconds, unread: undefined}),
      (error: unknown) => ({seconds: ASSUMED_EVALUATION_SECONDS, unread: describeFailure(error)}),
    );
    stepSeconds = historyStepSeconds(from, to, interval.seconds);
    sloStep = sloStepSeconds(from, to, interval.seconds);
    notes = resolutionNotes({stepSeconds, sloStepSeconds: sloStep, evaluationSeconds: interval.seconds, slos: slos.length > 0, ...(interval.unread === undefined ? {} : {evaluationUnread: interval.unread})});
    // Unknown, it is taken as finer than any step: each step is read as its most, so an alert
    // shorter than the step still shows.
    const evaluation = interval.unread === undefined ? interval.seconds : 0;
    const grid = historyGrid(from, to, stepSeconds);
    const where = {context, source: prom.name};
    let rules: AlertingRule[] = [];
    let ruleNotes: string[] = [];
    let beatUnread: string | undefined;
    const readAlerts = async () => {
      const read = await historyReads.readAlertHistory!(from, to, stepSeconds, evaluation);
      beatUnread = read.heartbeatUnread;
      if (request.runbooks && read.value.length > 0) ({rules, notes: ruleNotes} = await todaysRules(historyReads, request.readRules));
      return read;
    };
    // Steps where Prometheus held nothing (from the heartbeat read with the alerts): no alert
    // resolves and no SLO changes there, and each is said as a gap of the parts read.
    let holes: DataHole[] = [];
    let silent = false;
    const alerts = part({part: 'alerts', ...where}, readAlerts, ({value, heartbeat}: {value: AlertSeries[]; heartbeat?: number[]}) => {
      holes = dataHoles(grid, heartbeat ?? [], alertSampleSteps(value));
      silent = heartbeat !== undefined && beatUnread === undefined && grid.length > 0 && !grid.some((at) => heartbeat.includes(at)) && alertSampleSteps(value).length === 0;
      alertsAtEnd = alertsActiveAtEnd(value, grid);
      const runbooks = request.runbooks;
      return alertEvents(value, grid, {...where, holes, ...(runbooks ? {runbook: (labels: Readonly<Record<string, string>>) => historyRunbookOf(labels, rules, runbooks.template)} : {})});
    }).then((p) => ({...p, notes: ruleNotes}));
    // Nothing held on the whole grid, Prometheus answering: an outage as long as the range when its
    // heartbeat was scraped before it (not a backend without the heartbeat, nor one fed samples
    // without `up`: any data before proves nothing there), one hole reaching the end, so no SLO
    // is told as paging or burning from its long windows' reach into the data before.
    const wholeHole = alerts.then(async () => {
      if (!silent || !historyReads.readAlertsAt) return;
      const before = await historyReads.readAlertsAt(from).then((r) => r.heartbeat === false, () => false);
      // From the first step of either grid: the SLO grid, coarser, may begin before the alerts'.
      if (before) holes = [{from: Math.min(grid[0]!, historyGrid(from, to, sloStep)[0] ?? grid[0]!), to: grid.at(-1)!, edge: 'end'}];
    });
    const readRatios = async () => {
      // The holes come with the alerts: read before the SLO steps are evaluated, none changes in one.
      const [read] = await Promise.all([historyReads.readRatioHistory!(slos, fleetWindows(slos), from, to, sloStep), wholeHole]);
      return read;
    };
    // Windows a request of the ratio history did not bring back (failed, or refused one SLO's
    // query): the rest is read, and each SLO's unread windows are a missing part of their own.
    let sloUnread: string[] = [];
    const ratios = slos.length > 0
      ? part({part: 'slos', ...where}, readRatios, ({value}) => {
          sloUnread = unreadSloHistory(value);
          slosAtEnd = sloStatusAtEnd(slos, value, holes);
          return sloEvents(slos, value, {...where, holes});
        })
      : null;
    const dataAtStart = dataAtStartOf(historyReads, {at: grid[0] ?? from, seconds: stepSeconds});
    const holeGaps = Promise.all([alerts, ratios, dataAtStart, wholeHole]).then(([a, r, held]): Part => {
      // Read (in part or whole): a hole is missing from what was read.
      const read: Array<'alerts' | 'slos'> = [...(a.value ? ['alerts' as const] : []), ...(r?.value ? ['slos' as const] : [])];
      // The alerts read without the heartbeat: an outage in the range would read as every alert
      // resolving and firing again, so whether they did is unknown: a gap (the handover, which
      // shows no notes, says it too), not a note.
      const unread = beatUnread === undefined ? [] : [{part: 'alerts' as const, ...where, reason: beatUnread}];
      // A range that begins before the oldest data is said by the coverage check already: its
      // first run without data is that, not a second missing part.
      const said = holes.filter((h) => !(h.edge === 'start' && held === false));
      return {events: [], gaps: [...unread, ...said.flatMap((hole) => read.map((p) => ({part: p, ...where, reason: holeReason(prom.name, hole, {from, to}, p)})))]};
    });
    const unreadRatios = ratios?.then((): Part => ({events: [], gaps: sloUnread.map((reason) => ({part: 'slos' as const, ...where, reason}))}));
    // A failed lookup leaves whether the range begins with data unknown, unless a hole at the
    // start says it (no data from the start to …): then that hole alone says it, not twice.
    // A range wholly inside an outage does not begin before the oldest data: its hole says it.
    const startCoverage = Promise.all([dataAtStart, wholeHole]).then(([held]) => {
      if (holes.some((h) => h.edge === 'end' && h.from <= grid[0]!)) return null;
      return typeof held === 'object' && held !== null && holes.some((h) => h.edge === 'start') ? null : held;
    });
    parts.push(alerts, ...(ratios ? [ratios] : []), ...(unreadRatios ? [unreadRatios] : []), holeGaps, coverage(historyReads, {...where, from, to}, startCoverage, alerts, ratios));
  } else {
    // A context with no alert source at all has no alert to have a history of: nothing is
    // missing, as `status --at` says `none configured` there.
    if (prom || services.alertSources.length > 0) parts.push(Promise.resolve(missing('alerts', context, prom ? `${prom.name} keeps no history` : 'no Prometheus configured: alert history unknown')));
    if (slos.length > 0) parts.push(Promise.resolve(missing('slos', context, prom ? `${prom.name} keeps no history` : 'no Prometheus configured')));
  }

  // An SLO file that did not load holds SLOs asked for and read nowhere: as `status` says (exit
  // 3), they are a missing part, never SLOs that had nothing to tell (whatever `--service`: which
  // services the file names is unknown).
  for (const {file, error} of services.sloFileErrors ?? []) parts.push(Promise.resolve(missing('slos', context, `SLO file ${file} did not load (${error}): its SLOs are not read`)));

  const silenceSources = services.alertSources.filter((s) => s.capabilities.listSilences !== undefined);
  const silences: TimelineReading['silences'] = [];
  const silenceParts = silenceSources.map((s) =>
    part({part: 'silences', context, source: s.name}, () => s.capabilities.listSilences!(), ({value}) => {
      silences.push(...value.map((silence) => ({source: s.name, silence})));
      return [];
    }).then((p): Part => {
      // Silences that expired longer ago than Alertmanager's retention are deleted: the acks
      // of a range older than that may be gone, which an empty list cannot tell apart, unless
      // its own list shows it keeps silences from before the range.
      const retention = {listed: p.value?.value ?? [], ...(s.silenceRetentionMs === undefined ? {} : {retentionMs: s.silenceRetentionMs})};
      const reason = silenceRetentionReason(from, request.now ?? to, s.name, retention);
      return reason === null ? p : {...p, gaps: [...(p.gaps ?? []), {part: 'silences', context, source: s.name, reason}]};
    }),
  );

  const deploys = services.deploySource;
  if (deploys) {
    const where = {part: 'deploys' as const, context, source: deploys.name};
    const read = part(where, () => deploys.capabilities.listDeploys(), ({value}) => deployEvents(value, {context, source: deploys.name, ...(services.environment ? {environment: services.environment} : {})}));
    // A history of one page that does not reach back to `from`: the deploys before it are missing.
    // A warning that may hide a deploy (an entry skipped as unreadable, a page not read) is a gap
    // too, as `oncall deploys` and `status` say it: the deploy left out may be the one that broke
    // things. A provider that does not say which may hide one: every warning may (see DeployGaps).
    const depth = (p: Part & {value?: {value: Deploy[]; newest?: number; wholeSince?: number; warnings?: string[]} & DeployGaps}): Part => {
      const reason = p.value ? deployDepthReason(p.value.value, from, p.value.newest, p.value.wholeSince) : null;
      const hidden = p.value ? mayHideDeploy(p.value) : [];
      const gaps = [...(reason === null ? [] : [{...where, reason}]), ...hidden.map((w) => ({...where, reason: `read in part: ${w}: a deploy may be missing`}))];
      return gaps.length === 0 ? p : {...p, gaps: [...(p.gaps ?? []), ...gaps]};
    };
    parts.push(read.then(depth));
  }
  const readActions = request.readActions;
  if (readActions) {
    const where = {part: 'actions' as const, context, source: 'action log'};
    const read = part(where, readActions, ({entries}) => actionEvents(entries, {context, source: 'action log', ...(request.user ? {user: request.user} : {})}));
    // Lines that could not be read are said: what they held (a note, a rollback) is missing.
    const torn = (p: Part & {value?: ActionLogRead}): Part => {
      const reason = p.value ? tornLinesGap(p.value.torn, {from, to}, context) : null;
      return reason === null ? p : {...p, gaps: [...(p.gaps ?? []), {...where, reason}]};
    };
    parts.push(read.then(torn));
  }

  const done = await Promise.all([...parts, ...silenceParts]);
  // Silences are joined once every Alertmanager answered: copies on several are one ack.
  const acks: Part = {events: silenceEvents(silences, {context, ackPrefix: request.ackPrefix})};
  const timeline = buildTimeline({from, to, stepSeconds, sloStepSeconds: sloStep, parts: [...done, acks], notes: [...notes, ...done.flatMap((p) => p.notes ?? [])]});
  const events = request.service === undefined ? timeline.events : timeline.events.filter((e) => e.service === request.service);
  const named = [...new Set([...timeline.events.map((e) => e.service), ...services.slos.map((s) => s.service)])].filter((s) => s !== '').sort();
  // Without a source of silences the acks are unknown, not none: said, though nothing failed.
  const unread: UnreadPart[] = silenceSources.length === 0 ? [{part: 'silences', context, reason: 'no Alertmanager configured'}] : [];
  return {timeline: {...timeline, events}, slosAtEnd, alertsAtEnd, silences, services: named, unread};
}

/**
 * The budget each SLO spent over `[from, to]` (one instant query for all SLOs); every SLO null
 * when the span is empty or Prometheus cannot tell. An SLO whose query Prometheus refused is a
 * missing part of its own, the others' budgets kept; a failed read is one missing part for all.
 */
export async function readBudgetSpent(services: ContextServices, slos: readonly SloDefinition[], from: number, to: number): Promise<{budgets: SloBudgetSpent[]; gaps: TimelineGap[]}> {
  const unknown = () => slos.map((s) => ({slo: s.name, service: s.service, spent: null}));
  const unreadAll = () => slos.map((s) => ({slo: s.name, service: s.service, spent: null, unread: true as const}));
  const reader = services.sloReader;
  if (slos.length === 0 || to <= from || !reader?.capabilities.readSpanRatios) return {budgets: unknown(), gaps: []};
  const gap = (reason: string): TimelineGap => ({part: 'slos', context: services.context, source: reader.name, reason: `budget spent: ${reason}`});
  try {
    const {value, refused, partial} = await reader.capabilities.readSpanRatios([...slos], (to - from) / 1000, to);
    // Read in part: every budget is of what was read, the errors the rest held left out.
    const inPart = partial && partial.length > 0 ? [gap(`answered in part (${partial.join('; ')}): the budgets are of what was read`)] : [];
    return {
      // A refused SLO's null is unknown, not "no data": said so wherever its budget is written.
      budgets: slos.map((s) => (refused?.has(s.name) ? {slo: s.name, service: s.service, spent: null, unread: true as const} : {slo: s.name, service: s.service, spent: budgetSpent(s, value.get(s.name) ?? null, to - from)})),
      gaps: [
        ...inPart,
        ...slos.flatMap((s) => {
          const why = refused?.get(s.name);
          return why === undefined ? [] : [gap(`SLO ${s.name} could not be read: ${why}`)];
        }),
      ],
    };
  } catch (error) {
    return {budgets: unreadAll(), gaps: [gap(describeFailure(error))]};
  }
}

/** How far back the dashboard's timeline reads: the span of the SLO sparklines. */
export const DASHBOARD_TIMELINE_SPAN_MS = 6 * 3_600_000;

/** Query key of the timeline of a context shown, read from its backends (the dashboard's `t`). */
export const timelineKey = (context: string) => ['timeline', context] as const;

/** Query key of the action log's part of the timeline: invalidated after `:note`. */
export const timelineActionsKey = (contexts: readonly string[]) => ['timeline-actions', ...contexts] as const;

/** A timeline's events and the parts that could not be read. */
export interface TimelineParts {
  events: TimelineEvent[];
  gaps: TimelineGap[];
}

/**
 * One context's part of the dashboard's timeline, naming its context; `notes` say what was read
 * but may be incomplete (today's rules not read: alert events linked by the template alone).
 */
export type ContextTimeline = TimelineParts & {context: string; notes?: string[]};

/**
 * The backends' part of the dashboard's timeline for one context shown (each event names its
 * context): every part read in parallel, what failed as gaps; with `runbooks`, alert events
 * linked to today's rule's runbook (else the context's template). One query per context, not one
 * for all: a context whose backend hangs held the whole timeline at "reading…" until its
 * timeout (15 s and more), the other contexts' events already read.
 */
export function timelineQueryOptions(
  services: ContextServices,
  opts: {enabled: boolean; intervalMs: number | false; now: () => number; ackPrefix: string; user?: string; at?: number | null; runbooks?: TimelineRequest['runbooks']},
): QueryObserverOptions<ContextTimeline, Error, ContextTimeline, ContextTimeline, ReturnType<typeof timelineKey>> {
  // In the past (`at`) the range ends at the instant shown, cached apart from the live one.
  const at = opts.at ?? null;
  return {
    queryKey: at === null ? timelineKey(services.context) : ([...timelineKey(services.context), at] as unknown as ReturnType<typeof timelineKey>),
    enabled: opts.enabled,
    refetchInterval: alignedInterval(opts.intervalMs, opts.now),
    // readTimeline never rejects: a failed part is a gap, retried at the next read.
    retry: false,
    queryFn: async ({client}) => {
      const to = at ?? opts.now();
      // `runbooks`: alert events linked as `oncall timeline` links them, today's rules read
      // through the cache the alert details use (fresh for a minute), not at every poll.
      const readRules = async () => ({value: (await client.fetchQuery({...rulesQueryOptions(services, {open: true, now: opts.now}), staleTime: RULES_STALE_MS})).rules, warnings: []});
      const request = {from: to - DASHBOARD_TIMELINE_SPAN_MS, to, now: opts.now(), ackPrefix: opts.ackPrefix, ...(opts.user ? {user: opts.user} : {}), ...(opts.runbooks ? {runbooks: opts.runbooks, readRules} : {})};
      const {timeline, unread} = await readTimeline(services, request);
      // The view names the context of each note where it shows several.
      return {context: services.context, events: timeline.events, gaps: timeline.gaps, notes: [...(timeline.notes ?? []), ...unread.map((u) => unreadNote(u, false))]};
    },
  };
}

/** The action log's part of the dashboard's timeline (rollbacks, notes): a local file, read again at once after a note. */
export function timelineActionsQueryOptions(
  contexts: readonly ContextServices[],
  opts: {enabled: boolean; now: () => number; readActions?: () => Promise<ActionLogRead>; user?: string; at?: number | null},
): QueryObserverOptions<TimelineParts, Error, TimelineParts, TimelineParts, ReturnType<typeof timelineActionsKey>> {
  const at = opts.at ?? null;
  return {
    queryKey: at === null ? timelineActionsKey(contexts.map((c) => c.context)) : ([...timelineActionsKey(contexts.map((c) => c.context)), 'at', at] as unknown as ReturnType<typeof timelineActionsKey>),
    enabled: opts.enabled,
    retry: false,
    queryFn: async () => {
      if (!opts.readActions) return {events: [], gaps: []};
      const to = at ?? Number.POSITIVE_INFINITY;
      const from = (at ?? opts.now()) - DASHBOARD_TIMELINE_SPAN_MS;
      try {
        const {entries, torn} = await opts.readActions();
        // Which attempts no answer follows is one pass over the whole log, the same for every context.
        const unanswered = unansweredAttempts(entries);
        const events = contexts.flatMap(({context}) => actionEvents(entries, {context, source: 'action log', ...(opts.user ? {user: opts.user} : {})}, unanswered));
        const gaps = contexts.flatMap(({context}) => {
          const reason = tornLinesGap(torn, {from, to}, context);
          return reason === null ? [] : [{part: 'actions' as const, context, source: 'action log', reason}];
        });
        return {events: events.filter((e) => e.at >= from && e.at <= to), gaps};
      } catch (error) {
        return {events: [], gaps: contexts.map(({context}) => ({part: 'actions' as const, context, source: 'action log', reason: describeFailure(error)}))};
      }
    },
  };
}
