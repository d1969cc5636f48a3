/**
 * The dashboard's `R` on a firing alert or a burning SLO rolls back "the suspect deploy of its
 * service". When that suspect is no longer what runs (a hotfix or a rollback came after the
 * trouble began), no plan "from" the suspect is offered: it would name a version that is not
 * live, and confirming would replace whatever runs now. `R` says what is live instead.
 */
import {describe, expect, it} from 'vitest';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {findSuspects, incidentSignals} from '../../src/domain/correlation.ts';
import {appDeploys, applicationSchema} from '../../src/sources/argocd/argocd-wire.ts';
import {argoApp} from '../helpers/fake-ci-bodies.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {selectionInfo} from '../../src/view/selection.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {makeDeploy, T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';

const where = {context: 'prod', provider: 'github-actions', now: T0};
const MIN = 60_000;
const SHA = (c: string) => c.repeat(40);
const alert = makeAlert({fingerprint: 'f1', name: 'HighErrorRate', labels: {alertname: 'HighErrorRate', service: 'checkout'}, startsAt: T0 - 10 * MIN});
const good = makeDeploy({id: 'd1', version: 'v2.13.2', startedAt: T0 - 86_400_000});
const bad = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 12 * MIN});
const rollback = defaultKeymap.find((r) => r.id === 'rollback')!;
const ctxFor = (selection: SelectionInfo | null): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection});

function onAlert(deploys: Deploy[], suspect = 'd2'): SelectionInfo | null {
  const suspects = [...findSuspects(deploys, incidentSignals([], [alert], T0)).keys()];
  expect(suspects).toEqual([suspect]);
  const built = buildTables({now: T0, alerts: [alert], deploys, suspects});
  const index = built.tables.alerts.rows.findIndex((r) => r.key === 'a:f1');
  return selectionInfo('alerts', built, index, where);
}

describe('R on an alert whose suspect deploy is no longer live', () => {
  it('after a hotfix v2.15.0 (deployed after the alert began): no plan from v2.14.0; R says v2.15.0 runs', () => {
    const hotfix = makeDeploy({id: 'd3', version: 'v2.15.0', startedAt: T0 - 2 * MIN});
    const target = onAlert([hotfix, bad, good]);
    expect(target?.rollbackPlan).toBeUndefined();
    const why = 'the suspect deploy checkout v2.14.0 no longer runs: v2.15.0 is live (deployed 2m ago); roll back from the Deploys pane if it must go';
    expect(target?.rollbackRefusal).toBe(why);
    expect(rollback.disabledReason?.(ctxFor(target))).toBe(why);
  });

  it('after a colleague rolled back to v2.13.2, done or still running: no second rollback from v2.14.0', () => {
    const done = makeDeploy({id: 'r3', version: 'v2.13.2', startedAt: T0 - 5 * MIN, rollbackOf: 'd2'});
    const target = onAlert([done, bad, good]);
    expect(target?.rollbackPlan).toBeUndefined();
    expect(rollback.disabledReason?.(ctxFor(target))).toBe('the suspect deploy checkout v2.14.0 no longer runs: it was rolled back to v2.13.2 (5m ago)');
    const running = onAlert([{...done, status: 'in_progress'}, bad, good]);
    expect(running?.rollbackPlan).toBeUndefined();
    expect(rollback.disabledReason?.(ctxFor(running))).toBe('the suspect deploy checkout v2.14.0 no longer runs: it is being rolled back to v2.13.2 (since 5m ago)');
  });

  it('a failed suspect (its smoke test, say) with nothing deployed since: no plan guessed; R says what the history calls live', () => {
    const failed = makeDeploy({id: 'd2', version: 'v2.14.0', status: 'failure', startedAt: T0 - 12 * MIN});
    const target = onAlert([failed, good]);
    expect(target?.rollbackPlan).toBeUndefined();
    const why = 'the suspect deploy checkout v2.14.0 failed: by the history v2.13.2 is live (deployed 1d ago); if v2.14.0 went out anyway, roll it back from the Deploys pane';
    expect(rollback.disabledReason?.(ctxFor(target))).toBe(why);
  });

  it('a suspect that still runs is rolled back as before', () => {
    const failedHotfix = makeDeploy({id: 'd3', version: 'v2.15.0', status: 'failure', startedAt: T0 - 2 * MIN});
    const target = onAlert([failedHotfix, bad, good]);
    expect(target?.rollbackPlan).toMatchObject({fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
    expect(target).not.toHaveProperty('rollbackRefusal');
    expect(rollback.disabledReason?.(ctxFor(target))).toBeNull();
  });
});

describe('R on an alert after a re-sync or redeploy of the suspect\'s own version', () => {
  it('an Argo CD re-sync (Sync clicked, self-heal) of the suspect revision after the alert: R plans from what runs', () => {
    // Argo CD history: #1 good, #2 the suspect, #3 the same revision synced again after the alert began.
    const app = applicationSchema.parse(
      argoApp({
        name: 'checkout',
        history: [
          {id: 1, revision: SHA('a'), deployedAt: new Date(T0 - 86_400_000).toISOString()},
          {id: 2, revision: SHA('b'), deployedAt: new Date(T0 - 12 * MIN).toISOString()},
          {id: 3, revision: SHA('b'), deployedAt: new Date(T0 - 2 * MIN).toISOString(), automated: true},
        ],
      }),
    );
    const deploys = appDeploys(app, {name: 'checkout', service: 'checkout', url: 'https://argocd.example/applications/checkout'}).deploys.map((d) => ({...d, environment: 'production'}));
    const target = onAlert(deploys, 'checkout#2');
    expect(target).not.toHaveProperty('rollbackRefusal');
    expect(rollback.disabledReason?.(ctxFor(target))).toBeNull();
    expect(target?.rollbackPlan).toMatchObject({fromVersion: 'bbbbbbb', toVersion: 'aaaaaaa', toSha: SHA('a')});
  });

  it('a redeploy of the same version, or of the same commit under its short sha, after the alert: R plans from what runs', () => {
    const suspect = {...bad, sha: SHA('2')};
    const before = {...good, sha: SHA('1')};
    const again = makeDeploy({id: 'd3', version: 'v2.14.0', sha: SHA('2'), startedAt: T0 - 2 * MIN});
    expect(onAlert([again, suspect, before])?.rollbackPlan).toMatchObject({fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
    // The same commit deployed from its branch, named by its short sha.
    const fromBranch = {...again, version: '2222222'};
    const target = onAlert([fromBranch, suspect, before]);
    expect(target).not.toHaveProperty('rollbackRefusal');
    expect(target?.rollbackPlan).toMatchObject({fromVersion: '2222222', toVersion: 'v2.13.2'});
  });

  it('the final tag of the suspect rc\'s commit, deployed after the alert, runs the suspect: R plans from it, past the rc', () => {
    const rc = {...bad, version: 'v2.14.0-rc.2', sha: SHA('2')};
    const final = makeDeploy({id: 'd3', version: 'v2.14.0', sha: SHA('2'), startedAt: T0 - 2 * MIN});
    const target = onAlert([final, rc, {...good, sha: SHA('1')}]);
    expect(target).not.toHaveProperty('rollbackRefusal');
    expect(target?.rollbackPlan).toMatchObject({fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
  });

  it('a hotfix of another version name on a commit the history shows under three or more versions is still a hotfix: R says what is live', () => {
    // Some histories give every run one commit (a dispatched workflow's branch tip): not believed.
    const tip = SHA('9');
    const hotfix = makeDeploy({id: 'd3', version: 'v2.15.0', sha: tip, startedAt: T0 - 2 * MIN});
    const target = onAlert([hotfix, {...bad, sha: tip}, {...good, sha: tip}]);
    expect(target?.rollbackPlan).toBeUndefined();
    expect(target?.rollbackRefusal).toContain('the suspect deploy checkout v2.14.0 no longer runs: v2.15.0 is live');
  });
});
