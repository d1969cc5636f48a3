/**
 * The demo's CI: a deploy history and rollbacks that run on the clock. A run is queued for its
 * first two seconds, in progress until `rollbackMs` after the trigger, then succeeds; from that
 * moment a new deploy of the target version heads the history. Nothing runs in the background:
 * every read derives the status from the trigger time.
 */
import type {Deploy, DeployStatus, RollbackPlan, RollbackRun} from '../../domain/deploy.ts';
import {SourceFailure, type DeployLister, type Rollbacker, type RunWatcher, type Sourced} from '../capabilities.ts';
import {demoCiUrl, type DemoDeploySpec} from './demo-scenario-deploys.ts';

/** How long a demo rollback stays queued before it starts. */
export const QUEUED_MS = 2_000;

/** Author of the deploy a demo rollback creates. */
export const ROLLBACK_AUTHOR = 'oncall (rollback)';

/** The demo CI: every deploy and rollback capability. */
export type DemoDeploys = DeployLister & Rollbacker & RunWatcher;

/** What the demo CI needs from the rest of the demo. */
export interface DemoDeploysDeps {
  now: () => number;
  t0: number;
  specs: readonly DemoDeploySpec[];
  /** How long a rollback takes from trigger to success. */
  rollbackMs: number;
  /** Told at trigger time when a rollback will succeed, so the metrics can recover from then. */
  onRollbackScheduled: (plan: RollbackPlan, succeedsAt: number) => void;
}

interface Triggered {
  id: string;
  plan: RollbackPlan;
  triggeredAt: number;
  deploy: Deploy;
}

/** A run's status and the time it last changed, `elapsed` ms after its trigger. */
export function runProgress(elapsed: number, rollbackMs: number): {status: DeployStatus; sinceMs: number} {
  const queuedMs = Math.min(QUEUED_MS, rollbackMs);
  if (elapsed >= rollbackMs) return {status: 'success', sinceMs: rollbackMs};
  if (elapsed >= queuedMs) return {status: 'in_progress', sinceMs: queuedMs};
  return {status: 'queued', sinceMs: 0};
}

/** Creates the demo CI with its history placed at `t0`. */
export function createDemoDeploys(deps: DemoDeploysDeps): DemoDeploys {
  const {now, t0, rollbackMs, onRollbackScheduled} = deps;
  const history: Deploy[] = deps.specs.map(({startedOffsetMs, ...spec}) => ({
    ...spec,
    startedAt: t0 + startedOffsetMs,
    url: demoCiUrl(spec.service, 'deploys', spec.id),
  }));
  const runs = new Map<string, Triggered>();
  const byKey = new Map<string, string>();
  let counter = 0;

  const succeeded = (run: Triggered, at: number): boolean => at - run.triggeredAt >= rollbackMs;
  const deploysAt = (at: number): Deploy[] => {
    const rollbacks = [...runs.values()].filter((run) => succeeded(run, at)).map((run) => run.deploy);
    return [...rollbacks, ...history].sort((a, b) => b.startedAt - a.startedAt);
  };
  const toRun = (run: Triggered, at: number): RollbackRun => {
    const {status, sinceMs} = runProgress(at - run.triggeredAt, rollbackMs);
    return {id: run.id, plan: {...run.plan}, status, url: run.deploy.url, updatedAt: run.triggeredAt + sinceMs};
  };
  // The deploy being undone: the running release of that version, else the service's latest.
  const rolledBack = (plan: RollbackPlan, at: number): Deploy | undefined => {
    const live = deploysAt(at).filter((d) => d.service === plan.service && d.environment === plan.environment && d.status === 'success');
    return live.find((d) => d.version === plan.fromVersion) ?? live[0];
  };

  return {
    async listDeploys(): Promise<Sourced<Deploy[]>> {
      return {value: deploysAt(now()).map((d) => ({...d})), warnings: []};
    },
    async rollback(plan) {
      const at = now();
      const existing = byKey.get(plan.idempotencyKey);
      const known = existing === undefined ? undefined : runs.get(existing);
      if (known) return toRun(known, at);
      const n = ++counter;
      const id = `demo-run-${n}`;
      const from = rolledBack(plan, at);
      const deploy: Deploy = {
        id: `demo-rollback-${n}`,
        service: plan.service,
        version: plan.toVersion,
        environment: plan.environment,
        status: 'success',
        startedAt: at,
        author: ROLLBACK_AUTHOR,
        url: demoCiUrl(plan.service, 'rollbacks', id),
        ...(from ? {rollbackOf: from.id} : {}),
      };
      const run: Triggered = {id, plan: {...plan}, triggeredAt: at, deploy};
      runs.set(id, run);
      byKey.set(plan.idempotencyKey, id);
      onRollbackScheduled(plan, at + rollbackMs);
      return toRun(run, at);
    },
    preview: () => [
      'the demo CI, simulated: nothing leaves this machine',
      `queued for ${Math.min(QUEUED_MS, rollbackMs) / 1000}s, then running, done ${rollbackMs / 1000}s after the confirmation`,
    ],
    async getRun(id) {
      const run = runs.get(id);
      if (!run) throw new SourceFailure('bad-response', `rollback run ${id} not found`);
      return toRun(run, now());
    },
  };
}
