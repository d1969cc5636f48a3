/** Lines for rollback runs and deploy freezes, shown above the deploy table. Pure. */
import type {RollbackRun} from '../../domain/deploy.ts';
import {formatAge} from '../../domain/duration.ts';
import {formatClock} from '../../domain/format.ts';
import {isRunFinished} from '../../domain/rollback-plan.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {SloReport} from '../../domain/slo.ts';
import type {Tone} from './row-types.ts';

/** The reads of a followed run failing since `since` (the runtime's clock): how many, and the latest's message. */
export interface RunUnread {
  since: number;
  failures: number;
  error: string;
}

/** A run as the deploy pane follows it: `unread` while its latest reads fail. */
export type FollowedRun = RollbackRun & {unread?: RunUnread};

const RUN_TEXT: Record<RollbackRun['status'], {mark: string; tone: Tone}> = {
  queued: {mark: '… queued', tone: 'info'},
  in_progress: {mark: '↻ running', tone: 'info'},
  success: {mark: '✔ done', tone: 'ok'},
  failure: {mark: '✖ failed', tone: 'critical'},
  cancelled: {mark: '– cancelled', tone: 'muted'},
  unknown: {mark: '? unknown', tone: 'muted'},
};

/**
 * One line per triggered rollback run, newest first, with its link. A run whose latest reads
 * failed leads with that (as `oncall rollback` says each failed read), its status only as it
 * was: "↻ running" would read as the run's state now while the CI is down.
 */
export function runLines(runs: readonly FollowedRun[], now: number): Array<{text: string; tone: Tone}> {
  return runs.map((run) => {
    // A finished run's state is final: a failed read after it (a refresh during an outage)
    // tells nothing about it.
    if (run.unread !== undefined && !run.unfollowable && !isRunFinished(run.status)) return unreadLine(run, run.unread);
    // A webhook's accepted request, or a dispatch whose run cannot be told from another's:
    // neither done nor running nor queued, and nothing here will ever know.
    const s =
      run.unidentified !== undefined
        ? {mark: `? dispatched, run not identifiable (${sanitize(run.unidentified)}); check the workflow's runs`, tone: 'warn' as const}
        : run.unfollowable
          ? {mark: '? accepted by the webhook; its outcome cannot be followed from here', tone: 'info' as const}
          : RUN_TEXT[run.status];
    const link = run.url ? `  ${sanitize(run.url)}` : '';
    return {
      text: `ROLLBACK ${s.mark}: ${sanitize(run.plan.service)} ${sanitize(run.plan.fromVersion)} → ${sanitize(run.plan.toVersion)} (${formatAge(now - run.updatedAt)} ago)${link}`,
      tone: s.tone,
    };
  });
}

function unreadLine(run: RollbackRun, unread: RunUnread): {text: string; tone: Tone} {
  const tries = unread.failures === 1 ? '' : ` ×${unread.failures}`;
  const link = run.url ? `  ${sanitize(run.url)}` : '';
  // Shaped as the run's own line, its status only as it was, the provider's message last: what
  // the run is and where to look come before why it cannot be read. Short before the link: the
  // wide layout's deploy pane (55 cells wrapped to three rows at 140 columns) must show a GitHub
  // run's link whole, as the running line does; at 80 columns it wraps to three rows too.
  return {
    text: `ROLLBACK ? unreadable since ${formatClock(unread.since)}${tries}: ${sanitize(run.plan.service)} ${sanitize(run.plan.fromVersion)} → ${sanitize(run.plan.toVersion)} (was ${RUN_TEXT[run.status].mark})${link}  (${sanitize(unread.error)})`,
    tone: 'warn',
  };
}

/**
 * One line per rollback that could not be started, with the provider's message in full; one
 * whose outcome is unknown (`check` set) says it may have started and where to look.
 */
export function failureLines(failures: ReadonlyArray<{plan: RollbackRun['plan']; message: string; at: number; check?: string}>, now: number): Array<{text: string; tone: Tone}> {
  return failures.map((f) => {
    const what = `(${formatAge(now - f.at)} ago): ${sanitize(f.plan.service)} → ${sanitize(f.plan.toVersion)}: ${sanitize(f.message)}`;
    if (f.check !== undefined) return {text: `ROLLBACK ? outcome unknown, may have started ${what}; check ${sanitize(f.check)} before trying again`, tone: 'warn' as const};
    return {text: `ROLLBACK ✖ not started ${what}`, tone: 'critical' as const};
  });
}

/**
 * Deploy-freeze notices: services whose error budget is spent. Information only: a rollback is
 * still allowed (it is the way out), a new feature deploy should wait.
 */
export function freezeLines(reports: Iterable<SloReport>, contextOf: (r: SloReport) => string | null = () => null): Array<{text: string; tone: Tone}> {
  const services = new Set<string>();
  for (const r of reports) {
    if (r.errorBudgetRemaining === null || r.errorBudgetRemaining > 0) continue;
    // On a screen of several contexts the service is named with its context (`prod-us/checkout`).
    const context = contextOf(r);
    services.add(context === null ? r.definition.service : `${context}/${r.definition.service}`);
  }
  const sorted = [...services].sort();
  // Many at once (twenty contexts in an incident): one line naming them all, cut by the pane,
  // rather than a line each pushing the deploys out of a small pane.
  if (sorted.length > FREEZE_LINES_MAX) {
    return [{text: `DEPLOY FREEZE: ${sorted.length} services have spent their error budget (rollbacks still allowed): ${sorted.map((s) => sanitize(s)).join(', ')}`, tone: 'warn' as const}];
  }
  return sorted.map((s) => ({text: `DEPLOY FREEZE: ${sanitize(s)} has spent its error budget (rollbacks still allowed)`, tone: 'warn' as const}));
}

/** Past this many frozen services the notices are one line. */
export const FREEZE_LINES_MAX = 3;
