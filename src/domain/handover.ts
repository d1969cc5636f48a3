/**
 * The shift handover: what the next on-call needs from the last shift's timeline, on one screen.
 * What paged and for how long, acks by whom and which still hold, rollbacks and how they ended,
 * the error budget each SLO spent during the shift and which still burn, what still fires, notes.
 */
import type {Silence} from './alert.ts';
import {incidentOf, incidentOfAlert, incidentPage, openAt, type HandoverIncident, type PagedIncident} from './handover-incidents.ts';
import {isWebUrl} from './sanitize.ts';
import type {SloReport} from './slo.ts';
import type {SloBudgetSpent} from './timeline-document.ts';
import {silenceCopyKey, silenceMatcherText, silenceService} from './timeline-silences.ts';
import type {Timeline, TimelineEvent, TimelineGap, TimelinePart} from './timeline.ts';

/** Something that paged during the shift, and for how long. */
export interface HandoverPage {
  /** The context it paged in: two contexts' SLOs of one name are two pages. */
  context: string;
  /** `incident`: one the paging service opened (read from it, not from the alert history). */
  kind: 'alert' | 'slo' | 'incident';
  name: string;
  service: string;
  severity: string;
  /** First time it paged in the shift (or the shift's start when it already paged then). */
  firstAt: number;
  /** Seconds it paged within the shift, all episodes together. */
  seconds: number;
  episodes: number;
  /** Still paging at the end of the shift. */
  ongoing: boolean;
  /**
   * Already paging when the shift began (its timeline event `ongoing`): `firstAt` is then the
   * shift's start, not when it began, and `seconds` counts only the shift's part.
   */
  ongoingAtStart?: true;
  /**
   * A page whose data stopped while it paged and did not come back (an SLO's, or Prometheus held
   * none up to the end): whether it still pages is unknown since then (`seconds` counts up to
   * it), so it is neither ended nor ongoing.
   */
  unknownSince?: number;
  /** An incident resolved at a time its service did not say: how long it paged is unknown. */
  durationUnknown?: true;
  /** The incident behind an `incident` page, or the one an `alert` page's alert paged (listed once, as the alert). */
  incident?: HandoverIncident;
  /** An alert's runbook, as its timeline events link it (none for an SLO page). */
  runbookUrl: string | null;
  /** Set when the link is today's rule's: history keeps no annotations, and the rule may have changed since. */
  runbookFrom?: 'current-rule';
}

/** An alert firing at the end of the shift, with its runbook as its timeline events link it. */
export interface HandoverFiring {
  name: string;
  service: string;
  severity: string;
  context?: string;
  runbookUrl: string | null;
  /** Set when the link is today's rule's (see {@link HandoverPage.runbookFrom}). */
  runbookFrom?: 'current-rule';
  /** An incident of the paging service still open at the end, with who acked it. */
  incident?: HandoverIncident;
  /** The incident an alert entry paged (listed once, as the alert). */
  pagedIncident?: HandoverIncident;
  /** An incident opened before the shift (when, epoch ms) and open all through it: the shift inherited it. */
  openedBeforeShift?: number;
}

/**
 * An incident of the paging service opened before the shift and resolved during it: open at the
 * shift's start, it is in neither Paged nor Still firing, yet the shift handled it.
 */
export interface HandoverResolved {
  context: string;
  name: string;
  service: string;
  severity: string;
  /** When it was opened, before the shift, epoch ms. */
  openedAt: number;
  /** When it was resolved, within the shift, epoch ms. */
  resolvedAt: number;
  incident: HandoverIncident;
}

/** An ack (a silence) made during the shift or still holding at its end. */
export interface HandoverAck {
  context: string;
  by: string;
  service: string;
  matchers: string;
  at: number;
  until: number;
  holds: boolean;
  expiredEarly: boolean;
  /** Made before the shift and still holding at its end: the shift inherited it. */
  beforeShift?: true;
}

/** A rollback asked for during the shift and how it ended, when known. */
export interface HandoverRollback {
  context: string;
  at: number;
  service: string;
  text: string;
  by: string | null;
  outcome: string | null;
  url: string | null;
}

/** The handover's sections, by their key in the JSON's `counts`. */
export type HandoverSection = 'pages' | 'stillFiring' | 'resolvedInShift' | 'acks' | 'rollbacks' | 'slos' | 'notes';

// The budget read is an SLO gap of its own (`budget spent: …`): it leaves the budgets unknown, not the pages.
type SectionSource = TimelinePart | 'budget';
const BUDGET_GAP = /^budget spent: /;
const sourceOf = (g: TimelineGap): SectionSource => (g.part === 'slos' && BUDGET_GAP.test(g.reason) ? 'budget' : g.part);

/** The timeline parts each section is read from: a part missing leaves the section unknown or incomplete. */
const SECTION_PARTS: Readonly<Record<HandoverSection, readonly SectionSource[]>> = {
  pages: ['alerts', 'slos'],
  stillFiring: ['alerts'],
  resolvedInShift: ['alerts'],
  acks: ['silences'],
  rollbacks: ['actions'],
  slos: ['slos', 'budget'],
  notes: ['actions'],
};

/**
 * A missing part in a few words, for a section's heading: the source and what went wrong
 * (`prometheus unavailable`, `prometheus no alert history`), the whole reason being in the
 * `Missing:` lines. The reason's head is what comes before its first `: ` outside parentheses.
 */
export function gapLabel(gap: TimelineGap, name: (context: string, source: string) => string = (_c, s) => s): string {
  const reason = gap.reason.replace(BUDGET_GAP, '');
  let depth = 0;
  let end = reason.length;
  for (let i = 0; i < reason.length - 1; i++) {
    const c = reason[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ':' && reason[i + 1] === ' ' && depth === 0) {
      end = i;
      break;
    }
  }
  const head = reason.slice(0, end);
  return gap.source ? `${name(gap.context, gap.source)} ${head}` : head;
}

/** The whole handover. */
export interface Handover {
  context: string;
  /** The contexts it covers; with several, each entry says its own. */
  contexts: string[];
  from: number;
  to: number;
  pages: HandoverPage[];
  acks: HandoverAck[];
  rollbacks: HandoverRollback[];
  /**
   * Each SLO at the end; `budgetUnknown` when its own budget could not be read (its `spent` null is then
   * no "no data" but unknown); `unmeasuredSince` when its status at the end is `no-data` or
   * `unknown`, since its last such event in the shift (null: since before the shift or untold).
   */
  slos: Array<SloBudgetSpent & {status: string; trippedBy: string | null; budgetUnknown?: true; unmeasuredSince?: number | null}>;
  stillFiring: HandoverFiring[];
  /**
   * The incidents opened before the shift and resolved during it, by resolution time; absent when
   * no paging service was read (there is no record of incidents to tell it from).
   */
  resolvedInShift?: HandoverResolved[];
  notes: Array<{at: number; by: string | null; text: string; context: string}>;
  missing: Timeline['gaps'];
  /**
   * The sections a missing part may have left empty or short, each with its missing parts in a
   * few words (`gapLabel`), and those no source is configured for (`no Alertmanager configured`).
   */
  incomplete: Partial<Record<HandoverSection, string[]>>;
  /**
   * The contexts whose external labels (`externalLabels: auto`) could not be read, and why: an
   * alert page there may not be matched to the incident it paged, so the two may be listed
   * apart. Nothing is missing, so no gap; absent: none.
   */
  externalLabelsUnread?: Array<{context: string; reason: string}>;
}

/**
 * A part no source is configured for in a context (acks without an Alertmanager): nothing
 * failed, so it is no missing part, but what the section would be read from is not there, so
 * the section is unknown, never "none".
 */
export interface UnreadPart {
  part: TimelinePart;
  context: string;
  /** In a few words, e.g. `no Alertmanager configured`. */
  reason: string;
}

// A paging source of a context, as a gap names it.
const sourceKey = (context: string, source: string) => `${context}\u0000${source}`;

/**
 * Which sections the missing parts and the parts nothing reads touch, and how (see {@link gapLabel}).
 * Resolved during the shift is read from the paging sources alone: another alert source's gap
 * leaves it whole.
 */
function incompleteSections(gaps: readonly TimelineGap[], unread: readonly UnreadPart[], several: boolean, paging: ReadonlySet<string>): Handover['incomplete'] {
  const out: Handover['incomplete'] = {};
  const name = (context: string, source: string) => (several ? `${context}/${source}` : source);
  for (const [section, parts] of Object.entries(SECTION_PARTS) as Array<[HandoverSection, readonly SectionSource[]]>) {
    const reads = (g: TimelineGap) => parts.includes(sourceOf(g)) && (section !== 'resolvedInShift' || paging.has(sourceKey(g.context, g.source)));
    const missing = gaps.filter(reads).map((g) => gapLabel(g, name));
    const notRead = unread.filter((u) => parts.includes(u.part)).map((u) => (several ? `${u.reason} in ${u.context}` : u.reason));
    const labels = [...new Set([...missing, ...notRead])];
    if (labels.length > 0) out[section] = labels;
  }
  return out;
}

// The runbook fields of an alert event: the timeline resolved its link (annotation, today's
// rule, or the context's template, `timeline-alerts.ts`), so the handover says the same.
function runbookFields(e: TimelineEvent | undefined): {runbookUrl: string | null; runbookFrom?: 'current-rule'} {
  if (e?.url === undefined || !isWebUrl(e.url)) return {runbookUrl: null};
  const url = new URL(e.url).href;
  return e.urlFrom === 'current-rule' ? {runbookUrl: url, runbookFrom: 'current-rule'} : {runbookUrl: url};
}

// One alert in one context, whatever order its labels were listed in.
const alertKey = (context: string, labels: Readonly<Record<string, string>>) => `${context}\u0000${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;

function pageKey(e: TimelineEvent): string | null {
  if (e.kind.startsWith('alert-')) {
    const severity = e.subject?.['severity'] ?? '';
    return severity === 'critical' || severity === 'page' ? `alert|${e.context}|${JSON.stringify(e.subject ?? {})}` : null;
  }
  // By context too: prod-eu's and prod-us' `checkout-availability` page apart, and one recovering
  // must not end the other's episode.
  return e.kind.startsWith('slo-') ? `slo|${e.context}|${e.subject?.['slo'] ?? ''}` : null;
}

// An SLO's data stopped (or could not be evaluated), or Prometheus held no data to the end while
// an alert was active: what it does since is unknown, not ended.
const UNMEASURED = new Set<TimelineEvent['kind']>(['slo-no-data', 'slo-unknown', 'alert-unknown']);

/**
 * Critical alerts and SLO pages: each episode from its page to the next change. A page followed
 * by no data (an SLO's, or Prometheus' to the end) ends its count there but is unknown since,
 * until data comes back.
 */
function pagesOf(events: readonly TimelineEvent[], to: number): Array<HandoverPage & {labels?: Record<string, string>}> {
  const pages = new Map<string, HandoverPage & {openSince: number | null; labels?: Record<string, string>}>();
  for (const e of events) {
    const key = pageKey(e);
    if (key === null) continue;
    const paging = e.kind === 'alert-firing' || e.kind === 'slo-page';
    let page = pages.get(key);
    if (paging && !page) {
      const slo = e.kind === 'slo-page';
      page = {context: e.context, kind: slo ? 'slo' : 'alert', name: slo ? (e.subject?.['slo'] ?? '') : (e.subject?.['alertname'] ?? ''), service: e.service, severity: slo ? 'page' : (e.subject?.['severity'] ?? ''), firstAt: e.at, seconds: 0, episodes: 0, ongoing: false, ...(e.ongoing ? {ongoingAtStart: true as const} : {}), openSince: null, ...runbookFields(slo ? undefined : e), ...(slo || !e.subject ? {} : {labels: e.subject})};
      pages.set(key, page);
    }
    if (!page) continue;
    if (paging && page.openSince === null) {
      page.openSince = e.at;
      page.episodes++;
      delete page.unknownSince;
    } else if (!paging && page.openSince !== null) {
      page.seconds += (e.at - page.openSince) / 1000;
      page.openSince = null;
      if (UNMEASURED.has(e.kind)) page.unknownSince = e.at;
    } else if (!paging && !UNMEASURED.has(e.kind)) {
      // Measured again and not paging: the page did end.
      delete page.unknownSince;
    }
  }
  return [...pages.values()].map(({openSince, ...p}) => (openSince === null ? p : {...p, seconds: p.seconds + (to - openSince) / 1000, ongoing: true}));
}

/**
 * Acks made before the shift that still hold at its end: the timeline holds only the shift's
 * events, yet the shift inherits them (they hide alerts from everyone). Copies of one silence on
 * several Alertmanagers are one ack, as `silenceEvents` counts them.
 */
function acksBeforeShift(silences: ReadonlyArray<{silence: Silence; context?: string}>, context: string, from: number, to: number): HandoverAck[] {
  const seen = new Set<string>();
  const out: HandoverAck[] = [];
  for (const {silence: s, context: own} of silences) {
    const where = own ?? context;
    if (!(s.startsAt < from && s.startsAt <= to && s.endsAt > to && s.state !== 'expired')) continue;
    const id = `${where}\u0000${s.id}`;
    const copy = `${where}\u0000${silenceCopyKey(s)}`;
    if (seen.has(id) || seen.has(copy)) continue;
    seen.add(id);
    seen.add(copy);
    out.push({context: where, by: s.createdBy, service: silenceService(s), matchers: silenceMatcherText(s), at: s.startsAt, until: s.endsAt, holds: true, expiredEarly: false, beforeShift: true});
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Each rollback asked for and how it ended. Only a request the backend took with a run to follow
 * can have a finish, and a finish is its own run's (by run id, else request id), given to one
 * request only: a refused request keeps "refused", never a later rollback's outcome.
 */
function rollbacksOf(events: readonly TimelineEvent[]): HandoverRollback[] {
  const finished = events.filter((e) => e.kind === 'rollback-finished');
  const used = new Set<TimelineEvent>();
  const idOf = (e: TimelineEvent) => {
    const run = e.subject?.['runId'];
    if (run) return `run:${e.context}:${run}`;
    const request = e.subject?.['idempotencyKey'];
    return request ? `request:${e.context}:${request}` : null;
  };
  return events
    .filter((e) => e.kind === 'rollback-requested')
    .map((e): HandoverRollback => {
      const request = e.subject?.['request'];
      const id = request === 'requested' ? idOf(e) : null;
      const end = id === null ? undefined : finished.find((f) => !used.has(f) && f.at >= e.at && idOf(f) === id);
      if (end) used.add(end);
      const outcome = end ? (end.subject?.['status'] ?? end.text) : request === 'refused' ? 'refused, nothing started' : null;
      return {context: e.context, at: e.at, service: e.service, text: e.text, by: e.by ?? null, outcome, url: end?.url ?? e.url ?? null};
    });
}

/** When an SLO unmeasured at the end last became so in the shift; null: before it, or no event says. */
function unmeasuredSince(events: readonly TimelineEvent[], context: string, slo: string): number | null {
  let since: number | null = null;
  let unmeasured = false;
  for (const e of events) {
    if (e.context !== context || !e.kind.startsWith('slo-') || e.subject?.['slo'] !== slo) continue;
    // The first of a run of no-data and unknown events; one at the timeline's start that says
    // the state held already names no start.
    if (UNMEASURED.has(e.kind) && !unmeasured) since = e.ongoing ? null : e.at;
    unmeasured = UNMEASURED.has(e.kind);
  }
  return unmeasured ? since : null;
}

/**
 * The incidents opened before `from` and resolved within `[from, to]`, by resolution time. One an
 * alert page or an alert still firing carries is listed once, there. One resolved at a time not
 * said is left to its source, which says it (whether it was resolved in the shift is unknown).
 */
function resolvedInShift(incidents: readonly PagedIncident[], folded: ReadonlySet<PagedIncident>, from: number, to: number): HandoverResolved[] {
  return incidents
    .filter((i) => !folded.has(i) && i.createdAt < from && i.status === 'resolved' && i.resolvedAt !== null && i.resolvedAt >= from && i.resolvedAt <= to)
    .sort((a, b) => a.resolvedAt! - b.resolvedAt!)
    .map((i) => ({context: i.context, name: `#${i.number} ${i.title}`, service: i.service, severity: i.severity, openedAt: i.createdAt, resolvedAt: i.resolvedAt!, incident: incidentOf(i, to)}));
}

/** Builds the handover of `[from, to]` from its timeline and the state at its end. */
export function buildHandover(input: {
  context: string;
  /** The contexts read (default: `context` alone). */
  contexts?: readonly string[];
  timeline: Timeline;
  /** With their context over several (`context` absent: the one context). */
  slosAtEnd: ReadonlyArray<SloReport & {context?: string}>;
  alertsAtEnd: ReadonlyArray<{labels: Record<string, string>; state: 'pending' | 'firing'; context?: string}>;
  silences: ReadonlyArray<{silence: Silence}>;
  budgets: readonly SloBudgetSpent[];
  /** Parts no source is configured for (e.g. silences without an Alertmanager): their sections are unknown. */
  unread?: readonly UnreadPart[];
  /** The incidents the paging services opened during the shift (none read: empty). */
  incidents?: readonly PagedIncident[];
  /**
   * The names of each context's configured external labels: Prometheus adds them to the alerts
   * it sends, so an incident's alerts have them and the alert history has not. An alert is
   * matched to its incident without them.
   */
  externalLabels?: Readonly<Record<string, readonly string[]>>;
  /** The contexts whose external labels could not be read, and why (see {@link Handover}). */
  externalLabelsUnread?: ReadonlyArray<{context: string; reason: string}>;
  /** The paging sources read for `incidents`, by context (none: no Resolved during the shift). */
  pagingSources?: ReadonlyArray<{context: string; source: string}>;
}): Handover {
  const {timeline} = input;
  const {from, to, events} = timeline;
  const acksInShift = events.filter((e) => e.kind === 'ack');
  const heldIds = new Set(input.silences.filter(({silence: s}) => s.state === 'active' || (s.startsAt <= to && s.endsAt > to && s.state !== 'expired')).map(({silence}) => silence.id));
  const acks: HandoverAck[] = [...acksBeforeShift(input.silences, input.context, from, to), ...acksInShift.map((e) => ({
    context: e.context,
    by: e.by ?? '',
    service: e.service,
    matchers: e.subject?.['matchers'] ?? '',
    at: e.at,
    until: e.until ?? e.at,
    holds: heldIds.has(e.subject?.['silenceId'] ?? '') && (e.until ?? 0) > to,
    expiredEarly: e.expiredEarly === true,
  }))];
  const rollbacks = rollbacksOf(events);
  // By context and name: two contexts' SLOs of one name spent their own budgets.
  const budgetKey = (context: string | undefined, slo: string) => `${context ?? ''}\u0000${slo}`;
  const budgetOf = new Map(input.budgets.map((b) => [budgetKey(b.context, b.slo), b]));
  // Each SLO's budget is unknown by its own `unread` (a failed read marks every SLO of its context
  // so): one SLO's refused query leaves the others' budgets read, their null still "no data".
  const budgetUnread = (context: string | undefined, slo: string) => budgetOf.get(budgetKey(context, slo))?.unread === true;
  const several = (input.contexts?.length ?? 1) > 1;
  const incidents = input.incidents ?? [];
  const external = (context: string) => (input.externalLabels && Object.hasOwn(input.externalLabels, context) ? input.externalLabels[context]! : []);
  // An alert firing at the end has events in the timeline (labels as subject) that carry its runbook.
  const alertEvent = new Map<string, TimelineEvent>();
  for (const e of events) if (e.kind.startsWith('alert-') && e.subject) alertEvent.set(alertKey(e.context, e.subject), e);
  // An incident a Prometheus alert paged is listed once, as the alert carrying it: matched by the
  // dashboard's rule (the incident's alerts' labels or link key), never by name or time.
  const foldedPages = new Set<PagedIncident>();
  const alertPages = pagesOf(events, to).map(({labels, ...p}): HandoverPage => {
    const paged = labels === undefined ? null : incidentOfAlert(incidents, p.context, labels, external(p.context));
    if (paged === null) return p;
    foldedPages.add(paged);
    return {...p, incident: incidentOf(paged, to)};
  });
  const foldedFiring = new Set<PagedIncident>();
  const firingAlerts = input.alertsAtEnd
    .filter((a) => a.state === 'firing')
    .map((a): HandoverFiring => {
      const paged = incidentOfAlert(incidents, a.context ?? input.context, a.labels, external(a.context ?? input.context));
      if (paged !== null) foldedFiring.add(paged);
      return {
        name: a.labels['alertname'] ?? '',
        service: a.labels['service'] ?? '',
        severity: a.labels['severity'] ?? '',
        ...(a.context === undefined ? {} : {context: a.context}),
        ...runbookFields(alertEvent.get(alertKey(a.context ?? input.context, a.labels))),
        ...(paged === null ? {} : {pagedIncident: incidentOf(paged, to)}),
      };
    });
  return {
    context: input.context,
    contexts: [...(input.contexts ?? [input.context])],
    from,
    to,
    // Alert and SLO pages first as they came, then the paging service's incidents by time. One
    // opened before the shift paged before it: it is handed over under Still firing alone.
    pages: [...alertPages, ...[...incidents].filter((i) => i.createdAt >= from && !foldedPages.has(i)).sort((a, b) => a.createdAt - b.createdAt).map((i) => incidentPage(i, from, to))],
    acks,
    rollbacks,
    slos: input.slosAtEnd.map((r) => ({
      slo: r.definition.name,
      service: r.definition.service,
      spent: budgetOf.get(budgetKey(r.context, r.definition.name))?.spent ?? null,
      status: r.status,
      trippedBy: r.trippedBy,
      ...(r.context === undefined ? {} : {context: r.context}),
      ...(budgetUnread(r.context, r.definition.name) ? {budgetUnknown: true as const} : {}),
      ...(r.status === 'no-data' || r.status === 'unknown' ? {unmeasuredSince: unmeasuredSince(events, r.context ?? input.context, r.definition.name)} : {}),
    })),
    stillFiring: firingAlerts.concat(
      incidents
        .filter((i) => openAt(i, to) && !foldedFiring.has(i))
        .map((i) => ({name: `#${i.number} ${i.title}`, service: i.service, severity: i.severity, ...(several ? {context: i.context} : {}), runbookUrl: null, incident: incidentOf(i, to), ...(i.createdAt < from ? {openedBeforeShift: i.createdAt} : {})})),
    ),
    // An incident an alert still firing carries is listed there once, like one an alert page carries.
    ...((input.pagingSources?.length ?? 0) > 0 ? {resolvedInShift: resolvedInShift(incidents, new Set([...foldedPages, ...foldedFiring]), from, to)} : {}),
    notes: events.filter((e) => e.kind === 'note').map((e) => ({at: e.at, by: e.by ?? null, text: e.text, context: e.context})),
    missing: timeline.gaps,
    incomplete: incompleteSections(timeline.gaps, input.unread ?? [], (input.contexts?.length ?? 1) > 1, new Set((input.pagingSources ?? []).map((p) => sourceKey(p.context, p.source)))),
    ...((input.externalLabelsUnread?.length ?? 0) > 0 ? {externalLabelsUnread: input.externalLabelsUnread!.map((u) => ({...u}))} : {}),
  };
}
