/**
 * A GitHub Actions dispatch answered 204 (no run id: GitHub Enterprise before return_run_details)
 * on a machine whose clock is not GitHub's: the run is looked for among the runs `created:>=`
 * shortly before the dispatch, and GitHub applies that to its own `created_at`, so the instant is
 * taken on GitHub's own clock (its answers' `Date` headers), not this machine's, nor the
 * runtime's clock that follows the median of every backend (Prometheus and Alertmanager most).
 */
import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createGithubActionsRollbacker} from '../../../src/sources/github/github-actions-rollback.ts';
import {createClockSkewLog, type ClockSkewLog} from '../../../src/sources/http/clock-skew-log.ts';
import {githubRun, githubRunList} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, startFakeCi, type FakeCi} from '../../helpers/fake-ci.ts';

const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
const RUNS = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
const RUN = '/repos/{owner}/{repo}/actions/runs/{run_id}';
const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: 'v2.14.0',
  toVersion: 'v2.13.2',
  description: 'github-actions: roll back checkout in production from v2.14.0 to v2.13.2',
  idempotencyKey: 'oncall:prod:checkout:production:v2.14.0->v2.13.2:1777888800000',
};
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
let fake: FakeCi;

closeFakeAfterEach(() => fake);

/** A runtime clock skew log that has seen the dashboard's Prometheus and Alertmanager polls: 15 answers `shiftMs` off this machine. */
function logOfOtherBackends(shiftMs: number): ClockSkewLog {
  const log = createClockSkewLog();
  for (let i = 0; i < 15; i++) log.note(new Date(Date.now() + shiftMs).toUTCString(), Date.now());
  return log;
}

/** A fake GitHub whose clock is `skewMs` off this machine's, answering the dispatch 204 and listing its run as GitHub filters `created:>=`. */
async function githubWithClock(skewMs: number, log: ClockSkewLog = createClockSkewLog()) {
  fake = await startFakeCi({flavor: 'github'});
  fake.dateShiftMs = skewMs;
  let createdAt: number | null = null;
  fake.route('POST', DISPATCH, () => {
    // GitHub stamps the run with its own clock.
    createdAt = Date.now() + skewMs;
    return {status: 204};
  });
  fake.route('GET', RUNS, (req) => {
    const since = Date.parse((req.query.get('created') ?? '').replace(/^>=/, ''));
    const listed = createdAt !== null && createdAt >= since;
    return {body: githubRunList(listed ? [githubRun({id: 777, status: 'queued', createdAt: iso(createdAt!), displayTitle: `Rollback ${plan.idempotencyKey}`})] : [])};
  });
  fake.route('GET', RUN, {body: githubRun({id: 777, status: 'queued'})});
  return createGithubActionsRollbacker(
    {provider: 'github-actions', apiUrl: fake.url, repo: 'acme/shop', workflow: 'rollback.yml', ref: 'main', inputs: {version: '{{version}}', oncall_request_id: ''}},
    {},
    {clock: log, sleep: async () => {}},
  );
}

describe('finding a dispatched run across clocks', () => {
  for (const [what, skewMs] of [
    ['two minutes ahead of', -120_000],
    ['two minutes behind', 120_000],
  ] as const) {
    it(`finds the run by its request id with the machine's clock ${what} GitHub's, even as the dispatch is the first answer`, async () => {
      const gh = await githubWithClock(skewMs);
      try {
        const run = await gh.rollback(plan);
        expect(run.id).toBe('777');
        expect(run.status).toBe('queued');
      } finally {
        await gh.close();
      }
    });
  }

  for (const [what, skewMs, othersMs] of [
    ['right while Prometheus is two minutes ahead', 0, 120_000],
    ['two minutes behind while Prometheus is right', -120_000, 0],
  ] as const) {
    it(`finds the run with GitHub's clock ${what} (its own answers tell its clock, not the median of every backend's)`, async () => {
      const gh = await githubWithClock(skewMs, logOfOtherBackends(othersMs));
      try {
        const run = await gh.rollback(plan);
        expect(run.id).toBe('777');
        expect((await gh.getRun(run.id)).id).toBe('777');
      } finally {
        await gh.close();
      }
    });
  }
});
