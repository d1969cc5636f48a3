/**
 * Rollback through Argo CD's own rollback: re-sync an application to an earlier history entry.
 *
 * Argo CD refuses (FailedPrecondition, HTTP 400) to roll back an application with automated sync,
 * because the next auto-sync would put Git's revision straight back. We read the application first
 * and refuse with what to do instead, so the user does not have to decode the server's answer; the
 * server's own refusal is still shown with its message if the setting changed in between.
 * `dryRun` makes the same checks and asks Argo CD the same question with `dryRun: true`.
 */
import type {RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {SourceFailure, type Rollbacker, type RunWatcher} from '../capabilities.ts';
import {ciFailure, createCiClient, dispatchFailure, type ProviderDeps, type ProviderSecrets} from '../ci/ci-http.ts';
import {callLine} from '../ci/ci-preview.ts';
import {createRunBook, runOf, unknownPlan} from '../ci/ci-runs.ts';
import {decodeWire} from '../http/decode.ts';
import {argocdAppUrl} from './argocd-deploys.ts';
import {applicationSchema, autoSyncOn, entryVersion, historyOf, phaseStatus, type WireApplication, type WireHistoryEntry} from './argocd-wire.ts';

/** The `rollback:` config of the argocd provider (the fields this adapter reads). */
export interface ArgocdRollbackConfig {
  provider: 'argocd';
  apiUrl: string;
  app: string;
  insecureSkipVerify?: boolean;
  timeout?: string;
}

/** A rollbacker and run watcher with its connections to close. */
export type ArgocdRollbacker = Rollbacker & RunWatcher & Required<Pick<Rollbacker, 'preview' | 'dryRun'>> & {close(): Promise<void>};

interface Started {
  plan: RollbackPlan;
  sentAt: number;
}

// An operation that started this long before our request is an older one (clocks differ).
const CLOCK_SLACK_MS = 30_000;

/** The message shown when auto-sync would undo a rollback. */
export function autoSyncRefusal(app: string): string {
  return `automated sync is on for ${app}: rollback would be reverted; disable auto-sync (argocd app set ${app} --sync-policy none) or roll back in Git`;
}

/**
 * The history entry to roll back to: the newest entry, other than the current one, whose version
 * (short revision) or full revision matches the plan's target.
 */
export function rollbackTarget(entries: readonly WireHistoryEntry[], toVersion: string): WireHistoryEntry | null {
  const [, ...earlier] = entries;
  const matches = (e: WireHistoryEntry) => entryVersion(e) === toVersion || (e.revision ?? '').startsWith(toVersion) || (e.revisions ?? []).includes(toVersion);
  return earlier.find(matches) ?? null;
}

/** Creates the rollbacker for one Argo CD application. */
export function createArgocdRollbacker(config: ArgocdRollbackConfig, secrets: ProviderSecrets, deps: ProviderDeps = {}): ArgocdRollbacker {
  const now = deps.now ?? Date.now;
  const label = `argocd ${config.app}`;
  const appPath = `/api/v1/applications/${encodeURIComponent(config.app)}`;
  const url = argocdAppUrl(config.apiUrl, config.app);
  const client = createCiClient({url: config.apiUrl, insecureSkipVerify: config.insecureSkipVerify, timeout: config.timeout}, secrets, {deps});
  const book = createRunBook<Started>();

  async function readApp(): Promise<WireApplication> {
    return decodeWire(applicationSchema, await client.getJson(appPath), `${label} application`);
  }

  // Checks what Argo CD would refuse anyway, so the user reads why in our words.
  async function targetOf(plan: RollbackPlan): Promise<WireHistoryEntry> {
    const app = await readApp();
    if (autoSyncOn(app)) throw new SourceFailure('bad-response', autoSyncRefusal(config.app));
    const {entries} = historyOf(app);
    const target = rollbackTarget(entries, plan.toVersion);
    if (!target) {
      throw new SourceFailure('bad-response', `${label}: no earlier history entry has revision ${plan.toVersion} (Argo CD keeps the last ${entries.length} syncs); roll back in Git`);
    }
    return target;
  }

  async function start(plan: RollbackPlan): Promise<RollbackRun> {
    let target: WireHistoryEntry;
    try {
      target = await targetOf(plan);
    } catch (error) {
      // Only reads so far: nothing was asked of Argo CD.
      throw ciFailure(error, label);
    }
    const sentAt = now();
    try {
      await client.postJson(`${appPath}/rollback`, {name: config.app, id: Number(target.id), dryRun: false, prune: false});
    } catch (error) {
      // A timeout, 5xx or reset may come after Argo CD began the sync: its outcome is unknown.
      throw dispatchFailure(error, label, `the application's sync status and history at ${url}`);
    }
    const id = `${config.app}#rollback-${target.id}-${sentAt}`;
    book.remember(id, {plan, sentAt});
    return runOf(id, plan, 'queued', url, sentAt);
  }

  return {
    rollback: (plan) => book.once(plan, () => start(plan)),

    preview: (plan) => [
      `rollback of application ${config.app} to its newest earlier history entry with revision ${plan.toVersion}`,
      `${callLine('POST', config.apiUrl, `${appPath}/rollback`)} (prune: false)`,
      'refused while automated sync is on (it would undo the rollback)',
    ],

    async dryRun(plan: RollbackPlan): Promise<string> {
      try {
        const target = await targetOf(plan);
        await client.postJson(`${appPath}/rollback`, {name: config.app, id: Number(target.id), dryRun: true, prune: false});
        return `${label}: dry run accepted: would roll back to history entry ${target.id} (revision ${entryVersion(target) || plan.toVersion})`;
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

    close: () => client.close(),
  };
}
