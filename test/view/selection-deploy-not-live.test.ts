/**
 * `R` on a Deploys row that is not what runs: checkout v3 is live, the cursor is on the older v2
 * row. The plan is "from v2 → v1", yet confirming sends v1 and replaces v3, which the plan does
 * not name. The Deploys pane is where any deploy is rolled back deliberately (the suspect path
 * sends the user there), so the row still plans, and its preview names what is live.
 */
import {describe, expect, it} from 'vitest';
import type {Deploy} from '../../src/domain/deploy.ts';
import {selectionInfo} from '../../src/view/selection.ts';
import {makeDeploy, T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';

const where = {context: 'prod', provider: 'github-actions', now: T0};
const MIN = 60_000;
const v3 = makeDeploy({id: 'd3', version: 'v3', startedAt: T0 - 10 * MIN});
const v2 = makeDeploy({id: 'd2', version: 'v2', startedAt: T0 - 120 * MIN});
const v1 = makeDeploy({id: 'd1', version: 'v1', startedAt: T0 - 24 * 60 * MIN});

function onRow(deploys: Deploy[], id: string) {
  const built = buildTables({now: T0, deploys});
  const row = built.tables.deploys.rows.findIndex((r) => r.key === id);
  return selectionInfo('deploys', built, row, where)!;
}

describe('R on a Deploys row', () => {
  it('an older, superseded success row plans from it and warns that v3 is live and would be replaced', () => {
    const info = onRow([v3, v2, v1], 'd2');
    expect(info.rollbackPlan).toMatchObject({fromVersion: 'v2', toVersion: 'v1'});
    expect(info.rollbackWarnings).toEqual(['confirming replaces v3 (live, deployed 10m ago) with v1: checkout v2 is not what runs']);
  });

  it('says a rollback is what is live when the newer deploy is one', () => {
    const back = makeDeploy({id: 'r4', version: 'v1', startedAt: T0 - 5 * MIN, rollbackOf: 'd3'});
    expect(onRow([back, v3, v2, v1], 'd3').rollbackWarnings).toEqual(['confirming replaces v1 (live by a rollback 5m ago) with v2: checkout v3 is not what runs']);
  });

  it('warns of nothing on the live row, on a re-deploy of what runs, or on a failed row newer than the live one', () => {
    expect(onRow([v3, v2, v1], 'd3')).not.toHaveProperty('rollbackWarnings');
    // A later deploy of the same version still runs what the row deployed.
    const again = makeDeploy({id: 'd3b', version: 'v3', startedAt: T0 - 2 * MIN});
    expect(onRow([again, v3, v2, v1], 'd3')).not.toHaveProperty('rollbackWarnings');
    // A failed deploy may have gone out before the step that failed: rolling back from it is what its row is for.
    const failed = makeDeploy({id: 'd4', version: 'v4', startedAt: T0 - 3 * MIN, status: 'failure'});
    expect(onRow([failed, v3, v2, v1], 'd4')).toMatchObject({rollbackPlan: {fromVersion: 'v4', toVersion: 'v3'}});
    expect(onRow([failed, v3, v2, v1], 'd4')).not.toHaveProperty('rollbackWarnings');
  });

  // A row newer than what runs that never replaced it: its previous good deploy is the live one,
  // so confirming deploys v3 again; "replaces it with v3" would say v3 goes.
  it('a cancelled or queued row newer than the live v3 says v3 is the target and nothing is replaced', () => {
    const cancelled = makeDeploy({id: 'd4', version: 'v4', startedAt: T0 - 3 * MIN, status: 'cancelled'});
    const info = onRow([cancelled, v3, v2, v1], 'd4');
    expect(info.rollbackPlan).toMatchObject({fromVersion: 'v4', toVersion: 'v3'});
    expect(info.rollbackWarnings).toEqual(["confirming deploys v3 again and replaces nothing: checkout v4 is not what runs, v3 is live (deployed 10m ago) and is the plan's target"]);
    const queued = makeDeploy({id: 'd4', version: 'v4', startedAt: T0 - 3 * MIN, status: 'queued'});
    expect(onRow([queued, v3, v2, v1], 'd4').rollbackWarnings).toEqual(["confirming deploys v3 again and replaces nothing: checkout v4 is not what runs, v3 is live (deployed 10m ago) and is the plan's target; the queued v4 may still go out after it"]);
  });

  it('in another environment, the live deploy of the row\'s own environment decides', () => {
    const staging = makeDeploy({id: 's1', version: 'v9', environment: 'staging', startedAt: T0 - MIN});
    expect(onRow([staging, v3, v2, v1], 'd3')).not.toHaveProperty('rollbackWarnings');
  });
});

describe('R on a row newer than the live deploy whose outcome is unknown', () => {
  it('says it may be what runs and what confirming then replaces, never "replaces nothing"', () => {
    const MIN = 60_000;
    const v4 = makeDeploy({id: 'd4', version: 'v4', startedAt: T0 - 3 * MIN, status: 'unknown'});
    const v3 = makeDeploy({id: 'd3', version: 'v3', startedAt: T0 - 10 * MIN});
    const v2 = makeDeploy({id: 'd2', version: 'v2', startedAt: T0 - 120 * MIN});
    const built = buildTables({now: T0, deploys: [v4, v3, v2]});
    const info = selectionInfo('deploys', built, built.tables.deploys.rows.findIndex((r) => r.key === 'd4'), {context: 'prod', provider: 'github-actions', now: T0})!;
    expect(info.rollbackPlan).toMatchObject({fromVersion: 'v4', toVersion: 'v3'});
    expect(info.rollbackWarnings).toEqual(['if checkout v4 went out (its outcome is not known), confirming replaces it with v3; if not, v3 is live (deployed 10m ago)']);
  });
});
