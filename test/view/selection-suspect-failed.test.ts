/**
 * A failed deploy among a service's suspects: what its rows say and what `R` on them does are one
 * decision (`suspectByService`). A failed hotfix attempt after the deploy that caused the trouble
 * does not hide that deploy from `R`; a failed re-run of the live version offers `(R)`, as `R`
 * does roll it back; a failed suspect with nothing live before it says why `R` plans nothing.
 */
import {describe, expect, it} from 'vitest';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {findSuspects, incidentSignals} from '../../src/domain/correlation.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {suspectByService} from '../../src/domain/rollback-plan.ts';
import {selectionInfo} from '../../src/view/selection.ts';
import {alertDetails} from '../../src/view/rows/detail-lines.ts';
import {prepareAlertTable} from '../../src/view/rows/alert-rows.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {makeDeploy, T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';

const where = {context: 'prod', provider: 'github-actions', now: T0};
const MIN = 60_000;
const DAY = 86_400_000;
const alert = makeAlert({fingerprint: 'f1', name: 'HighErrorRate', labels: {alertname: 'HighErrorRate', service: 'checkout'}, startsAt: T0 - 10 * MIN});
const rollback = defaultKeymap.find((r) => r.id === 'rollback')!;
const ctxFor = (selection: SelectionInfo | null): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection});

function suspectsOf(deploys: Deploy[]): string[] {
  return [...findSuspects(deploys, incidentSignals([], [alert], T0)).keys()];
}

function onAlert(deploys: Deploy[]): SelectionInfo | null {
  const built = buildTables({now: T0, alerts: [alert], deploys, suspects: suspectsOf(deploys)});
  const index = built.tables.alerts.rows.findIndex((r) => r.key === 'a:f1');
  return selectionInfo('alerts', built, index, where);
}

/** The group row's last cell, drawn from the suspect the dashboard shows for these deploys. */
function groupFlag(deploys: Deploy[]): string {
  const shown = suspectByService(deploys, new Set(suspectsOf(deploys)), T0);
  const table = prepareAlertTable([alert], ['alertname', 'service'])(T0, shown, undefined, {rollbackKey: 'R'});
  return table.rows.find((r) => r.group)!.cells.at(-1)!.text;
}

describe('newest suspect failed, an older suspect succeeded and is live', () => {
  const good = makeDeploy({id: 'd1', version: 'v2.13.2', startedAt: T0 - DAY});
  const bad = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 25 * MIN});
  // A hotfix attempt whose workflow failed (at its build step, say) 5 minutes before the alert.
  const failed = makeDeploy({id: 'd3', version: 'v2.15.0', status: 'failure', startedAt: T0 - 15 * MIN});

  it('R still rolls back the live suspect v2.14.0, not refuses over a failed run that changed nothing', () => {
    const target = onAlert([failed, bad, good]);
    expect(rollback.disabledReason?.(ctxFor(target))).toBeNull();
    expect(target?.rollbackPlan).toMatchObject({fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
  });

  it('the row shows v2.14.0 with (R); the failed one stays flagged in the Deploys pane', () => {
    expect(groupFlag([failed, bad, good])).toBe('⚑ v2.14.0 (R)');
    const built = buildTables({now: T0, alerts: [alert], deploys: [failed, bad, good], suspects: suspectsOf([failed, bad, good])});
    expect(built.suspects.has('d3')).toBe(true);
  });
});

describe('a failed re-run of the live version is the newest suspect', () => {
  const good = makeDeploy({id: 'd1', version: 'v2.13.2', startedAt: T0 - DAY});

  it('the group row offers (R) when R does plan a rollback (v2.14.0 ran by an earlier success in the window)', () => {
    const bad = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 25 * MIN});
    const rerun = makeDeploy({id: 'd3', version: 'v2.14.0', status: 'failure', startedAt: T0 - 15 * MIN});
    const deploys = [rerun, bad, good];
    expect(onAlert(deploys)?.rollbackPlan).toMatchObject({fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
    expect(groupFlag(deploys)).toBe('⚑ v2.14.0 (R)');
  });

  it('offers (R), and the details say R rolls it back, when the live v2.14.0 went out before the window', () => {
    const live = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 2 * 3_600_000});
    const rerun = makeDeploy({id: 'd3', version: 'v2.14.0', status: 'failure', startedAt: T0 - 15 * MIN});
    const deploys = [rerun, live, good];
    expect(suspectsOf(deploys)).toEqual(['d3']);
    expect(onAlert(deploys)?.rollbackPlan).toMatchObject({fromVersion: 'v2.14.0', toVersion: 'v2.13.2'});
    expect(groupFlag(deploys)).toBe('⚑ v2.14.0 (R)');
    const shown = suspectByService(deploys, new Set(suspectsOf(deploys)), T0).get('checkout');
    const line = alertDetails(alert, T0, undefined, shown).find((l) => l.label === 'suspect');
    expect(line?.value).toContain('(R rolls it back)');
  });

  it('a failed suspect that is not what runs still says (failed), and R says why it plans nothing', () => {
    const live = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 2 * 3_600_000});
    const failed = makeDeploy({id: 'd3', version: 'v2.15.0', status: 'failure', startedAt: T0 - 15 * MIN});
    const deploys = [failed, live, good];
    expect(groupFlag(deploys)).toBe('⚑ v2.15.0 (failed)');
    expect(rollback.disabledReason?.(ctxFor(onAlert(deploys)))).toMatch(/^the suspect deploy checkout v2\.15\.0 failed: by the history v2\.14\.0 is live/);
  });
});

describe('failed newest suspect and nothing live before it', () => {
  it('R explains (the suspect failed), rather than "no suspect deploy for this row" beside ⚑ v2.14.0 (failed)', () => {
    const failed = makeDeploy({id: 'd2', version: 'v2.14.0', status: 'failure', startedAt: T0 - 12 * MIN});
    expect(groupFlag([failed])).toBe('⚑ v2.14.0 (failed)');
    const reason = rollback.disabledReason?.(ctxFor(onAlert([failed])));
    expect(reason).toBe('the suspect deploy checkout v2.14.0 failed and nothing earlier is known to be live; if it went out anyway, roll it back from the Deploys pane');
  });

  it('a suspect with no earlier good deploy says so, rather than "no suspect deploy for this row"', () => {
    const first = makeDeploy({id: 'd2', version: 'v2.14.0', startedAt: T0 - 12 * MIN});
    expect(rollback.disabledReason?.(ctxFor(onAlert([first])))).toBe('no earlier successful deploy of checkout in production');
  });
});
