/**
 * The `oncall timeline --format json` document and the Markdown of a postmortem timeline, both
 * from the same events. Markdown: UTC times, one event a line, grouped by day, links to runs and
 * runbooks, who acted, then the error budget each SLO spent between the first and last event.
 */
import {formatPercent} from './format.ts';
import {isWebUrl, sanitize} from './sanitize.ts';
import type {UnreadPart} from './handover.ts';
import type {Timeline, TimelineEvent, TimelineGap, TimelinePart} from './timeline.ts';

/** Budget one SLO spent over a span, as a fraction of its period's budget; null = no data. */
export interface SloBudgetSpent {
  slo: string;
  service: string;
  spent: number | null;
  /** The context of the SLO, over several (two contexts may hold SLOs of the same name). */
  context?: string;
  /** Set when its read failed or was refused: `spent` is null because it is unknown, not because there was no data. */
  unread?: true;
}

/** The JSON document. Times are ISO 8601 UTC. */
export interface TimelineDocument {
  context: string;
  from: string;
  to: string;
  stepSeconds: number;
  sloStepSeconds: number;
  service: string | null;
  events: Array<Omit<TimelineEvent, 'at' | 'until'> & {at: string; until?: string}>;
  missing: TimelineGap[];
  /**
   * What the resolution of a long range may hide (`resolutionNotes`), and the parts no source is
   * configured for (`unreadNote`); empty at the evaluation interval with every part configured.
   */
  notes: string[];
  /** Between the first and the last event; empty with fewer than two events. */
  budgetSpent: {from: string; to: string; slos: SloBudgetSpent[]} | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

// What the events of a part are called, for a note that they were not read.
const PART_EVENTS: Readonly<Record<TimelinePart, {what: string; none: string}>> = {
  alerts: {what: 'alerts', none: 'no alert event does not mean nothing fired'},
  slos: {what: 'SLOs', none: 'no SLO event does not mean nothing burned'},
  deploys: {what: 'deploys', none: 'no deploy event does not mean nothing was deployed'},
  silences: {what: 'acks', none: 'no ack event does not mean nobody acked'},
  actions: {what: 'the action log', none: 'no rollback or note does not mean none was made'},
};

/**
 * A part no source is configured for (no Alertmanager: the acks), said as a note beside the
 * events: nothing failed, so it is no missing part and the exit code is unchanged, but its
 * events' absence is unknown, not "none". `several`: the context is named.
 */
export function unreadNote(u: UnreadPart, several: boolean): string {
  const {what, none} = PART_EVENTS[u.part];
  return `${what} not read${several ? ` in ${u.context}` : ''}: ${u.reason}, so ${none}`;
}

/** The first and last instants of the events, or null when there are fewer than two distinct ones. */
export function eventSpan(events: readonly TimelineEvent[]): {from: number; to: number} | null {
  const first = events[0]?.at;
  const last = events.at(-1)?.at;
  return first === undefined || last === undefined || last <= first ? null : {from: first, to: last};
}

/** Builds the JSON document. */
export function timelineDocument(input: {context: string; service?: string; timeline: Timeline; budgets: SloBudgetSpent[]}): TimelineDocument {
  const {timeline} = input;
  const span = eventSpan(timeline.events);
  return {
    context: input.context,
    from: iso(timeline.from),
    to: iso(timeline.to),
    stepSeconds: timeline.stepSeconds,
    sloStepSeconds: timeline.sloStepSeconds,
    service: input.service ?? null,
    events: timeline.events.map(({at, until, ...rest}) => ({at: iso(at), ...rest, ...(until === undefined ? {} : {until: iso(until)})})),
    missing: timeline.gaps,
    notes: timeline.notes ?? [],
    budgetSpent: span ? {from: iso(span.from), to: iso(span.to), slos: input.budgets} : null,
  };
}

/**
 * Backend text made safe for Markdown: controls and bidi escaped (`sanitize`), then brackets,
 * stars, underscores, backticks and angle brackets, which Markdown would read as markup or as a
 * link to somewhere else, and an `&` that starts a character reference (`&rlm;`, `&#8203;`),
 * which Markdown would decode into the very character sanitize escaped. Another `&` (`1h&5m`)
 * is left as it reads.
 */
export function markdownText(text: string): string {
  return sanitize(text).replace(/[\\`*_[\]<>|#]|&(?=#|[A-Za-z0-9]+;)/g, (c) => `\\${c}`);
}

/**
 * ` [label](url)` for a web link, else nothing: the URL in its parsed form (control characters
 * percent-encoded), its parentheses encoded so they cannot end the link early (by hand:
 * `encodeURIComponent` leaves them as they are).
 */
export function markdownLink(label: string, url: string | undefined): string {
  return url !== undefined && isWebUrl(url) ? ` [${label}](${new URL(url).href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))})` : '';
}

const time = (ms: number) => `${iso(ms).slice(11, 19)}Z`;
const day = (ms: number) => iso(ms).slice(0, 10);
/**
 * The time of `ms` read under the day of `ref` (the day heading it is written under): the time
 * alone on that day, else with its own date. An ack at 23:50 until 00:05, or for a day, would
 * otherwise read as ending on the day above it.
 */
const timeUnder = (ms: number, ref: number) => (day(ms) === day(ref) ? time(ms) : `${day(ms)} ${time(ms)}`);

/**
 * `name` as a document over several contexts writes it: `prod-us/checkout` (the same name in two
 * contexts is two things); over one context, or without a context, the name alone.
 */
export function inContext(several: boolean, context: string | undefined, name: string): string {
  return several && context ? `${context}/${name}` : name;
}

/**
 * An empty timeline with every part read. Of a service nothing names (a typo, a label spelled
 * otherwise), that is said with the names that are there: "Nothing happened" would read as calm.
 */
function nothingHappened(service: string | undefined, named: readonly string[] | undefined): string {
  if (service === undefined || named === undefined) return 'Nothing happened in this range.';
  if (named.includes(service)) return `Nothing happened to ${markdownText(service)} in this range.`;
  const others = named.filter((s) => s !== '');
  return `No event and no SLO names the service ${markdownText(service)} (check the name); ${others.length > 0 ? `those named in this range: ${others.map(markdownText).join(', ')}` : 'no event in this range names any service'}.`;
}

function eventLine(e: TimelineEvent, several: boolean): string {
  // A runbook lent by today's rule says so: the rule may have changed since the event.
  const label = e.kind.startsWith('alert') ? (e.urlFrom === 'current-rule' ? "runbook of today's rule" : 'runbook') : e.kind.startsWith('rollback') ? 'run' : e.kind.startsWith('deploy') ? 'deploy' : 'link';
  const by = e.by && !e.text.includes(e.by) ? ` (by ${markdownText(e.by)})` : '';
  const until = e.kind === 'ack' && e.until !== undefined ? ` until ${timeUnder(e.until, e.at)}${e.expiredEarly ? ', expired early' : ''}` : '';
  const ongoing = e.ongoing ? ' (already so at the start)' : '';
  const where = e.service ? inContext(several, e.context, e.service) : several ? e.context : '';
  return `- ${time(e.at)} **${e.kind}**${where ? ` ${markdownText(where)}:` : ''} ${markdownText(e.text)}${by}${until}${ongoing}${markdownLink(label, e.url)}`;
}

/**
 * The postmortem timeline in Markdown. Over several contexts (`contexts`) every event, missing
 * part and budget names its context (`prod-us/checkout`): the same service in two contexts
 * read as one.
 */
export function timelineMarkdown(doc: {
  context: string;
  contexts?: readonly string[];
  service?: string;
  timeline: Timeline;
  budgets: SloBudgetSpent[];
  /** The services any event of the range or any SLO names: an empty timeline of another says its name matched nothing. */
  services?: readonly string[];
}): string {
  const {timeline} = doc;
  const several = (doc.contexts?.length ?? 1) > 1;
  const own = (context: string | undefined, name: string) => inContext(several, context, name);
  const lines = [`# Timeline${doc.service ? ` of ${markdownText(doc.service)}` : ''}, context ${markdownText(doc.context)}`, '', `${iso(timeline.from)} – ${iso(timeline.to)} (UTC), alerts every ${timeline.stepSeconds}s, SLOs every ${timeline.sloStepSeconds}s`, ''];
  for (const g of timeline.gaps) lines.push(`> **Missing:** ${g.part}${g.source ? ` from ${markdownText(own(g.context, g.source))}` : several ? ` in ${markdownText(g.context)}` : ''}: ${markdownText(g.reason)}`);
  for (const n of timeline.notes ?? []) lines.push(`> **Note:** ${markdownText(n)}`);
  if (timeline.gaps.length > 0 || (timeline.notes?.length ?? 0) > 0) lines.push('');
  let current = '';
  for (const e of timeline.events) {
    if (day(e.at) !== current) {
      current = day(e.at);
      lines.push(`## ${current}`, '');
    }
    lines.push(eventLine(e, several));
  }
  // Nothing happened only if every part was read: a missing one may hold the events.
  if (timeline.events.length === 0) lines.push(timeline.gaps.length === 0 ? nothingHappened(doc.service, doc.services) : 'No events in the parts that could be read (the missing parts above may hold some).');
  const span = eventSpan(timeline.events);
  if (span && doc.budgets.length > 0) {
    lines.push('', `## Error budget spent ${timeUnder(span.from, span.to)} – ${timeUnder(span.to, span.from)}`, '');
    for (const b of doc.budgets) lines.push(`- ${markdownText(own(b.context, b.slo))}: ${b.spent !== null ? `${formatPercent(b.spent)} of its budget` : b.unread ? 'unknown (could not be read: see the missing parts)' : 'no data'}`);
  }
  return `${lines.join('\n')}\n`;
}
