/**
 * Who is on call, as the dashboard draws it: the compact header line for the selected row's
 * service (or the first level of every service in view), and the lines of the alert detail.
 * The screen never lies: a failed read says so, with the age of what is still shown. Pure; every
 * backend string is sanitized here.
 */
import type {QueryObserverResult} from '@tanstack/query-core';
import {formatAge} from '../../domain/duration.ts';
import {shortReason} from '../../domain/health.ts';
import {oncallsFor, type Oncall} from '../../domain/incident.ts';
import {mergeCoverage, serviceCoverage, type OncallCoverage} from '../../domain/oncall-coverage.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {FailedAttempt} from '../../queries/last-failure.ts';
import {AllSourcesFailed, describeFailure} from '../../queries/source-outcome.ts';
import type {OncallSnapshot} from '../../queries/oncall-queries.ts';
import type {DetailLine} from './detail-lines.ts';
import type {Tone} from './row-types.ts';

/** The on-call read as the view sees it. */
export interface OncallView {
  /** The on-calls shown: the last good answer of every source. */
  oncalls: readonly Oncall[];
  /** Epoch ms of the oldest answer behind them; null before the first one. */
  asOf: number | null;
  /** Sources whose latest read failed, with why (unsanitized). */
  failing: ReadonlyArray<{name: string; error: string}>;
  /** Older than this is stale even without a failure (polling paused); null = never. */
  staleAt: number | null;
  /** The context whose sources were asked (a screen of several contexts names it). */
  context?: string;
  /**
   * Set while the screen shows the past: the on-calls are still the present's read, so their
   * ages and shift ends count by this live clock, not the instant shown, and the line says
   * `on call now` so it does not read as who was on call then.
   */
  liveNow?: number;
  /** What the sources could not see; absent: they said nothing of it. */
  coverage?: OncallCoverage;
}

/** The view as the screen of the past draws it: the present's read, by the live clock. */
export function presentOncalls(view: OncallView, liveNow: number): OncallView {
  return {...view, liveNow};
}

/** `on call`, or `on call now` when the screen shows the past. */
const leadOf = (view: OncallView) => (view.liveNow === undefined ? 'on call' : 'on call now');

/**
 * The view of the on-call query's result; `staleAfterMs` is two poll intervals. `failure` is the
 * query's latest failed attempt (`lastFailureOptions`): it still says the read failed while the
 * next attempt runs, when query-core's `error` of a query without data is cleared.
 */
export function oncallView(result: Pick<QueryObserverResult<OncallSnapshot, Error>, 'data' | 'error' | 'dataUpdatedAt'>, staleAfterMs: number | null, failure: FailedAttempt | null = null): OncallView {
  const snap = result.data;
  const error = result.error ?? failure?.error ?? null;
  const failed = error instanceof AllSourcesFailed ? error.outcomes : error ? [{name: 'on-call', ok: false, error: describeFailure(error)}] : (snap?.outcomes ?? []);
  const failing = failed.filter((o) => !o.ok).map((o) => ({name: o.name, error: o.error ?? 'failed'}));
  const times = snap?.outcomes.flatMap((o) => (o.updatedAt == null ? [] : [o.updatedAt])) ?? [];
  // The snapshot's own time (the runtime's clock), not query-core's `dataUpdatedAt` (this machine's).
  const asOf = snap ? (times.length > 0 ? Math.min(...times) : snap.at) : null;
  return {oncalls: snap?.oncalls ?? [], asOf, failing, staleAt: asOf !== null && staleAfterMs !== null ? asOf + staleAfterMs : null, ...(snap?.gaps ? {coverage: mergeCoverage(snap.gaps)} : {})};
}

/**
 * Whether `o`'s shift, as the read said, has ended by `now`: kept names (a source unreadable, or
 * a handover between two reads) may be of someone already off call.
 */
const shiftEnded = (o: Oncall, now: number) => o.until !== null && o.until <= now;

// The mark of an ended shift comes before the name, and ended names after every current one: a
// narrow terminal cuts the line's end, so it drops an ended name first and never shows one
// without its mark, as if still on call.

/** `ended 30m ago: alice`: one name of the first level, without a selection, whose shift has ended. */
const endedName = (o: Oncall, now: number) => `ended ${formatAge(now - o.until!)} ago: ${sanitize(o.user)}`;

/**
 * `storefront-primary (L1) · storefront-secondary (L2)`: one service's on-calls by level. One whose
 * shift has ended is named apart, after every current one, `L1 ended 30m ago: alice`, never as
 * the level's current.
 */
function byLevel(oncalls: readonly Oncall[], now: number): {text: string; ended: boolean} {
  const levels = new Map<number, string[]>();
  for (const o of oncalls) if (!shiftEnded(o, now)) levels.set(o.level, [...(levels.get(o.level) ?? []), sanitize(o.user)]);
  const current = [...levels].sort(([a], [b]) => a - b).map(([level, names]) => `${names.join(', ')} (L${level})`);
  const ended = oncalls.filter((o) => shiftEnded(o, now)).sort((a, b) => a.level - b.level).map((o) => `L${o.level} ${endedName(o, now)}`);
  return {text: [...current, ...ended].join(' · '), ended: ended.length > 0};
}

/** `warn` over `muted` (an ended shift shown); a failure's own tone is kept. */
const atLeastWarn = (tone: Tone, warn: boolean): Tone => (warn && tone === 'muted' ? 'warn' : tone);

/**
 * Why `service` has no on-call shown when that is not "nobody": its PagerDuty service was not
 * found, or a list was cut before it; null when nobody is the truth as far as the read goes.
 */
function unknownWhy(view: OncallView, service: string): string | null {
  if (!view.coverage || serviceCoverage(view.coverage, view.oncalls, service) !== 'unknown') return null;
  return view.coverage.unknown.includes(service) ? 'not found in PagerDuty' : 'a list was cut';
}

/** What the line says about the read itself, before the names: a failure, or an old answer. */
function readState(view: OncallView, now: number): {lead: string; tone: Tone} | null {
  const on = leadOf(view);
  const age = view.asOf === null ? null : formatAge(now - view.asOf);
  if (view.failing.length > 0) {
    const why = view.failing.map((f) => `${sanitize(f.name)} ✖ ${shortReason(f.error)}`).join(', ');
    return age === null ? {lead: `${on}: ${why}, never read`, tone: 'critical'} : {lead: `${on} ⚠ as of ${age} ago (${why})`, tone: 'warn'};
  }
  if (view.staleAt !== null && now >= view.staleAt) return {lead: `${on} ⚠ as of ${age} ago`, tone: 'warn'};
  return null;
}

/**
 * The header line: `on call: checkout alice (L1) · bob (L2)` for the selected row's service;
 * without one, the first level of each service in view. A failed read leads the line (so a
 * narrow terminal cuts names, never the failure); unsanitized input, sanitized output. With
 * `context` (a screen of several contexts) the line names the context it was read in,
 * `on call (prod-eu): …`: the same service may have other people on call elsewhere. `now` is
 * the screen's clock; in the past the view's own live clock (`liveNow`) is used instead.
 */
export function oncallHeaderText(view: OncallView, service: string | null, inView: readonly string[], now: number, context: string | null = null): {text: string; tone: Tone} {
  const line = headerLine(view, service, inView, view.liveNow ?? now);
  return context === null ? line : {...line, text: line.text.replace(/^on call( now)?/, (lead) => `${lead} (${sanitize(context)})`)};
}

function headerLine(view: OncallView, service: string | null, inView: readonly string[], now: number): {text: string; tone: Tone} {
  const state = readState(view, now);
  const lead = state?.lead ?? leadOf(view);
  const tone: Tone = state?.tone ?? 'muted';
  if (view.asOf === null) return state ? {text: state.lead, tone} : {text: `${leadOf(view)}: reading…`, tone: 'muted'};
  if (service !== null) {
    const mine = oncallsFor(view.oncalls, service);
    const why = mine.length > 0 ? null : unknownWhy(view, service);
    if (why !== null) return {text: `${lead}: ${sanitize(service)} unknown (${why})`, tone: tone === 'critical' ? tone : 'warn'};
    const levels = byLevel(mine, now);
    return {text: `${lead}: ${sanitize(service)} ${mine.length > 0 ? levels.text : 'nobody known on call'}`, tone: atLeastWarn(tone, levels.ended)};
  }
  let unknown = false;
  const firsts = inView.flatMap((s) => {
    const l1 = oncallsFor(view.oncalls, s).filter((o, _, all) => o.level === all[0]!.level);
    if (l1.some((o) => shiftEnded(o, now))) unknown = true;
    // Who is on call now first: the name someone pages from the line is the first one.
    const current = l1.filter((o) => !shiftEnded(o, now)).map((o) => sanitize(o.user));
    const ended = l1.filter((o) => shiftEnded(o, now)).map((o) => endedName(o, now));
    const names = [...(current.length > 0 ? [current.join(', ')] : []), ...(ended.length > 0 ? [`(${ended.join(', ')})`] : [])];
    if (l1.length > 0) return [`${sanitize(s)} ${names.join(' ')}`];
    // A service in view whose on-call cannot be known is named as such, not left out as if nobody.
    return unknownWhy(view, s) === null ? [] : ((unknown = true), [`${sanitize(s)} unknown`]);
  });
  // A service named unknown, or by someone whose shift has ended, is something to look at.
  return {text: `${lead}: ${firsts.length > 0 ? firsts.join(' · ') : 'nobody known for the services in view'}`, tone: atLeastWarn(tone, unknown)};
}

/**
 * The `on call` section of an alert's details: each level for its service, and the read's state.
 * In the past (`liveNow`) it is `on call now`, its shift ends counted by the live clock.
 */
export function oncallDetails(view: OncallView, service: string | undefined, screenNow: number): DetailLine[] {
  if (service === undefined) return [];
  const now = view.liveNow ?? screenNow;
  const lines: DetailLine[] = [{label: '', value: `${leadOf(view)} for ${sanitize(service)}`}];
  const state = readState(view, now);
  if (state) lines.push({label: '  read', value: state.lead.replace(/^on call( now)?:? ?/, ''), tone: state.tone});
  if (view.asOf === null) return state ? lines : [...lines, {label: '  read', value: 'reading…'}];
  const mine = oncallsFor(view.oncalls, service);
  const why = mine.length > 0 ? null : unknownWhy(view, service);
  if (why !== null) lines.push({label: '  —', value: `unknown: ${why}`, tone: 'warn'});
  else if (mine.length === 0) lines.push({label: '  —', value: 'nobody known on call for this service'});
  for (const o of mine) {
    const ended = shiftEnded(o, now);
    // An ended shift says how long ago, never `(0s)`, which would read as ending right now.
    const left = o.until === null ? '' : ended ? `ended ${formatAge(now - o.until)} ago` : formatAge(o.until - now);
    const until = o.until === null ? 'no end' : `until ${new Date(o.until).toISOString().slice(0, 16)}Z (${left})`;
    lines.push({label: `  L${o.level}`, value: sanitize(`${o.user} ${until} · ${o.schedule ? `${o.schedule}, ` : ''}${o.escalationPolicy} (${o.source})`), ...(ended ? {tone: 'warn' as const} : {})});
  }
  return lines;
}

/** The services the panes show, alerts first, each once: what the line speaks of without a selection. */
export function servicesInView(alerts: Iterable<{labels: Readonly<Record<string, string>>}>, slos: Iterable<{service?: string}>): string[] {
  const seen = new Set<string>();
  for (const a of alerts) if (a.labels['service']) seen.add(a.labels['service']);
  for (const s of slos) if (s.service) seen.add(s.service);
  return [...seen];
}
