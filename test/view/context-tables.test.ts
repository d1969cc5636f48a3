/**
 * Merging the tables of several contexts: worst first across contexts, the CONTEXT column (PROD
 * in words), alerts of a shared Alertmanager cluster once, `ctx=` matchers choosing contexts, and
 * each row routed back to its own context's row.
 */
import {describe, expect, it} from 'vitest';
import {perPane} from '../../src/actions/panes.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {contextLabel, mergeContextTables, scopedKey, type ContextTables} from '../../src/view/context-tables.ts';
import {splitContextFilter} from '../../src/domain/context-filter.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, flatRatios, makeDeploy, makeSlo, PAGING_RATIOS, T0} from '../queries/fakes.ts';
import {alertSourceKey} from '../../src/view/context-set.ts';
import {buildTables} from './fixtures.ts';
import {sloTable} from '../../src/view/rows/slo-rows.ts';
import {fitColumns} from '../../src/view/rows/row-types.ts';
import {rowRuns} from '../../src/view/components/TableView.tsx';
import {cellWidth} from '../../src/view/text-fit.ts';

const noMatchers = perPane(() => []);
const report = (name: string, ratios: typeof PAGING_RATIOS) => evaluateSlo(makeSlo({name}), {slo: name, at: T0, ratios: [...ratios]});

function ctx(name: string, over: Partial<ContextTables> & {tables?: Parameters<typeof buildTables>[0]} = {}): ContextTables {
  return {name, production: over.production ?? false, alertKey: over.alertKey ?? `am ${name}`, built: buildTables(over.tables ?? {now: T0})};
}

describe('mergeContextTables', () => {
  const eu = ctx('prod-eu', {tables: {now: T0, reports: [report('eu-ok', flatRatios(0)), report('eu-page', PAGING_RATIOS)], alerts: [makeAlert({fingerprint: 'w1', name: 'DiskFilling', severity: 'warning'})], deploys: [makeDeploy({id: 'eu-1', startedAt: T0 - 60_000})]}});
  const us = ctx('prod-us', {production: true, tables: {now: T0, reports: [report('us-page', PAGING_RATIOS), report('us-ok', flatRatios(0))], alerts: [makeAlert({fingerprint: 'c1', name: 'HighErrorRate', severity: 'critical'})], deploys: [makeDeploy({id: 'us-1', startedAt: T0})]}});

  it('orders SLOs worst first across contexts, with the context (PROD in words) in a first column', () => {
    const merged = mergeContextTables([eu, us], noMatchers);
    const rows = merged.tables.slos.rows.map((r) => `${r.cells[0]!.text} ${r.cells[2]!.text}`);
    // Both pages before either ok; among equals, the production context first.
    expect(rows).toEqual(['PROD prod-us us-page', 'prod-eu eu-page', 'PROD prod-us us-ok', 'prod-eu eu-ok']);
    // Without a production context among them, the selection's order.
    const plain = mergeContextTables([eu, {...us, production: false}], noMatchers).tables.slos.rows.map((r) => `${r.cells[0]!.text} ${r.cells[2]!.text}`);
    expect(plain).toEqual(['prod-eu eu-page', 'prod-us us-page', 'prod-eu eu-ok', 'prod-us us-ok']);
    expect(merged.tables.slos.columns[0]).toMatchObject({id: 'context', header: 'CONTEXT'});
    expect(merged.tables.slos.columns.slice(1).map((c) => c.id)).toEqual(eu.built.tables.slos.columns.map((c) => c.id));
  });

  it('puts a critical alert group of one context above a warning of another, and routes each row back', () => {
    const merged = mergeContextTables([eu, us], noMatchers);
    const alerts = merged.tables.alerts.rows;
    expect(alerts.map((r) => r.cells[0]!.text)).toEqual(['PROD prod-us', 'PROD prod-us', 'prod-eu', 'prod-eu']);
    expect(alerts[1]!.id).toBe(scopedKey('c1', 'prod-us'));
    expect(alerts[1]!.parent).toBe(alerts[0]!.key);
    expect(merged.alerts.get(`a:${alerts[1]!.id}`)?.name).toBe('HighErrorRate');
    expect(merged.origins!.alerts).toEqual([
      {context: 'prod-us', index: 0},
      {context: 'prod-us', index: 1},
      {context: 'prod-eu', index: 0},
      {context: 'prod-eu', index: 1},
    ]);
  });

  it('puts an alert of a production context above an equally severe one of a context selected before it', () => {
    const staging = ctx('staging', {tables: {now: T0, alerts: [makeAlert({fingerprint: 's1', name: 'HighErrorRate', severity: 'critical'})]}});
    const prod = ctx('prod', {production: true, tables: {now: T0, alerts: [makeAlert({fingerprint: 'p1', name: 'HighErrorRate', severity: 'critical'})]}});
    const ids = (list: ContextTables[]) => mergeContextTables(list, noMatchers).tables.alerts.rows.filter((r) => r.id !== undefined).map((r) => r.cells[0]!.text);
    expect(ids([staging, prod])).toEqual(['PROD prod', 'staging']);
    expect(ids([prod, staging])).toEqual(['PROD prod', 'staging']);
  });

  it('lists deploys newest first across contexts', () => {
    const merged = mergeContextTables([eu, us], noMatchers);
    expect(merged.origins!.deploys.map((o) => o.context)).toEqual(['prod-us', 'prod-eu']);
    expect(merged.deploys.map((d) => d.id).sort()).toEqual([scopedKey('eu-1', 'prod-eu'), scopedKey('us-1', 'prod-us')]);
  });

  it('shows an alert of two contexts twice, unless they read the same Alertmanagers', () => {
    const shared = makeAlert({fingerprint: 's1', name: 'Shared', severity: 'warning'});
    const a = ctx('a', {alertKey: 'am http://x', tables: {now: T0, alerts: [shared]}});
    const b = ctx('b', {alertKey: 'am http://y', tables: {now: T0, alerts: [shared]}});
    const twice = mergeContextTables([a, b], noMatchers);
    expect(twice.tables.alerts.rows.filter((r) => r.id !== undefined).map((r) => r.cells[0]!.text)).toEqual(['a', 'b']);
    const sameCluster = mergeContextTables([a, {...b, alertKey: 'am http://x'}], noMatchers);
    const once = sameCluster.tables.alerts.rows.filter((r) => r.id !== undefined);
    expect(once.map((r) => r.cells[0]!.text)).toEqual(['a+b']);
    expect(sameCluster.alerts.size).toBe(1);
    // A context whose alert sources have no URL shares with none.
    expect(mergeContextTables([{...a, alertKey: ''}, {...b, alertKey: ''}], noMatchers).alerts.size).toBe(2);
  });

  it('keeps one context as it is: no CONTEXT column, its own keys, no origins', () => {
    const merged = mergeContextTables([eu], noMatchers);
    expect(merged.tables).toBe(eu.built.tables);
    expect(merged.origins).toBeNull();
  });

  it('keeps only the contexts a pane\'s ctx= matchers accept', () => {
    const matchers = {...noMatchers, slos: splitContextFilter('ctx=~"prod-u.*"').matchers};
    const merged = mergeContextTables([eu, us], matchers);
    expect(new Set(merged.origins!.slos.map((o) => o.context))).toEqual(new Set(['prod-us']));
    expect(merged.origins!.alerts.length).toBe(4);
    const one = mergeContextTables([eu], {...noMatchers, alerts: splitContextFilter('ctx=prod-us').matchers});
    expect(one.tables.alerts.rows).toEqual([]);
    expect(one.tables.slos).toBe(eu.built.tables.slos);
  });

  describe('ctx= on the alerts two contexts share', () => {
    // prod-eu and prod-us read the same Alertmanagers; staging reads its own.
    const shared = makeAlert({fingerprint: 's1', name: 'CheckoutDown', severity: 'critical'});
    const sharing = [
      ctx('prod-eu', {alertKey: 'am http://am', tables: {now: T0, alerts: [shared], deploys: [makeDeploy({id: 'eu-1', startedAt: T0})]}}),
      ctx('prod-us', {alertKey: 'am http://am', tables: {now: T0, alerts: [shared], deploys: [makeDeploy({id: 'us-1', startedAt: T0})]}}),
      ctx('staging', {alertKey: 'am http://staging', tables: {now: T0, alerts: [makeAlert({fingerprint: 'st', name: 'StagingDown', severity: 'warning'})]}}),
    ];
    const shown = (filter: string) => {
      const merged = mergeContextTables(sharing, {...noMatchers, alerts: splitContextFilter(filter).matchers});
      return merged.tables.alerts.rows.filter((r) => r.id !== undefined).map((r) => `${r.cells[0]!.text} ${merged.origins!.alerts[merged.tables.alerts.rows.indexOf(r)]!.context}`);
    };

    it('keeps the shared row for a context folded into another (the row names both, it fires in each)', () => {
      expect(shown('')).toEqual(['prod-eu+prod-us prod-eu', 'staging staging']);
      expect(shown('ctx=prod-us')).toEqual(['prod-eu+prod-us prod-eu']);
      expect(shown('ctx=~"prod-u.*"')).toEqual(['prod-eu+prod-us prod-eu']);
      expect(shown('ctx=prod-eu')).toEqual(['prod-eu+prod-us prod-eu']);
    });

    it('says the shared row PROD eu+us on a narrow column, as the other rows say PROD, and cuts the column no narrower', () => {
      const withProd = sharing.map((c) => (c.name === 'staging' ? c : {...c, production: true}));
      const table = mergeContextTables(withProd, noMatchers).tables.alerts;
      const fitted = fitColumns(table.columns, 30);
      const context = fitted.find((f) => f.column.id === 'context')!;
      expect(context.width).toBe(cellWidth('PROD eu+us'));
      const cells = table.rows.filter((r) => r.id !== undefined).map((r) => rowRuns(r, fitted).map((run) => run.text).join('').slice(0, context.width).trimEnd());
      expect(cells).toEqual(['PROD eu+us', 'staging']);
    });

    it('drops the shared row for != only when every context of the set is excluded', () => {
      // It fires in prod-us as well: excluding prod-eu leaves it prod-us's.
      expect(shown('ctx!=prod-eu')).toEqual(['prod-eu+prod-us prod-eu', 'staging staging']);
      expect(shown('ctx!~"prod-.*"')).toEqual(['staging staging']);
      expect(shown('ctx!=prod-eu ctx!=prod-us')).toEqual(['staging staging']);
      expect(shown('ctx=staging')).toEqual(['staging staging']);
    });

    it('counts the hidden alerts of the sets the pane lists: a shared set once, a set ctx= leaves out not at all', () => {
      // Each context's own tables count what the hide filter took from its alerts; the shared
      // set's two members count the same alerts (they read the same Alertmanagers).
      const hidden = {'prod-eu': {acked: 2, silenced: 1, inhibited: 0}, 'prod-us': {acked: 2, silenced: 1, inhibited: 0}, staging: {acked: 1, silenced: 0, inhibited: 3}} as const;
      const withHidden = sharing.map((c) => ({...c, built: {...c.built, hiddenAlerts: hidden[c.name as keyof typeof hidden]}}));
      const counts = (filter: string) => mergeContextTables(withHidden, {...noMatchers, alerts: splitContextFilter(filter).matchers}).hiddenAlerts;
      expect(counts('')).toEqual({acked: 3, silenced: 1, inhibited: 3});
      expect(counts('ctx=staging')).toEqual({acked: 1, silenced: 0, inhibited: 3});
      expect(counts('ctx=prod-us')).toEqual({acked: 2, silenced: 1, inhibited: 0});
      expect(counts('ctx!~"prod-.*"')).toEqual({acked: 1, silenced: 0, inhibited: 3});
      // One context filtered out of its own pane hides nothing from it either.
      const one = mergeContextTables([withHidden[2]!], {...noMatchers, alerts: splitContextFilter('ctx=prod-us').matchers});
      expect(one.hiddenAlerts).toEqual({acked: 0, silenced: 0, inhibited: 0});
      expect(mergeContextTables([withHidden[2]!], noMatchers).hiddenAlerts).toEqual(hidden.staging);
    });

    it('chooses contexts by their own name in the other panes', () => {
      const merged = mergeContextTables(sharing, {...noMatchers, deploys: splitContextFilter('ctx=prod-us').matchers});
      expect(merged.origins!.deploys.map((o) => o.context)).toEqual(['prod-us']);
    });
  });

  it('says PROD in words for a production context', () => {
    expect(contextLabel('prod-us', true)).toBe('PROD prod-us');
    expect(contextLabel('staging', false)).toBe('staging');
  });
});

describe('alertSourceKey', () => {
  const source = (kind: 'alertmanager' | 'prometheus', cliUrl?: string, readKey = `${cliUrl}`) => ({name: 'x', kind, capabilities: {listAlerts: async () => ({value: [], warnings: []})}, readKey, ...(cliUrl ? {cliUrl} : {})});
  it('is the same for contexts reading the same alert sources, in any order, and empty for a source without a URL', () => {
    const a = emptyServices({alertSources: [source('alertmanager', 'http://am-1'), source('prometheus', 'http://prom')] as never});
    const b = emptyServices({alertSources: [source('prometheus', 'http://prom'), source('alertmanager', 'http://am-1')] as never});
    const c = emptyServices({alertSources: [source('alertmanager', 'http://am-2'), source('prometheus', 'http://prom')] as never});
    expect(alertSourceKey(a)).toBe(alertSourceKey(b));
    expect(alertSourceKey(a)).not.toBe(alertSourceKey(c));
    expect(alertSourceKey(emptyServices({alertSources: [source('alertmanager')] as never}))).toBe('');
    expect(alertSourceKey(emptyServices())).toBe('');
  });

  it('tells apart one URL read with another tenant (readKey), and shares nothing without a readKey', () => {
    const tenantA = emptyServices({alertSources: [source('alertmanager', 'http://mimir', 'digest-a')] as never});
    const tenantB = emptyServices({alertSources: [source('alertmanager', 'http://mimir', 'digest-b')] as never});
    expect(alertSourceKey(tenantA)).not.toBe(alertSourceKey(tenantB));
    const unkeyed = emptyServices({alertSources: [{...source('alertmanager', 'http://mimir'), readKey: undefined}] as never});
    expect(alertSourceKey(unkeyed)).toBe('');
  });

  it('reuses a merged row while its context row is the same object', () => {
    const a = ctx('a', {tables: {now: T0, alerts: [makeAlert({fingerprint: 'f'})]}});
    const b = ctx('b', {tables: {now: T0, alerts: [makeAlert({fingerprint: 'g'})]}});
    const first = mergeContextTables([a, b], noMatchers).tables.alerts.rows;
    const again = mergeContextTables([a, b], noMatchers).tables.alerts.rows;
    expect(again.every((r, i) => r === first[i])).toBe(true);
  });
});

describe('mergeContextTables with a context that is down', () => {
  const statusWidth = (merged: ReturnType<typeof mergeContextTables>) => merged.tables.slos.columns.find((c) => c.id === 'status')!.width;
  // A context never read: its SLO rows say why, and alone its status column gives the reason room.
  const down = (name: string): ContextTables => {
    const c = ctx(name, {tables: {now: T0, reports: [report(`${name}-slo`, flatRatios(0))]}});
    const tables = {...c.built.tables, slos: sloTable([report(`${name}-slo`, flatRatios(0))], undefined, {kind: 'unknown', reason: 'prometheus unavailable'})};
    return {...c, built: {...c.built, tables}};
  };
  const up = ctx('up', {tables: {now: T0, reports: [report('up-page', PAGING_RATIOS)]}});

  it("does not widen every context's status column for one context's reason: the healthy ones keep their burn rates on screen", () => {
    const alone = down('dead').built.tables.slos.columns.find((c) => c.id === 'status')!;
    expect(alone.width).toBe('? UNKNOWN (prometheus unavailable)'.length);
    const merged = mergeContextTables([up, down('dead')], noMatchers);
    // As wide as the healthy context's statuses need, not the reason's 34 cells.
    expect(statusWidth(merged)).toBe(up.built.tables.slos.columns.find((c) => c.id === 'status')!.width);
    expect(statusWidth(merged)).toBe(16);
    expect(merged.tables.slos.columns.every((c) => c.sharedWidth === undefined)).toBe(true);
    // The down context's rows still say it, cut to the column by the view; the text is whole.
    expect(merged.tables.slos.rows.map((r) => r.cells[1]!.text)).toContain('? UNKNOWN (prometheus unavailable)');
  });

  it('sizes the columns by the contexts the pane shows: filtered to the one that is down, its reason gets the room', () => {
    const onlyDown = {...noMatchers, slos: splitContextFilter('ctx=dead').matchers};
    expect(statusWidth(mergeContextTables([up, down('dead')], onlyDown))).toBe('? UNKNOWN (prometheus unavailable)'.length);
  });

  it('gives the reason its room when every context is down', () => {
    expect(statusWidth(mergeContextTables([down('a'), down('b')], noMatchers))).toBe('? UNKNOWN (prometheus unavailable)'.length);
  });
});
