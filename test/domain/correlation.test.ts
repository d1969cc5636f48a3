import {describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {alertSignals, findSuspects, incidentSignals, previousGoodDeploy, SUSPECT_WINDOW_MS, type Signal} from '../../src/domain/correlation.ts';
import type {Deploy} from '../../src/domain/deploy.ts';
import {makeAlert} from './alert-fixture.ts';

const T = 1_800_000_000_000;
const MIN = 60_000;

function deploy(id: string, over: Partial<Deploy> = {}): Deploy {
  return {id, service: 'checkout', version: id, environment: 'prod', status: 'success', startedAt: T, author: 'ci', url: null, ...over};
}

const burn: Signal = {service: 'checkout', startedAt: T, kind: 'slo', name: 'checkout-availability'};

describe('findSuspects', () => {
  it('uses a 30-minute window by default', () => {
    expect(SUSPECT_WINDOW_MS).toBe(30 * MIN);
  });

  it('includes a deploy exactly 30 min before the signal and excludes one 30 min + 1 ms before', () => {
    const got = findSuspects([deploy('edge', {startedAt: T - 30 * MIN}), deploy('over', {startedAt: T - 30 * MIN - 1})], [burn]);
    expect([...got]).toEqual([['edge', [{signal: burn, leadMs: 30 * MIN}]]]);
  });

  it('includes a deploy at the signal instant and excludes one after it', () => {
    const got = findSuspects([deploy('same', {startedAt: T}), deploy('after', {startedAt: T + 1})], [burn]);
    expect([...got.keys()]).toEqual(['same']);
    expect(got.get('same')).toEqual([{signal: burn, leadMs: 0}]);
  });

  it('counts successful, running and failed deploys only', () => {
    const got = findSuspects(
      (['success', 'in_progress', 'failure', 'cancelled', 'queued', 'unknown'] as const).map((status) => deploy(status, {status, startedAt: T - 5 * MIN})),
      [burn],
    );
    expect([...got.keys()]).toEqual(['success', 'in_progress', 'failure']);
  });

  it('counts a deploy whose run failed (its post-deploy smoke test, say): it may have rolled out', () => {
    const d = deploy('v2.14.0', {status: 'failure', startedAt: T - 5 * MIN});
    expect([...findSuspects([d], [burn]).keys()]).toEqual(['v2.14.0']);
  });

  it('matches the service exactly', () => {
    expect(findSuspects([deploy('search', {service: 'search', startedAt: T - MIN}), deploy('Checkout', {service: 'Checkout', startedAt: T - MIN})], [burn]).size).toBe(0);
  });

  it('collects one reason per signal, in signal order', () => {
    const alert: Signal = {service: 'checkout', startedAt: T + 10 * MIN, kind: 'alert', name: 'HighErrorRate'};
    const plain: Signal = {service: 'checkout', startedAt: T + 40 * MIN};
    const got = findSuspects([deploy('d', {startedAt: T - 5 * MIN})], [burn, alert, plain]);
    expect(got.get('d')).toEqual([
      {signal: burn, leadMs: 5 * MIN},
      {signal: alert, leadMs: 15 * MIN},
    ]);
  });

  it('honours a custom window', () => {
    const deploys = [deploy('in', {startedAt: T - 5 * MIN}), deploy('out', {startedAt: T - 5 * MIN - 1})];
    expect([...findSuspects(deploys, [burn], 5 * MIN).keys()]).toEqual(['in']);
  });

  it('counts a rollout still running when the signal starts, though it started before the window', () => {
    // A canary (Argo Rollouts, a staged workflow) started 40 minutes ago, at 50 % when the burn begins.
    const d = deploy('v2.14.0', {status: 'in_progress', startedAt: T - 40 * MIN});
    expect(findSuspects([d], [burn]).get('v2.14.0')).toEqual([{signal: burn, leadMs: 40 * MIN}]);
  });

  it('counts a deploy that finished within the window, though it started before it', () => {
    const d = deploy('v2.14.0', {status: 'success', startedAt: T - 40 * MIN, finishedAt: T - 2 * MIN});
    expect([...findSuspects([d], [burn]).keys()]).toEqual(['v2.14.0']);
    // Its end inclusive, as its start is; finished before the window, it is not.
    expect([...findSuspects([deploy('edge', {startedAt: T - 40 * MIN, finishedAt: T - 30 * MIN})], [burn]).keys()]).toEqual(['edge']);
    expect(findSuspects([deploy('done', {startedAt: T - 40 * MIN, finishedAt: T - 30 * MIN - 1})], [burn]).size).toBe(0);
    // Without a known end, a completed deploy is judged by its start alone.
    expect(findSuspects([deploy('unknown-end', {startedAt: T - 40 * MIN})], [burn]).size).toBe(0);
  });

  it('is empty without signals or deploys', () => {
    expect(findSuspects([deploy('d')], []).size).toBe(0);
    expect(findSuspects([], [burn]).size).toBe(0);
  });
});

describe('previousGoodDeploy', () => {
  const current = deploy('v5', {startedAt: T});
  const history = [
    deploy('v6', {startedAt: T + 60 * MIN}),
    current,
    deploy('search-v9', {service: 'search', startedAt: T - 10 * MIN}),
    deploy('v4', {status: 'failure', startedAt: T - 60 * MIN}),
    deploy('v4-staging', {environment: 'staging', startedAt: T - 2 * 60 * MIN}),
    deploy('v3', {startedAt: T - 3 * 60 * MIN}),
    deploy('v2', {startedAt: T - 5 * 60 * MIN}),
  ];

  it('skips failed deploys, other environments, other services and later deploys', () => {
    expect(previousGoodDeploy(history, current)?.id).toBe('v3');
  });

  it('does not depend on list order', () => {
    expect(previousGoodDeploy([...history].reverse(), current)?.id).toBe('v3');
  });

  it('skips a redeploy of the running version, which would roll back to itself', () => {
    const redeploy = deploy('v5-again', {version: 'v5', startedAt: T - 20 * MIN});
    expect(previousGoodDeploy([redeploy, ...history], current)?.id).toBe('v3');
  });

  it('needs a start strictly before the deploy', () => {
    expect(previousGoodDeploy([current, deploy('tie', {startedAt: T})], current)).toBeNull();
  });

  it('is null for the first deploy', () => {
    expect(previousGoodDeploy([deploy('v2', {startedAt: T - 5 * 60 * MIN})], deploy('v2', {startedAt: T - 5 * 60 * MIN}))).toBeNull();
    expect(previousGoodDeploy([], current)).toBeNull();
  });
});

describe('findSuspects across environments', () => {
  it('never blames a deploy to another environment than the one in trouble', () => {
    const base = {service: 'checkout', version: 'v2', status: 'success' as const, startedAt: 1_000, author: 'a', url: null};
    const deploys: Deploy[] = [
      {...base, id: 'prod', environment: 'production'},
      {...base, id: 'stage', environment: 'staging'},
    ];
    const suspects = findSuspects(deploys, [{service: 'checkout', startedAt: 2_000, environment: 'production'}], 60_000);
    expect([...suspects.keys()]).toEqual(['prod']);
    // Without a known environment both are candidates, as before.
    expect([...findSuspects(deploys, [{service: 'checkout', startedAt: 2_000}], 60_000).keys()]).toEqual(['prod', 'stage']);
  });

  it('keeps a deploy whose environment the history does not know ("") suspect for an alert labelled with one', () => {
    // A workflow-run history without deploys.environment, or a JSON feed without `environment`,
    // gives every deploy environment ''. The alert carries the usual `env="prod"` label.
    const d = deploy('v2.14.0', {environment: '', startedAt: T - 5 * MIN});
    const alert = makeAlert({fingerprint: 'f1', name: 'CheckoutHighErrorRate', startsAt: T, labels: {alertname: 'CheckoutHighErrorRate', service: 'checkout', env: 'prod'}});
    // An unknown environment is not "another environment".
    expect([...findSuspects([d], alertSignals([alert])).keys()]).toEqual(['v2.14.0']);
    expect([...findSuspects([d], alertSignals([alert], 'prod')).keys()]).toEqual(['v2.14.0']);
  });
});

describe('findSuspects and rollbacks', () => {
  it('does not blame a rollback for trouble the deploy it rolled back caused', () => {
    // 12:00 v2.14.0 goes out; 12:10 the on-call rolls back to v2.13.0; 12:12 a `for: 10m` alert
    // of the same incident begins firing. The rollback must not become the newest suspect.
    const bad = deploy('d1', {version: 'v2.14.0', startedAt: T});
    const rb = deploy('d2', {version: 'v2.13.0', startedAt: T + 10 * MIN, rollbackOf: 'd1'});
    const alert: Signal = {service: 'checkout', startedAt: T + 12 * MIN, kind: 'alert', name: 'CheckoutLatencyHigh'};
    const suspects = findSuspects([rb, bad], [alert]);
    expect([...suspects.keys()]).toEqual(['d1']);
  });

  it('still blames a rollback for a signal the deploy it replaced is not suspect for', () => {
    // v2.14.0 went out two hours ago; its rollback to v2.13.0 ten minutes before the burn is the change.
    const old = deploy('d1', {version: 'v2.14.0', startedAt: T - 120 * MIN, finishedAt: T - 115 * MIN});
    const rb = deploy('d2', {version: 'v2.13.0', startedAt: T - 10 * MIN, rollbackOf: 'd1'});
    expect([...findSuspects([rb, old], [burn]).keys()]).toEqual(['d2']);
    // A rollback of a version the history no longer lists is judged on its own.
    expect([...findSuspects([deploy('d3', {startedAt: T - 10 * MIN, rollbackOf: 'v2.14.0'})], [burn]).keys()]).toEqual(['d3']);
  });

  it('judges a rollback per signal: blamed for one its replaced deploy is not suspect for', () => {
    const bad = deploy('d1', {version: 'v2.14.0', startedAt: T});
    const rb = deploy('d2', {version: 'v2.13.0', startedAt: T + 10 * MIN, rollbackOf: 'd1'});
    const during: Signal = {service: 'checkout', startedAt: T + 12 * MIN, kind: 'alert', name: 'Latency'};
    const later: Signal = {service: 'checkout', startedAt: T + 35 * MIN, kind: 'alert', name: 'Saturation'};
    const got = findSuspects([bad, rb], [during, later]);
    expect(got.get('d1')).toEqual([{signal: during, leadMs: 12 * MIN}]);
    expect(got.get('d2')).toEqual([{signal: later, leadMs: 25 * MIN}]);
  });
});

describe('incidentSignals', () => {
  const alert = (over: Partial<Alert>): Alert => makeAlert({fingerprint: 'f1', name: 'CheckoutHighErrorRate', labels: {alertname: 'CheckoutHighErrorRate', service: 'checkout'}, startsAt: T, ...over});

  it('keeps an acked, silenced or inhibited alert as a signal: an ack does not end the trouble', () => {
    const ack = {by: 'me', until: T + 15 * MIN, silenceId: 's1', comment: 'ACK!'};
    for (const a of [alert({}), alert({state: 'suppressed', silencedBy: ['s1'], ack}), alert({state: 'suppressed', inhibitedBy: ['x']})]) {
      const signals = incidentSignals([], [a], T);
      expect(signals).toEqual([{service: 'checkout', startedAt: T, kind: 'alert', name: 'CheckoutHighErrorRate'}]);
      expect([...findSuspects([deploy('v2', {startedAt: T - 10 * MIN})], signals).keys()]).toEqual(['v2']);
    }
  });

  it('leaves out pending alerts and alerts without a service', () => {
    expect(incidentSignals([], [alert({state: 'pending'}), alert({labels: {alertname: 'X'}})], T)).toEqual([]);
  });
});
