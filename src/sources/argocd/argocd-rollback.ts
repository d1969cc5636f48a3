/**
 * Rollback through Argo CD's own rollback: re-sync an application to an earlier history entry.
 *
 * Argo CD refuses (FailedPrecondition, HTTP 400) to roll back an application with automated sync,
 * because the next auto-sync would put Git's revision straight back. We read the application first
 * and refuse with what to do instead, so the user does not have to decode the server's answer; the
 * server's own refusal is still shown with its message if the setting changed in between.
 * `dryRun` makes the same checks and asks Argo CD the same question with `dryRun: true`.
 */
import {isCommitSha, type RollbackPlan, type RollbackRun} from '../../domain/deploy.ts';
import {SourceFailure, type Rollbacker, type RunWatcher} from '../capabilities.ts';
import {backendClock, ciFailure, createCiClient, dispatchFailure, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {callLine} from '../ci/ci-preview.ts';
import {createRunBook, runOf, unknownPlan} from '../ci/ci-runs.ts';
import {decodeWire} from '../http/decode.ts';
import {argocdAppUrl} from './argocd-deploys.ts';
import {applicationSchema, autoSyncOn, entryVersion, fullRevision, historyOf, phaseStatus, revisionsOf, syncInFlight, type WireApplication, type WireHistoryEntry} from './argocd-wire.ts';
import type {CloseOptions} from '../http/http-client.ts';

/** The `rollback:` config of the argocd provider (the fields this adapter reads). */
export interface ArgocdRollbackConfig {
  provider: 'argocd';
  apiUrl: string;
  app: string;
  /**
   * The service the application's deploys are listed under (the deploy history's `services`
   * map), when the history says: a plan for any other service is refused, never sent to `app`.
   */
  service?: string | undefined;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** A rollbacker and run watcher with its connections to close. */
export type ArgocdRollbacker = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview' | 'dryRun' | 'resolvedPreview'>> & {close(how?: CloseOptions): Promise<void>};

interface Started {
  plan: RollbackPlan;
  /** When the request was sent, on Argo CD's clock (as its own answers' `Date` headers tell it). */
  sentAt: number;
}

// An operation that started this long before our request is an older one: Argo CD's own answers'
// `Date` headers (backendClock, not the median of every backend's) tell its clock to a second or
// two, and the request's own answer is one of them.
const CLOCK_SLACK_MS = 30_000;

/** The message shown when auto-sync would undo a rollback. */
export function autoSyncRefusal(app: string): string {
  return `automated sync is on for ${app}: rollback would be reverted; disable auto-sync (argocd app set ${app} --sync-policy none) or roll back in Git`;
}

/**
 * Why an Argo CD rollback of `app` must not carry out `plan`: the application deploys `service`,
 * and the plan is another service's. Argo CD's rollback names no service, so sending it would
 * roll back `app` for the wrong service. Null when they agree or the service is not known.
 */
export function appServiceRefusal(app: string, service: string | undefined, plan: Pick<RollbackPlan, 'service'>): string | null {
  if (service === undefined || plan.service === service) return null;
  return `the argocd rollback rolls back application ${app}, which deploys ${service}, not ${plan.service}: roll ${plan.service} back in Git or through its own application (argocd app rollback APP ID)`;
}

/** The history entry a rollback goes to, or why no one entry can be picked. */
export type RollbackTargetResult = {ok: true; entry: WireHistoryEntry} | {ok: false; reason: string};

// Named as the history shows it (a chart version, the short sha), in full, or, for a multi-source
// entry, as all its full revisions joined by `+`: the form an ambiguity is listed in, so that
// giving back what the refusal lists picks that entry.
function matchesExactly(entry: WireHistoryEntry, toVersion: string): boolean {
  return entryVersion(entry) === toVersion || fullRevision(entry) === toVersion || revisionsOf(entry).includes(toVersion);
}

// A commit may be named by its first hex digits, as git abbreviates it. Anything shorter or not
// hex is a version name and must be given whole: `1.2` is not chart `1.20.0`.
function matchesCommitPrefix(entry: WireHistoryEntry, toVersion: string): boolean {
  if (!isCommitSha(toVersion)) return false;
  const prefix = toVersion.toLowerCase();
  return revisionsOf(entry).some((r) => isCommitSha(r) && r.toLowerCase().startsWith(prefix));
}

/**
 * The history entry to roll back to: the newest entry, other than the current one, whose version
 * or full revision is exactly `toVersion`; failing that, whose commit starts with `toVersion`
 * (7 hex digits at least). Every entry that matches must have deployed the same revision: when two
 * do not, none is picked, so the rollback never lands on a version the user did not name.
 * `newestIsCurrent: false` (the plan goes from a sync in flight or failed, not from the newest
 * entry: {@link rollsBackSyncInFlight}) lets the newest entry be the target too: Argo CD's rollback
 * takes any id its history holds, and re-syncing that entry puts back what ran before the sync.
 */
export function rollbackTarget(entries: readonly WireHistoryEntry[], toVersion: string, opts: {newestIsCurrent?: boolean} = {}): RollbackTargetResult {
  const newestIsCurrent = opts.newestIsCurrent ?? true;
  const candidates = newestIsCurrent ? entries.slice(1) : entries;
  const exact = candidates.filter((e) => matchesExactly(e, toVersion));
  const matches = exact.length > 0 ? exact : candidates.filter((e) => matchesCommitPrefix(e, toVersion));
  const newest = matches[0];
  if (newest === undefined) {
    return {ok: false, reason: `no ${newestIsCurrent ? 'earlier ' : ''}history entry has revision ${toVersion} (Argo CD keeps the last ${entries.length} syncs); roll back in Git`};
  }
  // The newest entry of each revision, newest first (entries are sorted so).
  const byRevision = new Map<string, WireHistoryEntry>();
  for (const e of matches) if (!byRevision.has(fullRevision(e))) byRevision.set(fullRevision(e), e);
  if (byRevision.size > 1) {
    const candidatesText = [...byRevision].map(([revision, e]) => `entry ${e.id}: ${revision}`).join(', ');
    // Each listed revision matches its entry exactly (`matchesExactly`), so it can be given back as is.
    return {ok: false, reason: `${toVersion} matches ${byRevision.size} different revisions in the history (${candidatesText}); give the one meant exactly as listed after its entry`};
  }
  return {ok: true, entry: newest};
}

/**
 * True when `plan` rolls back from the sync of another revision the application runs now or that
 * failed ({@link syncInFlight}), not from its newest history entry: the deploys list shows that
 * sync as a deploy of its own, and `R` on it plans a rollback to the newest entry. The sync has no
 * history id of its own; only real entries are ever sent.
 */
export function rollsBackSyncInFlight(app: WireApplication, entries: readonly WireHistoryEntry[], plan: Pick<RollbackPlan, 'fromVersion'>): boolean {
  const inFlight = syncInFlight(app, entries[0]);
  return inFlight !== null && (matchesExactly(inFlight, plan.fromVersion) || matchesCommitPrefix(inFlight, plan.fromVersion));
}

/** The line naming the entry a rollback goes to, as the plan and the dry run show it. */
function targetLine(entry: WireHistoryEntry): string {
  return `history entry ${entry.id} (revision ${fullRevision(entry)})`;
}

/** Creates the rollbacker for one Argo CD application. */
export function createArgocdRollbacker(config: ArgocdRollbackConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): ArgocdRollbacker {
  // The operation's `startedAt` is Argo CD's time: compared with the request's on its clock.
  const clock = backendClock(deps);
  const now = clock.now;
  const label = `argocd ${config.app}`;
  const appPath = `/api/v1/applications/${encodeURIComponent(config.app)}`;
  const url = argocdAppUrl(config.apiUrl, config.app);
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {deps: clock.deps});
  const book = createRunBook<Started>();

  async function readApp(): Promise<WireApplication> {
    return decodeWire(applicationSchema, await client.getJson(appPath), `${label} application`);
  }

  // Checks what Argo CD would refuse anyway, so the user reads why in our words.
  async function targetOf(plan: RollbackPlan): Promise<WireHistoryEntry> {
    // Before any read: another service's plan is refused whatever the application's state.
    const refused = appServiceRefusal(config.app, config.service, plan);
    if (refused !== null) throw new SourceFailure('bad-response', refused);
    const app = await readApp();
    if (autoSyncOn(app)) throw new SourceFailure('bad-response', autoSyncRefusal(config.app));
    const {entries} = historyOf(app);
    const target = rollbackTarget(entries, plan.toVersion, {newestIsCurrent: !rollsBackSyncInFlight(app, entries, plan)});
    if (!target.ok) throw new SourceFailure('bad-response', `${label}: ${target.reason}`);
    return target.entry;
  }

  async function start(plan: RollbackPlan): Promise<RollbackRun> {
    let target: WireHistoryEntry;
    try {
      target = await targetOf(plan);
    } catch (error) {
      // Only reads so far: nothing was asked of Argo CD.
      throw ciFailure(error, label);
    }
    const sentOnMachine = clock.machine();
    try {
      await client.postJson(`${appPath}/rollback`, {name: config.app, id: Number(target.id), dryRun: false, prune: false});
    } catch (error) {
      // A timeout, 5xx or reset may come after Argo CD began the sync: its outcome is unknown.
      throw dispatchFailure(error, label, `the application's sync status and history at ${url}`);
    }
    // On Argo CD's clock as its answers (this one's `Date` too) have told it.
    const sentAt = clock.ofMachine(sentOnMachine);
    const id = `${config.app}#rollback-${target.id}-${sentAt}`;
    book.remember(id, {plan, sentAt});
    return runOf(id, plan, 'queued', url, sentAt);
  }

  return {
    rollback: (plan) => book.once(plan, () => start(plan)),

    refusal: (plan) => appServiceRefusal(config.app, config.service, plan),

    preview: (plan) => [
      `rollback of application ${config.app} to its newest earlier history entry with revision ${plan.toVersion}`,
      `${callLine('POST', config.apiUrl, `${appPath}/rollback`)} (prune: false)`,
      'refused while automated sync is on (it would undo the rollback)',
    ],

    async resolvedPreview(plan: RollbackPlan): Promise<string[]> {
      try {
        const target = await targetOf(plan);
        return [`rollback of application ${config.app} to ${targetLine(target)}`, `${callLine('POST', config.apiUrl, `${appPath}/rollback`)} (id: ${target.id}, prune: false)`];
      } catch (error) {
        throw ciFailure(error, label);
      }
    },

    async dryRun(plan: RollbackPlan): Promise<string> {
      try {
        const target = await targetOf(plan);
        await client.postJson(`${appPath}/rollback`, {name: config.app, id: Number(target.id), dryRun: true, prune: false});
        return `${label}: dry run accepted: would roll back to ${targetLine(target)}`;
      } catch (error) {
        throw ciFailure(error, label);
      }
    },

    async getRun(id: string): Promise<RollbackRun> {
      const entry = book.recall(id);
      const plan = entry?.plan ?? unknownPlan(id, 'argocd');
      let app: WireApplication;
      try {
        app = await readApp();
      } catch (error) {
        throw ciFailure(error, label);
      }
      const state = app.status?.operationState;
      const startedAt = state?.startedAt ?? null;
      // Requested but not picked up yet, or the state still describes an earlier operation.
      const stale = entry !== undefined && startedAt !== null && startedAt < entry.sentAt - CLOCK_SLACK_MS;
      if (app.operation || !state || stale) return runOf(id, plan, 'queued', url, now());
      return runOf(id, plan, phaseStatus(state.phase), url, now());
    },

    close: (how) => client.close(how),
  };
}
