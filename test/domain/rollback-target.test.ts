/**
 * Rollback target choice: what `oncall rollback SERVICE` (the live deploy, then planRollback) and
 * the dashboard's `R` plan when the history holds rollbacks and commits under several names.
 */
import {describe, expect, it} from 'vitest';
import {findSuspects, previousGoodDeploy} from '../../src/domain/correlation.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {liveDeploy, planRollback} from '../../src/domain/rollback-plan.ts';

const H = 3_600_000;
const T = Date.parse('2026-05-04T10:00:00Z');
const d = (id: string, version: string, startedAt: number, over: Partial<Deploy> = {}): Deploy => ({
  id, service: 'checkout', version, environment: 'production', status: 'success', startedAt, author: 'dev', url: null, ...over,
});
const opts = {context: 'prod', pressedAt: T, provider: 'github-actions'};

/** What `oncall rollback checkout` does without --to: the live deploy, then planRollback. */
function cliTarget(deploys: Deploy[]): string | null {
  const live = liveDeploy(deploys, 'checkout', 'production', T);
  if (!live) return null;
  const planned = planRollback(live, deploys, opts);
  return planned.ok ? planned.plan.toVersion : null;
}

describe('rollback target when the live deploy is itself a rollback', () => {
  // v2.12 and v2.13 were good, v2.14 was bad and was rolled back to v2.13 (the history marks it:
  // rollbackOf names the deploy it replaced).
  const history = [
    d('r4', 'v2.13.0', T - 1 * H, {rollbackOf: 'd3'}),
    d('d3', 'v2.14.0', T - 2 * H),
    d('d2', 'v2.13.0', T - 3 * H),
    d('d1', 'v2.12.0', T - 4 * H),
  ];

  it('does not go back to the deploy the live rollback replaced, nor to its version', () => {
    expect(cliTarget(history)).toBe('v2.12.0');
    const older = [...history, d('d0', 'v2.14.0', T - 5 * H), d('dz', 'v2.11.0', T - 6 * H)];
    expect(cliTarget(older.filter((x) => x.id !== 'd1'))).toBe('v2.11.0');
  });

  it('a colleague\'s rollback still running: the next rollback does not re-deploy the bad version', () => {
    const running = history.map((x) => (x.id === 'r4' ? {...x, status: 'in_progress' as const} : x));
    expect(cliTarget(running)).toBe('v2.12.0');
  });

  for (const status of ['failure', 'cancelled'] as const) {
    it(`a ${status} rollback of v2 weeks ago changed nothing: v2 kept running, and is the target when v3 goes bad`, () => {
      const tried = [d('d4', 'v3', T), d('r3', 'v1', T - 21 * 24 * H, {status, rollbackOf: 'd2'}), d('d2', 'v2', T - 22 * 24 * H), d('d1', 'v1', T - 30 * 24 * H)];
      expect(liveDeploy(tried, 'checkout', 'production', T)?.id).toBe('d4');
      expect(cliTarget(tried)).toBe('v2');
    });
  }

  it('a rollback marker naming a deploy the history no longer holds names its version', () => {
    // GitHub workflow runs: rollbackOf is the version rolled back from when its deploy is not listed.
    expect(cliTarget([d('r4', 'v2.13.0', T - 1 * H, {rollbackOf: 'v2.14.0'}), d('d2', 'v2.13.0', T - 3 * H), d('d0', 'v2.14.0', T - 5 * H), d('d1', 'v2.12.0', T - 6 * H)])).toBe('v2.12.0');
  });

  it('a version deployed again after its rollback is a good target again', () => {
    // v2.14.0 was rolled back, fixed in its config and deployed again; v2.15.0 is now bad.
    const later = [d('d6', 'v2.15.0', T), d('d5', 'v2.14.0', T - 0.5 * H), ...history];
    expect(cliTarget(later)).toBe('v2.14.0');
  });

  it('rollbacks of another service or environment do not count', () => {
    const other = [d('r9', 'v2.13.0', T - 1 * H, {rollbackOf: 'x3', service: 'cart'}), d('x3', 'v2.14.0', T - 2 * H, {service: 'cart'})];
    expect(previousGoodDeploy([d('d5', 'v2.15.0', T), d('d3', 'v2.14.0', T - 2 * H), ...other], d('d5', 'v2.15.0', T))?.id).toBe('d3');
  });
});

describe('a live deploy that completed but runs unhealthy', () => {
  // Argo CD: the v9 sync succeeded and left the application Degraded.
  const history = [d('a#9', '9999999', T - 0.2 * H, {health: 'degraded'}), d('a#8', '8888888', T - 24 * H), d('a#7', '7777777', T - 72 * H)];

  it('is what runs: the rollback goes from it to the version before, and it can be suspect', () => {
    expect(liveDeploy(history, 'checkout', 'production', T)?.id).toBe('a#9');
    expect(cliTarget(history)).toBe('8888888');
    expect([...findSuspects(history, [{service: 'checkout', startedAt: T}]).keys()]).toEqual(['a#9']);
  });
});

describe('rollback target when two deploys share a commit', () => {
  // The commit deployed from main (version = short sha), then again from its release tag.
  const X = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
  const W = '1234567890abcdef1234567890abcdef12345678';
  const history = [d('d3', 'v1.5.0', T - 1 * H, {sha: X}), d('d2', '9f8e7d6c', T - 2 * H, {sha: X}), d('d1', 'v1.4.0', T - 30 * H, {sha: W})];

  it('does not pick a deploy of the commit already running', () => {
    const planned = planRollback(history[0]!, history, opts);
    expect(planned.ok && [planned.plan.toVersion, planned.plan.toSha]).toEqual(['v1.4.0', W]);
  });

  it('knows the commit by its short form too, in any case', () => {
    const short = [history[0]!, {...history[1]!, sha: X.slice(0, 8).toUpperCase()}, history[2]!];
    expect(previousGoodDeploy(short, short[0]!)?.id).toBe('d1');
  });

  it('two release names on one commit are the same code: the final tag of an rc\'s commit, or of a release branch\'s, rolls back past both', () => {
    const one = '2'.repeat(40);
    const rc = [d('d3', 'v2.14.0', T - 1 * H, {sha: one}), d('d2', 'v2.14.0-rc.2', T - 2 * H, {sha: one}), d('d1', 'v2.13.2', T - 48 * H, {sha: '1'.repeat(40)})];
    expect(cliTarget(rc)).toBe('v2.13.2');
    const branch = [d('d3', 'v2.14.0', T - 1 * H, {sha: one}), d('d2', 'release-2.14', T - 2 * H, {sha: one}), d('d1', 'v2.13.2', T - 48 * H, {sha: '1'.repeat(40)})];
    expect(cliTarget(branch)).toBe('v2.13.2');
  });

  it('a commit the history shows under three or more versions is not believed: runs that all carry one branch tip still have a target', () => {
    // Some histories give every deploy the same commit (a dispatched workflow's default-branch tip).
    const tip = '9'.repeat(40);
    const shared = [d('d3', 'v2.14.0', T - 1 * H, {sha: tip}), d('d2', 'v2.13.2', T - 24 * H, {sha: tip}), d('d1', 'v2.13.1', T - 48 * H, {sha: tip})];
    expect(cliTarget(shared)).toBe('v2.13.2');
    // A rollback in such a history skips only the version it went away from.
    const rolled = [d('d4', 'v2.15.0', T, {sha: tip}), d('r3', 'v2.13.2', T - 0.5 * H, {sha: tip, rollbackOf: 'd3'}), ...shared];
    expect(cliTarget(rolled)).toBe('v2.13.2');
  });

  it('a deploy without a commit is judged by its version only', () => {
    const bare = [history[0]!, d('d2', '9f8e7d6c', T - 2 * H), history[2]!];
    expect(previousGoodDeploy(bare, bare[0]!)?.id).toBe('d2');
  });
});
