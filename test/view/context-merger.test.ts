/**
 * The dashboard's context merger follows what changed: a merge after one context's change splits
 * and scopes only that context's changed pane, re-orders only the panes it touched, and hands back
 * the very same tables and maps for what did not change; and whatever the sequence of changes, its
 * result is exactly that of a fresh merge of the same tables.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {perPane, type Pane} from '../../src/actions/panes.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {evaluateSlo} from '../../src/domain/slo-math.ts';
import {createContextMerger, mergeContextTables, type ContextTables} from '../../src/view/context-tables.ts';
import {splitContextFilter, type ContextMatcher} from '../../src/domain/context-filter.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {flatRatios, makeDeploy, makeSlo, PAGING_RATIOS, T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';

const noMatchers = perPane((): ContextMatcher[] => []);
const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** What one context holds, small enough to shrink well: alerts, SLOs and deploys by index. */
interface ContextData {
  alerts: {name: number; service: number; severity: number}[];
  slos: {paging: boolean; burn: number}[];
  deploys: number[];
}

const contextData: fc.Arbitrary<ContextData> = fc.record({
  alerts: fc.array(fc.record({name: fc.nat(3), service: fc.nat(2), severity: fc.nat(2)}), {maxLength: 8}),
  slos: fc.array(fc.record({paging: fc.boolean(), burn: fc.constantFrom(0, 0.0005, 0.002)}), {maxLength: 4}),
  deploys: fc.array(fc.nat(600), {maxLength: 3}),
});

function tablesOf(name: string, data: ContextData) {
  const alerts: Alert[] = data.alerts.map((a, i) =>
    makeAlert({fingerprint: `${name}-${i}`, name: `Alert${a.name}`, severity: SEVERITIES[a.severity]!, labels: {alertname: `Alert${a.name}`, service: `svc${a.service}`}}),
  );
  const reports = data.slos.map((s, i) => evaluateSlo(makeSlo({name: `${name}-slo${i}`}), {slo: `${name}-slo${i}`, at: T0, ratios: s.paging ? [...PAGING_RATIOS] : flatRatios(s.burn)}));
  const deploys = data.deploys.map((ago, i) => makeDeploy({id: `${name}-d${i}`, startedAt: T0 - ago * 1000}));
  return buildTables({now: T0, alerts, reports, deploys});
}

/** One change to the set between two merges. */
type Step =
  | {kind: 'data'; at: number; data: ContextData}
  | {kind: 'production'; at: number}
  | {kind: 'share'; at: number; with: number}
  | {kind: 'filter'; pane: Pane; text: string}
  | {kind: 'swap'; at: number}
  | {kind: 'drop'; at: number}
  | {kind: 'none'};

const step: fc.Arbitrary<Step> = fc.oneof(
  {arbitrary: fc.record({kind: fc.constant('data' as const), at: fc.nat(5), data: contextData}), weight: 4},
  fc.record({kind: fc.constant('production' as const), at: fc.nat(5)}),
  fc.record({kind: fc.constant('share' as const), at: fc.nat(5), with: fc.nat(5)}),
  fc.record({kind: fc.constant('filter' as const), pane: fc.constantFrom<Pane>('slos', 'alerts', 'deploys'), text: fc.constantFrom('', 'ctx=c0', 'ctx!=c1', 'ctx=~"c[12]"')}),
  fc.record({kind: fc.constant('swap' as const), at: fc.nat(5)}),
  fc.record({kind: fc.constant('drop' as const), at: fc.nat(5)}),
  fc.constant({kind: 'none' as const}),
);

function apply(list: ContextTables[], matchers: Record<Pane, ContextMatcher[]>, s: Step): {list: ContextTables[]; matchers: Record<Pane, ContextMatcher[]>} {
  const next = [...list];
  const at = 'at' in s ? s.at % list.length : 0;
  switch (s.kind) {
    case 'data':
      next[at] = {...next[at]!, built: tablesOf(next[at]!.name, s.data)};
      break;
    case 'production':
      next[at] = {...next[at]!, production: !next[at]!.production};
      break;
    case 'share':
      next[at] = {...next[at]!, alertKey: list[s.with % list.length]!.alertKey};
      break;
    case 'filter':
      return {list, matchers: {...matchers, [s.pane]: splitContextFilter(s.text).matchers}};
    case 'swap':
      if (list.length > 1) [next[at], next[(at + 1) % list.length]] = [next[(at + 1) % list.length]!, next[at]!];
      break;
    case 'drop':
      if (list.length > 2) next.splice(at, 1);
      break;
    case 'none':
      break;
  }
  return {list: next, matchers};
}

describe('createContextMerger', () => {
  it('gives exactly what a fresh merge gives, after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(contextData, {minLength: 2, maxLength: 4}), fc.array(step, {maxLength: 12}), (start, steps) => {
        const merger = createContextMerger();
        let list: ContextTables[] = start.map((data, i) => ({name: `c${i}`, production: i === 1, alertKey: `am c${i}`, built: tablesOf(`c${i}`, data)}));
        let matchers = noMatchers;
        for (const s of [{kind: 'none'} as Step, ...steps]) {
          ({list, matchers} = apply(list, matchers, s));
          const kept = merger.merge(list, matchers);
          const fresh = mergeContextTables(list, matchers);
          expect(kept).toEqual(fresh);
          // Worst first across contexts: the alert groups' severities never rise down the pane.
          const heads = kept.tables.alerts.rows.filter((r) => r.parent === undefined).map((r) => ['critical', 'warn', 'info', 'accent', 'ok', 'muted'].indexOf(r.tone));
          expect(heads).toEqual([...heads].sort((a, b) => a - b));
        }
      }),
      {numRuns: 100},
    );
    // A hundred sequences of merges: seconds on a loaded machine.
  }, 60_000);

  it("re-merges one context's change without splitting the other contexts' panes again", () => {
    const data = (n: number): ContextData => ({alerts: [{name: n, service: 0, severity: n % 3}], slos: [{paging: n === 1, burn: 0}], deploys: [n * 10]});
    const list: ContextTables[] = [0, 1, 2].map((i) => ({name: `c${i}`, production: false, alertKey: `am c${i}`, built: tablesOf(`c${i}`, data(i))}));
    const merger = createContextMerger();
    const first = merger.merge(list, noMatchers);
    // Three contexts, four panes each; every pane and map merged once.
    expect(merger.counts()).toEqual({contextPanes: 12, panes: 4, maps: 3});

    // Nothing changed: nothing built, and the same tables and maps (nothing drawn from them is redone).
    const same = merger.merge([...list], noMatchers);
    expect(merger.counts()).toEqual({contextPanes: 12, panes: 4, maps: 3});
    expect(same.tables).toBe(first.tables);
    expect(same.alerts).toBe(first.alerts);
    expect(same.reports).toBe(first.reports);

    // One context's alerts changed (its other tables are the same objects): only its alert pane is split again.
    const changed = tablesOf('c1', {...data(1), alerts: [{name: 3, service: 1, severity: 0}]});
    const next = [list[0]!, {...list[1]!, built: {...list[1]!.built, tables: {...list[1]!.built.tables, alerts: changed.tables.alerts}, alerts: changed.alerts}}, list[2]!];
    const after = merger.merge(next, noMatchers);
    expect(merger.counts()).toEqual({contextPanes: 13, panes: 5, maps: 4});
    expect(after.tables.slos).toBe(first.tables.slos);
    expect(after.tables.deploys).toBe(first.tables.deploys);
    expect(after.reports).toBe(first.reports);
    expect(after.tables.alerts).not.toBe(first.tables.alerts);
    expect(after).toEqual(mergeContextTables(next, noMatchers));
  });
});
