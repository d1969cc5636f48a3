/**
 * Deploy ↔ trouble correlation ("what changed?") and the choice of a rollback target.
 * Times are epoch milliseconds.
 */
import type {Alert} from './alert.ts';
import {isCommitSha, sameCommit, type Deploy} from './deploy.ts';
import {burnStartedAt} from './slo-signals.ts';
import type {SloReport} from './slo.ts';

/** Default look-back from a signal to the deploys that may have caused it. */
export const SUSPECT_WINDOW_MS = 30 * 60_000;

/** Something that started going wrong for a service: an SLO starting to burn, or an alert starting. */
export interface Signal {
  service: string;
  startedAt: number;
  /** What started, when the caller knows it, for the "why" shown next to a suspect deploy. */
  kind?: 'slo' | 'alert';
  /** The SLO or alert name. */
  name?: string;
  /** The environment in trouble, when known: deploys to other environments are not suspect. */
  environment?: string;
}

/** Why a deploy is suspect: the signal it preceded and by how long. */
export interface SuspectReason {
  signal: Signal;
  /** signal.startedAt − deploy.startedAt, ≥ 0. */
  leadMs: number;
}

/**
 * Deploys that started shortly before trouble on the same service: a successful or still running
 * deploy whose start lies in [signal − window, signal] (both ends inclusive) is suspect for that
 * signal. A deploy after the signal cannot have caused it; failed, cancelled and queued deploys
 * changed nothing that is running. Returns deploy id → reasons, in signal order.
 */
export function findSuspects(deploys: readonly Deploy[], signals: readonly Signal[], windowMs: number = SUSPECT_WINDOW_MS): Map<string, SuspectReason[]> {
  const out = new Map<string, SuspectReason[]>();
  for (const deploy of deploys) {
    if (deploy.status !== 'success' && deploy.status !== 'in_progress') continue;
    for (const signal of signals) {
      const leadMs = signal.startedAt - deploy.startedAt;
      if (signal.service !== deploy.service || leadMs < 0 || leadMs > windowMs) continue;
      if (signal.environment !== undefined && signal.environment !== deploy.environment) continue;
      const reasons = out.get(deploy.id) ?? [];
      reasons.push({signal, leadMs});
      out.set(deploy.id, reasons);
    }
  }
  return out;
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
