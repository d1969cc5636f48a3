/** Pane title state (error with data age, stale data, partial warnings) and collapsed summaries, from source health. */
import {paneSpec, perPane, type Pane} from '../actions/panes.ts';
import {dataAge, healthState, type SourceHealth} from '../domain/health.ts';
import {sanitize} from '../domain/sanitize.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {PaneStatus} from './components/Pane.tsx';
import type {DashboardData} from './hooks/use-dashboard-data.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {PANE_VIEWS} from './panes/pane-registry.ts';

/**
 * Why a pane has nothing to read in this context (`null`: it reads a source). Said as it is: a
 * context with a Prometheus and no SLOs has a source, it has no SLOs.
 */
export function idleReasons(services: ContextServices): Record<Pane, string | null> {
  return perPane((p) => PANE_VIEWS[p].idle(services));
}

// An idle reason that is a problem (SLO files that failed to load), not nothing configured.
const WARNED = '⚠ ';

/**
 * A pane's state over several contexts from each one's idle reason: idle only when idle in
 * every context, said per context where the reasons differ (problems first, so a cut title
 * keeps them); where some context reads, the problems of the idle ones become `warnings` naming
 * their context. Without this the merged pane took the first context's reason, or none at all,
 * and a context whose SLO files all failed to load vanished from a healthy-looking pane.
 */
export function mergedIdle(reasons: ReadonlyArray<{context: string; idle: string | null}>): {idle: string | null; warnings: string[]} {
  const idle = reasons.filter((r): r is {context: string; idle: string} => r.idle !== null);
  const problems = idle.filter((r) => r.idle.startsWith(WARNED));
  if (idle.length < reasons.length) return {idle: null, warnings: problems.map((r) => `${r.context}: ${r.idle.slice(WARNED.length)}`)};
  const distinct = [...new Set(idle.map((r) => r.idle))];
  if (distinct.length === 1 && problems.length === 0) return {idle: distinct[0] ?? null, warnings: []};
  const ordered = [...distinct.filter((d) => d.startsWith(WARNED)), ...distinct.filter((d) => !d.startsWith(WARNED))];
  const said = ordered.map((d) => {
    const names = idle.filter((r) => r.idle === d).map((r) => r.context).join(', ');
    return d.startsWith(WARNED) ? `${WARNED}${names}: ${d.slice(WARNED.length)}` : `${names}: ${d}`;
  });
  return {idle: said.join(' · '), warnings: []};
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

/**
 * The title state of a pane fed by `sources`: an error when every source's latest attempt failed
 * (one of several failing is a warning naming it), stale when the data is older than two polls
 * though nothing failed (a hang), and the age of the oldest data still shown. `named` prefixes source names;
 * `notes`: warnings of the pane's own (a context among several whose SLO files failed to load);
 * `nameStale`: the stale text names the sources that hang (`context/source` over several contexts).
 */
export function statusOf(sources: readonly SourceHealth[], now: number, idle: string | null, named: boolean, extra: {notes?: readonly string[]; nameStale?: boolean} = {}): PaneStatus {
  // Nothing to read is not a failure: a quiet note, not an error with "no data yet".
  if (idle !== null) return {error: null, warnings: [], loading: false, ageSeconds: null, note: idle, stale: false};
  const states = sources.map((h) => healthState(h, now));
  const failed = sources.filter((_, i) => states[i] === 'error');
  const ages = sources.map((h) => dataAge(h, now)).filter((a): a is number => a !== null);
  const ageSeconds = seconds(ages.length > 0 ? Math.max(...ages) : null);
  const allFailed = failed.length > 0 && failed.length === sources.length;
  // Several failing: their names first, so a narrow title still says every source that is missing.
  const messages = failed.map((h) => `${h.name}: ${h.error ?? 'failed'}`);
  const partial = allFailed ? [] : failed.length > 1 ? [`${failed.length} failed: ${failed.map((h) => h.name).join(', ')}`, ...messages] : messages;
  const warnings = sources.flatMap((h) => h.warnings.map((w) => (named ? `${h.name}: ${w}` : w)));
  const notes = extra.notes ?? [];
  // The pane's own notes (a context with no SLOs loaded) before the sources' warnings, so a cut
  // title keeps them, and in the error when every source failed: a title showing the error alone
  // must not drop them.
  return {
    error: allFailed ? [...failed.map((h) => (named ? `${h.name}: ${h.error}` : h.error)), ...notes].join('; ') : null,
    warnings: [...partial, ...notes, ...warnings],
    loading: states.includes('pending'),
    ageSeconds,
    stale: states.includes('stale'),
    ...(extra.nameStale && states.includes('stale') ? {staleSources: sources.filter((_, i) => states[i] === 'stale').map((h) => h.name)} : {}),
  };
}

/**
 * The title-line state of each pane; `set`: the screen shows several contexts (`several`), and
 * each pane's warnings of its own (`notes`, {@link mergedIdle}).
 */
export function paneStatuses(data: DashboardData, idle: Record<Pane, string | null>, set: {several?: boolean; notes?: Record<Pane, readonly string[]>} = {}): Record<Pane, PaneStatus> {
  const several = set.several === true;
  // A pane fed by several sources (alerts) names the source in its failures and warnings; over
  // several contexts every pane does (`prod-eu/github: …`, the merged health's names): a bare
  // `⚠ partial: page 2 …` said not whose history may lack deploys, while failures were named.
  return perPane((p) => statusOf(data.paneHealth[p], data.now, idle[p], several || PANE_VIEWS[p].namesSources === true, {nameStale: several, ...(set.notes ? {notes: set.notes[p]} : {})}));
}

/**
 * `pagerduty, grafana: not read in the past`, one group per reason; null when every source is
 * read. Said above the alerts and in their collapsed summary: what those sources hold (incidents,
 * their own alerts) is missing from the rows, and an unsaid gap would read as nothing from them.
 */
export function unreadNote(unread: readonly SourceHealth[]): string | null {
  const byReason = new Map<string, string[]>();
  for (const h of unread) if (h.unread !== undefined) byReason.set(h.unread, [...(byReason.get(h.unread) ?? []), sanitize(h.name)]);
  return byReason.size === 0 ? null : [...byReason].map(([reason, names]) => `${names.join(', ')}: ${sanitize(reason)}`).join(' · ');
}

/**
 * One-line summaries shown by collapsed panes; `past`: the dashboard shows the past (time
 * travel); `unread`: the alert sources not read ({@link unreadNote}), null when none.
 */
export function paneSummaries(built: DashboardTables, past = false, unread: string | null = null): Record<Pane, string> {
  return perPane((p) => PANE_VIEWS[p].summary(built, {past, unread}));
}

/**
 * The one line that sums up the panes a very short screen leaves out (`+ 2 crit · 5 active alerts
 * · … · deploys 3 deploys`), cut at the screen's width. The alerts come first whatever the pane
 * order, their critical count leading: a page firing is what the line is there to say.
 * `summaries`: the panes' {@link paneSummaries}, said after their title by a pane with no brief.
 */
export function hiddenPanesLine(hidden: readonly Pane[], built: DashboardTables, summaries: Record<Pane, string>, past = false, unread: string | null = null): string {
  const ordered = [...hidden.filter((p) => p === 'alerts'), ...hidden.filter((p) => p !== 'alerts')];
  const parts = ordered.map((p) => PANE_VIEWS[p].brief?.(built, {past, unread}) ?? `${paneSpec(p).title.toLowerCase()} ${summaries[p]}`);
  return `+ ${parts.join(' · ')}`;
}
