import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {createAlertGrouper, groupAlerts, type AlertGroup} from '../../src/domain/alert-groups.ts';
import {compareAlerts, compareStarts, severityRank} from '../../src/domain/alert-order.ts';
import {alertArb, applyChurn, pollArb} from './alert-churn.ts';
import {makeAlert} from './alert-fixture.ts';

/** The order the grouping promises, written the plain way: every group and member sorted from scratch. */
function oracle(alerts: readonly Alert[], groupBy: readonly string[]): AlertGroup[] {
  const labelOf = (a: Alert, name: string) => a.labels[name] ?? (name === 'alertname' ? a.name : '');
  const byKey = new Map<string, Alert[]>();
  for (const a of alerts) {
    const key = groupBy.map((name) => `${name}=${JSON.stringify(labelOf(a, name))}`).join(',');
    byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  const groups = [...byKey].map(([key, members]) => {
    const sorted = [...members].sort((a, b) => compareAlerts(a, b));
    const labels = Object.fromEntries(groupBy.map((n) => [n, labelOf(sorted[0]!, n)]).filter(([, v]) => v !== ''));
    const starts = sorted.map((a) => a.startsAt).filter((s): s is number => s !== null);
    return {key, labels, alerts: sorted, worstSeverity: sorted[0]!.severity, count: sorted.length, oldest: starts.length > 0 ? Math.min(...starts) : null};
  });
  groups.sort((a, b) => severityRank(b.worstSeverity) - severityRank(a.worstSeverity) || compareStarts(a.oldest, b.oldest) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return groups.map(({oldest: _, ...g}) => g);
}

const starts = fc.option(fc.integer({min: 0, max: 5}), {nil: null});
const alerts = alertArb(starts);

const groupBys = fc.constantFrom(['alertname', 'service'], ['service'], ['alertname'], ['team']);

describe('createAlertGrouper', () => {
  it('gives, over any sequence of churning polls, the groups of a full regroup (property)', () => {
    fc.assert(
      fc.property(groupBys, fc.array(alerts, {maxLength: 30}), fc.array(pollArb(alerts, starts), {maxLength: 12}), (groupBy, first, polls) => {
        const grouper = createAlertGrouper(groupBy);
        let list = first;
        let before: AlertGroup[] = [];
        for (const steps of [[], ...polls]) {
          const previous = list;
          list = applyChurn(list, steps);
          const groups = grouper.group(list);
          expect(groups).toEqual(oracle(list, groupBy));
          expect(groups).toEqual(groupAlerts(list, groupBy));
          // Nothing changed: the previous array itself, so the view skips its rebuild.
          if (list === previous && before.length > 0) expect(groups).toBe(before);
          // A group whose alerts arrive as the same objects in the same order is the previous group object.
          for (const g of groups) {
            const old = before.find((b) => b.key === g.key);
            const arrivedBefore = previous.filter((a) => old?.alerts.includes(a));
            const arrivedNow = list.filter((a) => g.alerts.includes(a));
            if (old && arrivedBefore.length === arrivedNow.length && arrivedBefore.every((a, i) => a === arrivedNow[i])) expect(g).toBe(old);
          }
          before = groups;
        }
      }),
      {seed: 20_261_204, numRuns: 150},
    );
  });

  it('rebuilds only the group an alert changed in, and keeps the others as they were', () => {
    const alerts = [
      makeAlert({fingerprint: 'a1', name: 'A', labels: {alertname: 'A', service: 'api'}}),
      makeAlert({fingerprint: 'a2', name: 'A', labels: {alertname: 'A', service: 'api'}, severity: 'critical'}),
      makeAlert({fingerprint: 'b1', name: 'B', labels: {alertname: 'B', service: 'db'}, severity: 'critical'}),
    ];
    const grouper = createAlertGrouper(['alertname', 'service']);
    const first = grouper.group(alerts);
    const changed = [alerts[0]!, {...alerts[1]!, severity: 'info'}, alerts[2]!];
    const second = grouper.group(changed);
    expect(second.map((g) => g.key)).toEqual(['alertname="B",service="db"', 'alertname="A",service="api"']);
    expect(second[0]).toBe(first.find((g) => g.key.startsWith('alertname="B"')));
    expect(second[1]).not.toBe(first.find((g) => g.key.startsWith('alertname="A"')));
    expect(second[1]!.alerts.map((a) => a.fingerprint)).toEqual(['a1', 'a2']);
    // The same list again, or an equal copy of it: the previous array.
    expect(grouper.group(changed)).toBe(second);
    expect(grouper.group([...changed])).toBe(second);
  });
});
