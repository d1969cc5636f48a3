/**
 * Deploy ↔ trouble correlation ("what changed?") and the choice of a rollback target.
 * Times are epoch milliseconds.
 */
import type {Alert} from './alert.ts';
import {isCommitSha, ROLLOUT_MAX_MS, sameCommit, type Deploy} from './deploy.ts';
import {burnStartedAt} from './slo-signals.ts';
import type {SloReport} from './slo.ts';

/** Default look-back from a signal to the deploys that may have caused it. */
export const SUSPECT_WINDOW_MS = 30 * 60_000;

// How long after it started a deploy still `in_progress` may be rolling out (deploy.ts: one rule
// for "live" and "suspect"). Longer, it is taken for one whose final status was never posted (a
// GitHub Deployment whose CI died), not a slow canary: blaming it would flag it for every later
// alert of its service, for ever.
export {ROLLOUT_MAX_MS};

/** Something that started going wrong for a service: an SLO starting to burn, or an alert starting. */
export interface Signal {
  service: string;
  startedAt: number;
  /** What started, when the caller knows it, for the "why" shown next to a suspect deploy. */
  kind?: 'slo' | 'alert';
  /** The SLO or alert name. */
  name?: string;
  /** The environment in trouble, when known: deploys to other environments are not suspect (one to an unknown environment, `''`, is). */
  environment?: string;
}

/** Why a deploy is suspect: the signal it preceded and by how long. */
export interface SuspectReason {
  signal: Signal;
  /** signal.startedAt − deploy.startedAt, ≥ 0. */
  leadMs: number;
}

/**
 * Deploys that changed what runs shortly before trouble on the same service. A deploy is suspect
 * for a signal when it started no later than the signal and was rolling out within
 * [signal − window, signal] (both ends inclusive): it started in that window; or it started
 * before and, when the history says when it finished, finished no earlier than the window's start
 * (a canary that takes an hour, a deploy that finished just before); or, when it does not, it is
 * still in progress. "Still in progress" holds only while it may still be
 * rolling out: no later deploy of its service and environment started by the signal, and it
 * started at most {@link ROLLOUT_MAX_MS} before it. A deploy after the signal cannot have caused it.
 * Successful, running and failed deploys count: a failed one may have rolled out before a later
 * step (its smoke test) failed. Cancelled and queued ones changed nothing that is running, and
 * one whose status is unknown is not blamed on a guess. A
 * deploy whose environment the history does not know (`''`) is compared by service alone: unknown
 * is not another environment. A rollback is not suspect for a signal the deploy it replaced is
 * suspect for: it follows that trouble, it did not cause it. Returns deploy id → reasons, in
 * signal order.
 */
export function findSuspects(deploys: readonly Deploy[], signals: readonly Signal[], windowMs: number = SUSPECT_WINDOW_MS): Map<string, SuspectReason[]> {
  const out = new Map<string, SuspectReason[]>();
  const byId = new Map(deploys.map((d) => [d.id, d]));
  for (const deploy of deploys) {
    if (!CHANGED_WHAT_RUNS.has(deploy.status)) continue;
    const replaced = deploy.rollbackOf === undefined ? undefined : byId.get(deploy.rollbackOf);
    for (const signal of signals) {
      if (!suspectFor(deploy, signal, windowMs, deploys)) continue;
      if (replaced !== undefined && CHANGED_WHAT_RUNS.has(replaced.status) && suspectFor(replaced, signal, windowMs, deploys)) continue;
      const reasons = out.get(deploy.id) ?? [];
      reasons.push({signal, leadMs: signal.startedAt - deploy.startedAt});
      out.set(deploy.id, reasons);
    }
  }
  return out;
}

/** The statuses of a deploy that may have changed what runs (see {@link findSuspects}). */
const CHANGED_WHAT_RUNS: ReadonlySet<Deploy['status']> = new Set(['success', 'in_progress', 'failure']);

/** True when `deploy` was rolling out within `windowMs` before `signal`, on its service and environment; `deploys` is the history. */
function suspectFor(deploy: Deploy, signal: Signal, windowMs: number, deploys: readonly Deploy[]): boolean {
  if (signal.service !== deploy.service || deploy.startedAt > signal.startedAt) return false;
  if (signal.environment !== undefined && deploy.environment !== '' && signal.environment !== deploy.environment) return false;
  const from = signal.startedAt - windowMs;
  if (deploy.startedAt >= from) return true;
  // Started before the window: it counts while it was still rolling out inside it.
  if (deploy.finishedAt !== undefined) return deploy.finishedAt >= from;
  return deploy.status === 'in_progress' && stillRollingOut(deploy, signal.startedAt, deploys);
}

/**
 * True when `deploy`, still `in_progress` by the history, may have been rolling out at `at`: it
 * started at most {@link ROLLOUT_MAX_MS} before, and no later deploy of its service and
 * environment had started by then (the pipeline moved on: it finished or was abandoned).
 */
function stillRollingOut(deploy: Deploy, at: number, deploys: readonly Deploy[]): boolean {
  if (at - deploy.startedAt > ROLLOUT_MAX_MS) return false;
  return !deploys.some((d) => d.id !== deploy.id && d.service === deploy.service && d.environment === deploy.environment && d.startedAt > deploy.startedAt && d.startedAt <= at);
}

/**
 * Burn starts and alert starts per service: the signals deploys are correlated with. An alert
 * counts while Alertmanager holds it active, acked, silenced or inhibited alike: an ack says
 * someone is on it, not that the trouble is gone, so acking must not clear the suspect deploy
 * the engineer is about to roll back. Pending alerts (not yet firing) do not count, nor do
 * alerts whose start time could not be read.
 */
export function incidentSignals(slos: readonly SloReport[], alerts: readonly Alert[], now: number, environment?: string): Signal[] {
  return [...sloSignals(slos, now, environment), ...alertSignals(alerts, environment)];
}

/** The SLO half of {@link incidentSignals}: burn starts, which move with `now`. */
export function sloSignals(slos: readonly SloReport[], now: number, environment?: string): Signal[] {
  const env = environment === undefined ? {} : {environment};
  return slos.flatMap((r): Signal[] => {
    const at = burnStartedAt(r, now);
    return at === null ? [] : [{service: r.definition.service, startedAt: at, kind: 'slo', name: r.definition.name, ...env}];
  });
}

/**
 * The alert half of {@link incidentSignals}: alert starts, which do not depend on the time, so
 * a dashboard computes them once per alert list rather than for 10,000 alerts every second.
 */
export function alertSignals(alerts: readonly Alert[], environment?: string): Signal[] {
  const env = environment === undefined ? {} : {environment};
  return alerts
    .filter((a): a is Alert & {startsAt: number} => a.state !== 'pending' && a.startsAt !== null && a.labels['service'] !== undefined && a.labels['service'] !== '')
    .map((a): Signal => {
      // An alert that names its environment says where the trouble is, whatever the context.
      const labelled = a.labels['environment'] ?? a.labels['env'];
      return {service: a.labels['service']!, startedAt: a.startsAt, kind: 'alert', name: a.name, ...(labelled ? {environment: labelled} : env)};
    });
}

/** A version someone rolled back from, and when: deploys of it before then are no target. */
interface RolledBack {
  version: string;
  sha: string | undefined;
  at: number;
}

/**
 * The versions rollbacks of `deploy`'s service and environment went away from: each rollback's
 * `rollbackOf` names the deploy it replaced (or, when the history no longer lists that deploy,
 * its version, as a GitHub workflow history writes it). A rollback that succeeded or is still
 * queued or running counts: someone judged that version bad, and rolling "back" to it would put
 * the trouble back. One that failed or was cancelled does not: that version kept running, maybe
 * for weeks after a false alarm, and is the version a later rollback should go back to.
 */
function rolledBackVersions(deploys: readonly Deploy[], deploy: Deploy): RolledBack[] {
  const out: RolledBack[] = [];
  const byId = new Map(deploys.map((d) => [d.id, d]));
  for (const r of deploys) {
    if (r.rollbackOf === undefined || r.service !== deploy.service || r.environment !== deploy.environment) continue;
    if (r.status === 'failure' || r.status === 'cancelled') continue;
    const from = byId.get(r.rollbackOf);
    out.push({version: from?.version ?? r.rollbackOf, sha: from?.sha, at: r.startedAt});
  }
  return out;
}

/** What a deploy or a rolled-back version put in place. */
export interface Deployed {
  version: string;
  sha?: string | undefined;
}

/** How many different versions a commit may carry before a history's commits are not believed. */
const SHARED_COMMIT_VERSIONS = 3;

/**
 * The commits (lower case) that `deploys` show under {@link SHARED_COMMIT_VERSIONS} or more
 * different versions: a history that gives every deploy one commit (a run's branch tip taken for
 * what it deployed) says nothing about what each deploy put in place. Two versions on one commit
 * are common and true (an rc promoted by tagging its commit, a branch deploy and its tag).
 */
export function sharedCommits(deploys: readonly Deployed[]): Set<string> {
  const versions = new Map<string, Set<string>>();
  for (const d of deploys) {
    if (d.sha === undefined || d.sha === '') continue;
    const sha = d.sha.toLowerCase();
    const seen = versions.get(sha) ?? new Set<string>();
    seen.add(d.version);
    versions.set(sha, seen);
  }
  return new Set([...versions].filter(([, seen]) => seen.size >= SHARED_COMMIT_VERSIONS).map(([sha]) => sha));
}

/**
 * True when `a` and `b` deployed one thing: the same commit under any name (an rc and the final
 * tag of its commit, a branch deploy and its tag, a short-sha name), or the same version when
 * their commits do not say otherwise. Two known, different commits are two things whatever the
 * name (a branch named like a release, a tag moved): taken for one, the good older deploy was
 * skipped as the rollback target. A commit in `shared` ({@link sharedCommits} of the history) is
 * not believed: every deploy carrying it would be the same, and a rollback would have no target.
 */
export function sameDeployed(a: Deployed, b: Deployed, shared: ReadonlySet<string> = new Set()): boolean {
  const believed = isCommitSha(a.sha) && isCommitSha(b.sha) && !shared.has(a.sha.toLowerCase()) && !shared.has(b.sha.toLowerCase());
  if (believed) return sameCommit(a.sha, b.sha);
  return a.version === b.version;
}

/** True when `d` deployed a version `bad` names, before that version was rolled back from. */
function rolledBackFrom(d: Deploy, bad: readonly RolledBack[], shared: ReadonlySet<string>): boolean {
  return bad.some((b) => d.startedAt < b.at && sameDeployed(d, b, shared));
}

/**
 * The rollback target for `deploy`: the newest successful deploy of the same service and
 * environment that started strictly before it. Skipped: deploys of the same version or of the
 * same commit under another name (a tag's deploy and the branch's, named by its short sha, of one
 * commit; an rc and the final tag of its commit), since rolling back to what is already running
 * would change nothing; and deploys of a version
 * a rollback went away from (before that rollback), so that a rollback of a rollback does not
 * put back the version just rolled back from. A version deployed again after its rollback is a
 * target again. `null` when there is none.
 */
export function previousGoodDeploy(deploys: readonly Deploy[], deploy: Deploy): Deploy | null {
  const bad = rolledBackVersions(deploys, deploy);
  const shared = sharedCommits(deploys.filter((d) => d.service === deploy.service && d.environment === deploy.environment));
  let best: Deploy | null = null;
  for (const d of deploys) {
    if (d.id === deploy.id || d.status !== 'success' || d.service !== deploy.service || d.environment !== deploy.environment) continue;
    if (d.startedAt >= deploy.startedAt || sameDeployed(d, deploy, shared) || rolledBackFrom(d, bad, shared)) continue;
    if (best === null || d.startedAt > best.startedAt) best = d;
  }
  return best;
}
