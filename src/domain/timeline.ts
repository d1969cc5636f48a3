/**
 * The incident over time: events from every backend's own history (alert states from `ALERTS`,
 * SLO status changes, deploys, silences, our action log) joined into one list. Pure: the
 * sources fetch, the functions here decide what happened when. Times are epoch milliseconds.
 */

/** What happened. The source of each kind is fixed (see {@link TIMELINE_PARTS}). */
export type TimelineEventKind =
  | 'alert-pending'
  | 'alert-firing'
  | 'alert-resolved'
  | 'alert-unknown'
  | 'slo-page'
  | 'slo-ticket'
  | 'slo-ok'
  | 'slo-no-data'
  | 'slo-unknown'
  | 'deploy-started'
  | 'deploy-finished'
  | 'ack'
  | 'unack'
  | 'rollback-requested'
  | 'rollback-finished'
  | 'note';

/** The parts a timeline is made of; a part that could not be read is a {@link TimelineGap}. */
export type TimelinePart = 'alerts' | 'slos' | 'deploys' | 'silences' | 'actions';

/** Which part each kind comes from. */
export const TIMELINE_PARTS: Readonly<Record<TimelineEventKind, TimelinePart>> = {
  'alert-pending': 'alerts',
  'alert-firing': 'alerts',
  'alert-resolved': 'alerts',
  'alert-unknown': 'alerts',
  'slo-page': 'slos',
  'slo-ticket': 'slos',
  'slo-ok': 'slos',
  'slo-no-data': 'slos',
  'slo-unknown': 'slos',
  'deploy-started': 'deploys',
  'deploy-finished': 'deploys',
  ack: 'silences',
  unack: 'silences',
  'rollback-requested': 'actions',
  'rollback-finished': 'actions',
  note: 'actions',
};

/** One thing that happened. Strings came from backends: sanitize before drawing. */
export interface TimelineEvent {
  /** Epoch ms. */
  at: number;
  kind: TimelineEventKind;
  /** The context (environment) it happened in. */
  context: string;
  /** The service it concerns; `''` when none is known (a silence without a `service` matcher). */
  service: string;
  /** One line saying what happened. */
  text: string;
  /** The backend it was read from: `prometheus`, an Alertmanager's name, the deploy provider, `action log`. */
  source: string;
  /** Who did it (ack author, deploy author, who rolled back), when known. */
  by?: string;
  /** A link to open: the CI run, the deploy, the alert's runbook. */
  url?: string;
  /**
   * `current-rule` when `url` is the runbook of today's alerting rule of the alert's name: history
   * keeps no annotations, and the rule may have changed since the event.
   */
  urlFrom?: 'current-rule';
  /** What the event is about: an alert's labels, an SLO's name, a silence id, a deploy id. */
  subject?: Record<string, string>;
  /** Ack events: when the silence ends (or ended), epoch ms. */
  until?: number;
  /** Ack events: the silence was expired before its end. */
  expiredEarly?: boolean;
  /**
   * Alert and SLO events at the timeline's first instant: the state held already when the
   * timeline begins, so `at` is not when it started.
   */
  ongoing?: boolean;
}

/** A part of the timeline that is missing, and why: never a silent hole. */
export interface TimelineGap {
  part: TimelinePart;
  context: string;
  /** The backend that was asked, when one was. */
  source: string;
  reason: string;
}

/** A timeline over `[from, to]`. */
export interface Timeline {
  from: number;
  to: number;
  /** The resolution of the alert history (the rule evaluation interval), seconds. */
  stepSeconds: number;
  /** The resolution of the SLO history, seconds (see {@link sloStepSeconds}). */
  sloStepSeconds: number;
  /** Oldest first. */
  events: TimelineEvent[];
  gaps: TimelineGap[];
  /** What the resolution may hide (see {@link resolutionNotes}); absent or empty: nothing. */
  notes?: string[];
}

// Within one instant: what the backends saw before what people did about it, so a page reads
// before the ack it caused.
const KIND_ORDER: readonly TimelineEventKind[] = [
  'deploy-started',
  'deploy-finished',
  'alert-pending',
  'alert-firing',
  'slo-page',
  'slo-ticket',
  'alert-unknown',
  'slo-no-data',
  'slo-unknown',
  'ack',
  'rollback-requested',
  'rollback-finished',
  'note',
  'unack',
  'alert-resolved',
  'slo-ok',
];

/** Events in time order, then by kind (see `KIND_ORDER`), then by service and text: one order for every run. */
export function sortEvents(events: readonly TimelineEvent[]): TimelineEvent[] {
  const rank = (k: TimelineEventKind) => KIND_ORDER.indexOf(k);
  return [...events].sort((a, b) => a.at - b.at || rank(a.kind) - rank(b.kind) || cmp(a.service, b.service) || cmp(a.text, b.text));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Joins the parts' events and gaps into one timeline, keeping only events inside `[from, to]`.
 * An `ongoing` event is the state held at the history's first step, which lies up to a step
 * before `from` (the grid is aligned to the step, `from` is not): it is dated `from`, as the
 * state the range begins in, never dropped as being before it.
 */
export function buildTimeline(input: {from: number; to: number; stepSeconds: number; sloStepSeconds: number; parts: ReadonlyArray<{events: readonly TimelineEvent[]; gaps?: readonly TimelineGap[]}>; notes?: readonly string[]}): Timeline {
  const events = input.parts
    .flatMap((p) => p.events)
    .map((e) => (e.ongoing && e.at < input.from ? {...e, at: input.from} : e))
    .filter((e) => e.at >= input.from && e.at <= input.to);
  return {from: input.from, to: input.to, stepSeconds: input.stepSeconds, sloStepSeconds: input.sloStepSeconds, events: sortEvents(events), gaps: input.parts.flatMap((p) => p.gaps ?? []), notes: [...(input.notes ?? [])]};
}

/** The shortest burn window, seconds: SLO steps up to it see every page. */
const SHORTEST_BURN_WINDOW_SECONDS = 300;

/**
 * What a range too long for the evaluation interval may hide, said beside the events (not a
 * missing part: everything was read, at a coarser step). Alerts are read as the most of each
 * step, so each is listed, its changes moved to the step after; SLO statuses are evaluated at
 * each step, so a page shorter than a step longer than the 5-minute window may fall between two.
 * An evaluation interval that could not be read (`evaluationUnread`, why) is said instead of the
 * alert resolution: the alerts were then read as the most of each step whatever the interval.
 */
export function resolutionNotes(r: {stepSeconds: number; sloStepSeconds: number; evaluationSeconds: number; slos: boolean; evaluationUnread?: string}): string[] {
  const notes: string[] = [];
  if (r.evaluationUnread !== undefined) {
    // The interval assumed to size the step may be longer than the real one: said, and the
    // alerts read as the most of each step, so none shorter than a step falls between two.
    notes.push(`evaluation interval not read (${r.evaluationUnread}): alerts read as the most of each ${r.stepSeconds}s step (max_over_time), so an alert shorter than a step is still listed, each change at the first step after it`);
  } else if (r.stepSeconds > r.evaluationSeconds) {
    notes.push(`alerts read every ${r.stepSeconds}s, not at each ${r.evaluationSeconds}s evaluation (a range holds at most ${MAX_RANGE_POINTS.toLocaleString('en')} points): every alert is listed, each change at the first step after it`);
  }
  if (r.slos && r.sloStepSeconds > SHORTEST_BURN_WINDOW_SECONDS) {
    notes.push(`SLO status read every ${r.sloStepSeconds}s: a page or ticket shorter than that may be missing; narrow the range (7 days or less reads it every minute)`);
  }
  return notes;
}

/** The events of one service (and the gaps, which may hide some of them). */
export function timelineOfService(timeline: Timeline, service: string): Timeline {
  return {...timeline, events: timeline.events.filter((e) => e.service === service)};
}

/** Prometheus refuses range queries of more than 11,000 points per series. */
export const MAX_RANGE_POINTS = 11_000;

/**
 * The step of a history read: the rule evaluation interval (the resolution the alert states
 * have), raised to stay within {@link MAX_RANGE_POINTS}, whole seconds.
 */
export function historyStepSeconds(fromMs: number, toMs: number, evaluationSeconds: number): number {
  const minimum = Math.ceil((toMs - fromMs) / 1000 / MAX_RANGE_POINTS);
  return Math.max(1, Math.ceil(evaluationSeconds), minimum);
}

/** The SLO history's resolution is never finer than this: its windows are 5 minutes and more. */
export const MIN_SLO_STEP_SECONDS = 60;

/**
 * The step of the SLO history: the alert step, but at least a minute. Each step evaluates every
 * window of every SLO (the 30-day period too), so a 15 s step costs Prometheus four times the
 * work for changes no burn window shows faster than its 5 minutes.
 */
export function sloStepSeconds(fromMs: number, toMs: number, evaluationSeconds: number): number {
  return historyStepSeconds(fromMs, toMs, Math.max(MIN_SLO_STEP_SECONDS, evaluationSeconds));
}

/**
 * The grid the history is read on: instants `from`…`to` every `step`, `from` moved down to a
 * multiple of the step so every read (and every run) lands on the same absolute instants.
 */
export function historyGrid(fromMs: number, toMs: number, stepSeconds: number): number[] {
  const stepMs = stepSeconds * 1000;
  const grid: number[] = [];
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t <= toMs; t += stepMs) grid.push(t);
  return grid;
}
