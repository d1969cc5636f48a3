/**
 * The dashboard's `R` on a firing alert or a burning SLO rolls back "the suspect deploy of its
 * service". When that suspect is no longer what runs (a hotfix or a rollback came after the
 * trouble began), no plan "from" the suspect is offered: it would name a version that is not
 * live, and confirming would replace whatever runs now. `R` says what is live instead.
 */
import {describe, expect, it} from 'vitest';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {findSuspects, incidentSignals} from '../../src/domain/correlation.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {selectionInfo} from '../../src/view/selection.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {makeDeploy, T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';

const where = {context: 'prod', provider: 'github-actions', now: T0};
const MIN = 60_000;
const alert = makeAlert({fingerprint: 'f1', name: 'HighErrorRate', labels: {alertname: 'HighErrorRate', service: 'checkout'}, startsAt: T0 - 10 * MIN});
const good = makeDeploy({id: 'd1', version: 'v2.13.2', startedAt: T0 - 86_400_000});
const bad = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 12 * MIN});
const rollback = defaultKeymap.find((r) => r.id === 'rollback')!;
const ctxFor = (selection: SelectionInfo | null): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection});

function onAlert(deploys: Deploy[]): SelectionInfo | null {
  const suspects = [...findSuspects(deploys, incidentSignals([], [alert], T0)).keys()];
  expect(suspects).toEqual(['d2']);
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

  it('a suspect that still runs is rolled back as before', () => {
    const failedHotfix = makeDeploy({id: 'd3', version: 'v2.15.0', status: 'failure', startedAt: T0 - 2 * MIN});
    const target = onAlert([failedHotfix, bad, good]);
    expect(target?.rollbackPlan).toMatchObject({fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
    expect(target).not.toHaveProperty('rollbackRefusal');
    expect(rollback.disabledReason?.(ctxFor(target))).toBeNull();
  });
});
