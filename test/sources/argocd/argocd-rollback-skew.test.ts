/**
 * Following an Argo CD rollback when this machine's clock is not the Argo CD server's (a bastion
 * minutes off): the operation's `startedAt` is the server's time, so it is compared with the
 * request's time on Argo CD's own clock (its answers' `Date` headers), not this machine's, nor
 * the runtime's clock that follows the median of every backend (Prometheus and Alertmanager most).
 */
import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createArgocdRollbacker} from '../../../src/sources/argocd/argocd-rollback.ts';
import {createClockSkewLog, type ClockSkewLog} from '../../../src/sources/http/clock-skew-log.ts';
import {argoApp, type ArgoAppFields} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';

const APP = '/api/v1/applications/{name}';
const ROLLBACK = '/api/v1/applications/{name}/rollback';
const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: '3333333',
  toVersion: '2222222',
  description: 'argocd: roll back checkout in production from 3333333 to 2222222',
  idempotencyKey: 'oncall:prod:checkout:production:3333333->2222222:1777888800000',
};
const history: ArgoAppFields['history'] = [
  {id: 6, revision: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', deployedAt: '2026-05-02T09:00:00Z'},
  {id: 7, revision: '3333333ccccccccccccccccccccccccccccccccc', deployedAt: '2026-05-04T09:48:00Z'},
];
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
let fake: FakeCi;

closeFakeAfterEach(() => fake);

/** A runtime clock skew log that has seen the dashboard's Prometheus and Alertmanager polls: 15 answers `shiftMs` off this machine. */
function logOfOtherBackends(shiftMs: number): ClockSkewLog {
  const log = createClockSkewLog();
  for (let i = 0; i < 15; i++) log.note(new Date(Date.now() + shiftMs).toUTCString(), Date.now());
  return log;
}

/** A fake Argo CD whose clock is `skewMs` off this machine's; `after` is its operation state once the rollback is asked for (none before). */
async function argoWithClock(skewMs: number, after: (serverNow: number) => ArgoAppFields['operationState'], log: ClockSkewLog = createClockSkewLog()) {
  fake = await startFakeCi({flavor: 'argocd'});
  fake.dateShiftMs = skewMs;
  let state: ArgoAppFields['operationState'] | undefined;
  fake.route('GET', APP, () => ({body: argoApp({name: 'checkout-prod', history, ...(state === undefined ? {} : {operationState: state})})}));
  fake.route('POST', ROLLBACK, () => {
    state = after(Date.now() + skewMs);
    return {body: argoApp({name: 'checkout-prod', history})};
  });
  return createArgocdRollbacker({provider: 'argocd', apiUrl: fake.url, app: 'checkout-prod'}, {}, {clock: log});
}

/** The statuses of two reads of the rollback's run. */
async function statuses(skewMs: number, after: (serverNow: number) => ArgoAppFields['operationState'], log?: ClockSkewLog) {
  const argo = await argoWithClock(skewMs, after, log);
  try {
    const run = await argo.rollback(plan);
    const seen = [];
    for (let i = 0; i < 2; i++) seen.push((await argo.getRun(run.id)).status);
    return seen;
  } finally {
    await argo.close();
  }
}

describe('following an Argo CD rollback across clocks', () => {
  it('a machine two minutes fast follows the operation Argo CD started on its own clock to its end, not queued forever', async () => {
    // The controller takes the rollback up at once, at its (earlier) time.
    const seen = await statuses(-120_000, (serverNow) => ({phase: 'Succeeded', startedAt: iso(serverNow + 1000)}));
    expect(seen).toEqual(['success', 'success']);
  });

  it('a failed operation is shown failed on a machine two minutes fast', async () => {
    const seen = await statuses(-120_000, (serverNow) => ({phase: 'Failed', startedAt: iso(serverNow + 1000)}));
    expect(seen).toEqual(['failure', 'failure']);
  });

  it('a machine two minutes slow does not take the sync that ended a minute before the request for the rollback', async () => {
    // Argo CD has not taken the rollback up yet: the state is still the earlier sync's.
    const seen = await statuses(120_000, (serverNow) => ({phase: 'Succeeded', startedAt: iso(serverNow - 60_000)}));
    expect(seen).toEqual(['queued', 'queued']);
  });

  it("Argo CD's clock right, Prometheus two minutes behind: the sync that ended a minute before the request is not the rollback", async () => {
    const log = logOfOtherBackends(-120_000);
    const seen = await statuses(0, (serverNow) => ({phase: 'Succeeded', startedAt: iso(serverNow - 60_000)}), log);
    expect(seen).toEqual(['queued', 'queued']);
    // Argo CD's answers still count in the runtime's clock, as every backend's do.
    expect(log.skewMs()).not.toBe(0);
  });

  it("Argo CD two minutes behind, the runtime's clock right by the other backends: the rollback it took up is followed to its end", async () => {
    const seen = await statuses(-120_000, (serverNow) => ({phase: 'Succeeded', startedAt: iso(serverNow + 1000)}), logOfOtherBackends(0));
    expect(seen).toEqual(['success', 'success']);
  });
});
