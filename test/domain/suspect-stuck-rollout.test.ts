/**
 * A deploy stuck `in_progress` (a GitHub Deployment whose CI never posted a final status) is
 * suspect only while it may still be rolling out: not once a later deploy of its service and
 * environment started, nor more than ROLLOUT_MAX_MS after it started.
 */
import {describe, expect, it} from 'vitest';
import {findSuspects, incidentSignals, ROLLOUT_MAX_MS} from '../../src/domain/correlation.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';
import {makeAlert} from './alert-fixture.ts';
import {makeDeploy, T0} from '../queries/fakes.ts';
import {buildTables} from '../view/fixtures.ts';
import {selectionInfo} from '../../src/view/selection.ts';

const where = {context: 'prod', provider: 'github-actions', now: T0};
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const alert = makeAlert({fingerprint: 'f1', name: 'HighErrorRate', labels: {alertname: 'HighErrorRate', service: 'checkout'}, startsAt: T0 - 10 * MIN});
const signals = incidentSignals([], [alert], T0);

describe('a deploy stuck in_progress', () => {
  it('is not suspect for an alert three days later, after a newer successful deploy replaced it', () => {
    const stuck = makeDeploy({id: 'gh-100', version: 'v2.12.0', status: 'in_progress', startedAt: T0 - 3 * DAY});
    const newer = makeDeploy({id: 'gh-101', version: 'v2.13.2', startedAt: T0 - DAY, finishedAt: T0 - DAY + 5 * MIN});
    expect([...findSuspects([newer, stuck], signals).keys()]).toEqual([]);
    const built = buildTables({now: T0, alerts: [alert], deploys: [newer, stuck], suspects: []});
    const index = built.tables.alerts.rows.findIndex((r) => r.key === 'a:f1');
    expect(selectionInfo('alerts', built, index, where)?.rollbackRefusal).toBeUndefined();
  });

  it('is not suspect for an alert three days after it started, even when it is the newest deploy', () => {
    const before = makeDeploy({id: 'gh-99', version: 'v2.13.2', startedAt: T0 - 4 * DAY, finishedAt: T0 - 4 * DAY + 5 * MIN});
    const stuck = makeDeploy({id: 'gh-100', version: 'v2.14.0', status: 'in_progress', startedAt: T0 - 3 * DAY});
    const doc = buildStatusDocument({
      context: 'prod', now: T0, sources: [], slos: [], alerts: [alert], deploys: [stuck, before], suspectWindowMs: 30 * MIN,
    } as never);
    expect((doc.deploys ?? []).filter((d) => d.suspect).map((d) => d.id)).toEqual([]);
  });

  it('is suspect while it may still be rolling out: up to ROLLOUT_MAX_MS (6 h) after it started, inclusive', () => {
    expect(ROLLOUT_MAX_MS).toBe(6 * HOUR);
    const edge = makeDeploy({id: 'edge', status: 'in_progress', startedAt: T0 - 10 * MIN - ROLLOUT_MAX_MS});
    const over = makeDeploy({id: 'over', service: 'checkout', status: 'in_progress', startedAt: T0 - 10 * MIN - ROLLOUT_MAX_MS - 1});
    expect([...findSuspects([edge], signals).keys()]).toEqual(['edge']);
    expect([...findSuspects([over], signals).keys()]).toEqual([]);
  });

  it('stays suspect when the later deploy is of another environment, or started after the trouble began', () => {
    const canary = makeDeploy({id: 'canary', status: 'in_progress', startedAt: T0 - 2 * HOUR});
    const staging = makeDeploy({id: 'stg', environment: 'staging', startedAt: T0 - HOUR});
    const after = makeDeploy({id: 'after', startedAt: T0 - 5 * MIN});
    expect([...findSuspects([canary, staging, after], signals).keys()]).toEqual(['canary']);
  });
});
