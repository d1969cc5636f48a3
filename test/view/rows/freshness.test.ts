import {describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../../src/domain/health.ts';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {alertTable} from '../../../src/view/rows/alert-rows.ts';
import {deployTable} from '../../../src/view/rows/deploy-rows.ts';
import {detailFor} from '../../../src/view/detail-for.ts';
import type {DashboardTables} from '../../../src/view/hooks/use-dashboard-tables.ts';
import {emptyAsOf, emptyFrom, freshnessOf, FRESH} from '../../../src/view/rows/freshness.ts';
import {sloRowKey, sloTable} from '../../../src/view/rows/slo-rows.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {flatRatios, makeDeploy, makeSlo, PAGING_RATIOS, T0} from '../../queries/fakes.ts';

const base: SourceHealth = {name: 'prometheus', kind: 'prometheus', last: 'ok', error: null, updatedAt: T0 - 5000, warnings: [], retrying: true, staleAt: T0 + 25_000};
const cellsOf = (r: {cells: Array<{text: string; tone?: string}>}) => r.cells.map((c) => [c.text, c.tone]);

describe('freshnessOf', () => {
  it('is fresh while a source is ok, stale with the oldest age once none is, pending or unknown before any data', () => {
    expect(freshnessOf([base], T0)).toEqual(FRESH);
    expect(freshnessOf([{...base, last: 'failed', error: 'unavailable: refused'}], T0)).toEqual({kind: 'stale', ageMs: 5000});
    expect(freshnessOf([base], T0 + 30_000)).toEqual({kind: 'stale', ageMs: 35_000});
    expect(freshnessOf([{...base, last: 'none', updatedAt: null}], T0)).toEqual({kind: 'pending'});
    expect(freshnessOf([{...base, last: 'failed', error: 'unavailable: GET …: connection refused', updatedAt: null}], T0)).toEqual({kind: 'unknown', reason: 'prometheus unavailable'});
    // One of two alert sources failing leaves the pane fresh: only its own rows are stale.
    expect(freshnessOf([base, {...base, name: 'am-2', last: 'failed', error: 'timeout: x'}], T0)).toEqual(FRESH);
  });

  it('has an empty table say why, not "all clear"', () => {
    expect(emptyAsOf('no alerts firing', FRESH)).toBe('no alerts firing');
    expect(emptyAsOf('no alerts firing', {kind: 'stale', ageMs: 65_000})).toBe('STALE 1m · as of the last good answer: no alerts firing');
    expect(emptyAsOf('no alerts firing', {kind: 'pending'})).toBe('… loading');
    expect(emptyAsOf('no alerts firing', {kind: 'unknown', reason: 'am-1 unavailable'})).toBe('? UNKNOWN (am-1 unavailable): nothing read yet');
  });
});

describe('stale rows read as stale without colour', () => {
  const ok = evaluateSlo(makeSlo({name: 'api'}), {slo: 'api', at: T0, ratios: flatRatios(0.0001)});
  const page = evaluateSlo(makeSlo({name: 'checkout'}), {slo: 'checkout', at: T0, ratios: [...PAGING_RATIOS]});

  it('an SLO row: fresh `✔ OK` in the ok tone; stale, `STALE 2m ✔ OK` with every cell muted (never byte for byte a fresh row)', () => {
    const fresh = sloTable([ok]).rows[0]!;
    const stale = sloTable([ok], new Map(), {kind: 'stale', ageMs: 120_000}).rows[0]!;
    expect(fresh.cells[0]).toEqual({text: '✔ OK', tone: 'ok'});
    expect(stale.cells[0]).toEqual({text: 'STALE 2m ✔ OK', tone: 'muted'});
    expect(stale.tone).toBe('muted');
    expect(stale.cells.map((c) => c.tone ?? stale.tone).filter((t) => t !== 'muted' && t !== 'text')).toEqual([]);
    expect(stale.key).toBe(fresh.key);
    // A stale page still says PAGE, in its tone: the last thing known was that it paged.
    expect(sloTable([page], new Map(), {kind: 'stale', ageMs: 45_000}).rows[0]!.cells[0]).toEqual({text: 'STALE 45s ✖ PAGE 1h&5m', tone: 'critical'});
  });

  it('an SLO never read: loading, or unknown with the reason, keyed apart from a measured row', () => {
    const placeholder = evaluateSlo(makeSlo({name: 'api'}), {slo: 'api', at: T0, ratios: []});
    const unknown = sloTable([placeholder], new Map(), {kind: 'unknown', reason: 'prometheus unavailable'});
    expect(unknown.rows[0]!.cells[0]).toEqual({text: '? UNKNOWN (prometheus unavailable)', tone: 'warn'});
    expect(unknown.columns[0]!.width).toBe('? UNKNOWN (prometheus unavailable)'.length);
    expect(unknown.rows[0]!.key).toBe(sloRowKey('api', {kind: 'unknown', reason: ''}));
    expect(unknown.rows[0]!.key).not.toBe('api');
    expect(sloTable([placeholder], new Map(), {kind: 'pending'}).rows[0]!.cells[0]).toEqual({text: '… LOADING', tone: 'muted'});
  });

  it('an alert row kept from a failed source, or from a failed query, names its age in the name cell', () => {
    const kept = makeAlert({fingerprint: 'k', name: 'DiskFull', severity: 'critical'});
    const live = makeAlert({fingerprint: 'l', name: 'HighLatency', severity: 'warning'});
    const table = alertTable([kept, live], T0, ['alertname'], new Map(), new Map(), {allAgeMs: null, since: {k: T0 - 30_000}});
    const rowOf = (fp: string) => table.rows.find((r) => r.key === `a:${fp}`)!;
    expect(rowOf('k').cells[2]!.text).toBe('  STALE 30s · DiskFull');
    expect(rowOf('k').tone).toBe('muted');
    expect(rowOf('l').cells[2]!.text).not.toContain('STALE');
    const all = alertTable([live], T0, ['alertname'], new Map(), new Map(), {allAgeMs: 12_000, since: {}});
    expect(all.rows.find((r) => r.key === 'a:l')!.cells[2]!.text).toBe('  STALE 12s · HighLatency');
    // A group whose alerts are all kept says so on its header too, with the oldest age; a group
    // with one fresh alert does not (its kept alerts say it on their rows).
    const header = (t: typeof table, member: string) => t.rows.find((r) => r.group?.ids.includes(member))!;
    expect(header(all, 'l').cells[2]!.text).toMatch(/^ {2}STALE 12s · ▸ /);
    expect(header(table, 'k').cells[2]!.text).toMatch(/^ {2}STALE 30s · ▸ /);
    expect(header(table, 'l').cells[2]!.text).not.toContain('STALE');
    const mixed = alertTable([kept, {...kept, fingerprint: 'k2'}], T0, ['alertname'], new Map(), new Map(), {allAgeMs: null, since: {k: T0 - 30_000}});
    expect(header(mixed, 'k').cells[2]!.text).not.toContain('STALE');
  });

  it('a deploy row of a stale history leads its status with STALE and keeps its version whole', () => {
    const d = makeDeploy({id: 'd1', version: 'v2.14.0', startedAt: T0 - 60_000});
    const table = deployTable([d], T0, new Set(), 7000);
    expect(cellsOf(table.rows[0]!).slice(0, 3)).toEqual([
      ['STALE 7s ✔ ok', 'muted'],
      ['checkout', 'text'],
      ['v2.14.0', 'muted'],
    ]);
    expect(table.columns[0]!.width).toBeGreaterThanOrEqual('STALE 59m ✖ failed'.length);
  });
});

describe('the details of a stale row say so first', () => {
  const ok = evaluateSlo(makeSlo({name: 'api'}), {slo: 'api', at: T0, ratios: flatRatios(0.0001)});
  const kept = makeAlert({fingerprint: 'k', name: 'DiskFull', severity: 'critical'});
  const live = makeAlert({fingerprint: 'l', name: 'HighLatency', severity: 'warning'});
  const d = makeDeploy({id: 'd1', version: 'v2.14.0', startedAt: T0 - 60_000});
  const built = (stale: boolean) => {
    const slos = sloTable([ok], new Map(), stale ? {kind: 'stale', ageMs: 120_000} : FRESH);
    return {
      tables: {
        slos,
        alerts: alertTable([kept, live], T0, ['alertname'], new Map(), new Map(), {allAgeMs: null, since: stale ? {k: T0 - 30_000} : {}}),
        deploys: deployTable([d], T0, new Set(), stale ? 7000 : null),
      },
      reports: new Map([[slos.rows[0]!.key, ok]]),
      alerts: new Map([['a:k', kept], ['a:l', live]]),
      deploys: [d],
      items: {},
      suspects: new Set<string>(),
      suspectByService: new Map(),
      filterErrors: {},
      hiddenAlerts: {silenced: 0, inhibited: 0, acked: 0},
    } as unknown as DashboardTables;
  };
  const first = (pane: 'slos' | 'alerts' | 'deploys', key: string, b: DashboardTables) => detailFor(pane, b, b.tables[pane].rows.findIndex((r) => r.key === key), T0).lines[0];

  it('an SLO, an alert kept from a failed source and a deploy of a stale history lead with the age; fresh ones do not', () => {
    const stale = built(true);
    expect(first('slos', 'api', stale)).toEqual({label: 'data', value: 'STALE 2m: the last good answer, kept while its source fails (the header says which)', tone: 'warn'});
    expect(first('alerts', 'a:k', stale)?.value).toMatch(/^STALE 30s: the last good answer/);
    expect(first('alerts', 'a:l', stale)?.label).toBe('alert');
    expect(first('deploys', 'd1', stale)?.value).toMatch(/^STALE 7s: the last good answer/);
    const fresh = built(false);
    expect([first('slos', 'api', fresh)?.label, first('alerts', 'a:k', fresh)?.label, first('deploys', 'd1', fresh)?.label]).toEqual(['SLO', 'alert', 'deploy']);
  });
});

describe('emptyFrom', () => {
  const base = {retrying: false, staleAt: null, warnings: [], kind: 'alertmanager'};
  const ok: SourceHealth = {...base, name: 'prometheus', last: 'ok', error: null, updatedAt: T0 - 1000};
  const timedOut: SourceHealth = {...base, name: 'alertmanager', last: 'failed', error: 'timeout: GET http://am/api/v2/alerts: no answer within 15000 ms', updatedAt: null};
  const waiting: SourceHealth = {...base, name: 'am-2', last: 'none', error: null, updatedAt: null};

  it('says "no alerts firing" only when every source answered', () => {
    expect(emptyFrom('no alerts firing', [ok], T0)).toBe('no alerts firing');
    // An Alertmanager that timed out beside a Prometheus with no pending alerts: not all clear.
    expect(emptyFrom('no alerts firing', [ok, timedOut], T0)).toBe('? alertmanager timeout: no alerts firing in the others');
    expect(emptyFrom('no alerts firing', [ok, waiting], T0)).toBe('? am-2 not answered yet: no alerts firing in the others');
    // None answered: as before.
    expect(emptyFrom('no alerts firing', [timedOut], T0)).toBe('? UNKNOWN (alertmanager timeout): nothing read yet');
  });
});
