/**
 * The handover as Markdown, meant to fit one screen (80×24) for a normal shift: each section a
 * heading line and at most a few entries, the rest counted (`+3 more`); the JSON has them all.
 * Rollbacks keep the newest (`+15 older`): the latest outcome is what the next on-call needs.
 */
import {formatClock, formatPercent} from './format.ts';
import {incidentAckText, type HandoverIncident} from './handover-incidents.ts';
import type {Handover, HandoverPage} from './handover.ts';
import {inContext, markdownLink, markdownText} from './timeline-document.ts';

const MAX_PER_SECTION = 4;
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function duration(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A section: its heading and at most a few entries. `missing` names the parts it is read from
 * that could not be read: then an empty section is `unknown`, never "nothing", and a full one
 * says it may be incomplete, in its heading, where the eye lands.
 */
function section<T>(title: string, items: readonly T[], line: (item: T) => string, none: string, missing: readonly string[] = [], keep: 'first' | 'newest' = 'first', tail: (item: T) => string = () => ''): string[] {
  const why = markdownText(missing.join(', '));
  if (items.length === 0) return [`### ${title}: ${missing.length > 0 ? `unknown (${why})` : none}`];
  const heading = `### ${title} (${items.length}${missing.length > 0 ? `, incomplete: ${why}` : ''})`;
  const cut = items.length - MAX_PER_SECTION;
  if (keep === 'newest' && cut > 0) {
    // The older ones counted above the newest, kept in time order.
    return [heading, `- +${cut} older (the JSON has them all)`, ...items.slice(cut).map((i) => `- ${markdownText(line(i))}${tail(i)}`)];
  }
  const shown = items.slice(0, MAX_PER_SECTION).map((i) => `- ${markdownText(line(i))}${tail(i)}`);
  const more = cut > 0 ? [`- +${cut} more`] : [];
  return [heading, ...shown, ...more];
}

// How a page ends: still paging (an incident: still open, with its ack), unknown since its data
// stopped, or (nothing said) ended.
function pageState(p: HandoverPage, at: (ms: number) => string): string {
  // An alert that paged an incident: the alert's own state, then the incident's.
  if (p.kind === 'alert' && p.incident) return `${pageState({...p, incident: undefined}, at)}${pagedText(p.incident)}`;
  const ack = p.incident ? incidentAckText(p.incident) : '';
  if (p.ongoing) return p.incident ? `, STILL OPEN${ack}` : ', STILL PAGING';
  if (p.unknownSince !== undefined) return `, then no data: UNKNOWN since ${at(p.unknownSince)} (may still page)`;
  return ack;
}

// The incident an alert paged, after the alert: `, incident #4321 triggered, NOT ACKED`.
const pagedText = (i: HandoverIncident) => `, incident #${i.number} ${i.status}${incidentAckText(i)}`;

// An alert's runbook link after its line; one lent by today's rule says so, as the timeline does.
const runbook = (a: {runbookUrl: string | null; runbookFrom?: 'current-rule'}) =>
  a.runbookUrl === null ? '' : markdownLink(a.runbookFrom === 'current-rule' ? "runbook of today's rule" : 'runbook', a.runbookUrl);

/** The handover in Markdown. */
export function handoverMarkdown(h: Handover): string {
  // The end's date when it is another day: `08:13Z – 08:13Z` read as an empty range.
  const end = day(h.to) === day(h.from) ? formatClock(h.to) : `${day(h.to)} ${formatClock(h.to)}`;
  // A day or more holds every time of day twice: `first 09:00Z` could be either morning, so each
  // time then carries its date. Shorter, a time of day inside the shift is one instant of it:
  // kept short. A time outside it (an ack's end days later, an ack made days before) carries its
  // date whatever the shift's length: `HOLDS until 23:00Z` read as tonight for a 3-day silence.
  const whole = h.to - h.from >= DAY_MS;
  const at = (ms: number) => (whole || ms < h.from || ms > h.to ? `${day(ms)} ${formatClock(ms)}` : formatClock(ms));
  const burning = h.slos.filter((s) => s.status === 'page' || s.status === 'ticket');
  // A budget that could not be measured is listed as such (no data is not zero errors), after those spent.
  const spent = h.slos.filter((s) => s.spent === null || s.spent > 0).sort((a, b) => (b.spent ?? -1) - (a.spent ?? -1));
  const unmeasured = h.slos.filter((s) => s.unmeasuredSince !== undefined);
  // Over several contexts every entry names its own (`prod-us/checkout-availability`): the same
  // SLO or source name in two contexts is two things.
  const several = h.contexts.length > 1;
  const own = (context: string | undefined, name: string) => inContext(several, context, name);
  const where = (context: string) => (several ? ` in ${context}` : '');
  const lines = [
    `# Handover ${markdownText(h.context)}: ${day(h.from)} ${formatClock(h.from)} – ${end}`,
    ...h.missing.map((g) => `> **Missing:** ${g.part}${g.source ? ` from ${markdownText(own(g.context, g.source))}` : several ? ` in ${markdownText(g.context)}` : ''}: ${markdownText(g.reason)}`),
    // Nothing missing, but an alert page and its incident may each be listed: said, never silent.
    ...(h.externalLabelsUnread ?? []).map((u) => `> **Note:** the external labels of ${markdownText(own(u.context, 'prometheus'))} could not be read (${markdownText(u.reason)}): an alert page may be listed apart from the incident it paged`),
    ...section('Paged', h.pages, (p) => `${own(p.context, p.name)}${p.service ? ` (${p.service})` : ''} ${p.kind === 'slo' ? 'SLO page' : p.kind === 'incident' ? `${p.severity} incident` : p.severity}: ${p.durationUnknown ? 'for an unknown time' : duration(p.seconds)}${p.ongoingAtStart ? ' in the shift' : ''}${p.episodes > 1 ? ` in ${p.episodes} episodes` : ''}, ${p.ongoingAtStart ? 'already paging at its start' : `first ${at(p.firstAt)}`}${pageState(p, at)}`, 'nothing', h.incomplete.pages, 'first', runbook),
    ...section('Still firing', h.stillFiring, (a) => `${own(a.context, a.name)}${a.service ? ` (${a.service})` : ''} ${a.severity}${a.incident ? ` incident${incidentAckText(a.incident)}` : ''}${a.pagedIncident ? pagedText(a.pagedIncident) : ''}${a.openedBeforeShift !== undefined ? ` (opened before the shift, ${day(a.openedBeforeShift)} ${formatClock(a.openedBeforeShift)})` : ''}`, 'nothing', h.incomplete.stillFiring, 'first', runbook),
    // Only where a paging service was read: without one there is no record to tell it from.
    ...(h.resolvedInShift === undefined ? [] : section('Resolved during the shift', h.resolvedInShift, (r) => `${own(r.context, r.name)}${r.service ? ` (${r.service})` : ''} ${r.severity} incident: opened ${day(r.openedAt)} ${formatClock(r.openedAt)}, resolved ${at(r.resolvedAt)}${incidentAckText(r.incident)}`, 'none', h.incomplete.resolvedInShift)),
    ...section('Acks', h.acks, (a) => `${at(a.at)} ${a.by}${where(a.context)}: ${a.matchers} ${a.holds ? `HOLDS until ${at(a.until)}` : a.expiredEarly ? 'expired early' : `ended ${at(a.until)}`}${a.beforeShift ? ' (made before the shift)' : ''}`, 'none', h.incomplete.acks),
    ...section('Rollbacks', h.rollbacks, (r) => `${at(r.at)} ${r.text}${r.by ? ` by ${r.by}` : ''}${where(r.context)}: ${r.outcome ?? 'outcome unknown'}`, 'none', h.incomplete.rollbacks, 'newest'),
    ...section('SLO budget spent', spent, (s) => `${own(s.context, s.slo)}: ${s.spent !== null ? formatPercent(s.spent) : s.budgetUnknown ? 'unknown' : 'no data'}${s.status === 'page' || s.status === 'ticket' ? ` — STILL BURNING (${s.status} ${s.trippedBy ?? ''})` : ''}`, 'none', h.incomplete.slos),
    ...(burning.some((b) => !spent.includes(b)) ? [`Still burning: ${burning.filter((b) => !spent.includes(b)).map((b) => markdownText(own(b.context, b.slo))).join(', ')}`] : []),
    ...(unmeasured.length > 0 ? [`NOT MEASURED at the end: ${unmeasured.map((s) => `${markdownText(own(s.context, s.slo))} (${s.status}${s.unmeasuredSince ? ` since ${at(s.unmeasuredSince)}` : ''})`).join(', ')}`] : []),
    ...section('Notes', h.notes, (n) => `${at(n.at)}${n.by ? ` ${n.by}` : ''}${where(n.context)}: ${n.text}`, 'none', h.incomplete.notes),
  ];
  return `${lines.join('\n')}\n`;
}

/** The handover as JSON-ready data: times ISO 8601 UTC. */
export function handoverDocument(h: Handover): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    context: h.context,
    from: iso(h.from),
    to: iso(h.to),
    counts: {pages: h.pages.length, acks: h.acks.length, acksHolding: h.acks.filter((a) => a.holds).length, rollbacks: h.rollbacks.length, stillFiring: h.stillFiring.length, ...(h.resolvedInShift === undefined ? {} : {resolvedInShift: h.resolvedInShift.length}), stillBurning: h.slos.filter((s) => s.status === 'page' || s.status === 'ticket').length, notMeasured: h.slos.filter((s) => s.unmeasuredSince !== undefined).length, notes: h.notes.length},
    pages: h.pages.map((p) => ({...p, firstAt: iso(p.firstAt), ...(p.unknownSince === undefined ? {} : {unknownSince: iso(p.unknownSince)})})),
    acks: h.acks.map((a) => ({...a, at: iso(a.at), until: iso(a.until)})),
    rollbacks: h.rollbacks.map((r) => ({...r, at: iso(r.at)})),
    slos: h.slos.map((s) => (s.unmeasuredSince === undefined ? s : {...s, unmeasuredSince: s.unmeasuredSince === null ? null : iso(s.unmeasuredSince)})),
    stillFiring: h.stillFiring,
    ...(h.resolvedInShift === undefined ? {} : {resolvedInShift: h.resolvedInShift.map((r) => ({...r, openedAt: iso(r.openedAt), resolvedAt: iso(r.resolvedAt)}))}),
    notes: h.notes.map((n) => ({...n, at: iso(n.at)})),
    missing: h.missing,
    incomplete: h.incomplete,
    ...(h.externalLabelsUnread === undefined ? {} : {externalLabelsUnread: h.externalLabelsUnread}),
  };
}
