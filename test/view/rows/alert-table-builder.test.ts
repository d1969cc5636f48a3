import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Alert} from '../../../src/domain/alert.ts';
import type {Deploy} from '../../../src/domain/deploy.ts';
import {alertTable, createAlertTableBuilder, NOT_STALE, type AckProgress, type AlertStaleness} from '../../../src/view/rows/alert-rows.ts';
import {alertArb, applyChurn, pollArb, type ChurnStep} from '../../domain/alert-churn.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {makeDeploy, T0} from '../../queries/fakes.ts';

const DAY = 86_400_000;
// Starts from two days before T0 to just after it, so ages cross seconds, minutes, hours and days.
const starts = fc.option(fc.integer({min: T0 - 2 * DAY, max: T0 + 5_000}), {nil: null});
const alerts = alertArb(starts, fc.integer({min: T0 - 60_000, max: T0 + DAY}));

/** What else a clock second may bring: ack progress, a suspect deploy, a failed source. */
const tickArb = fc.record({
  advance: fc.constantFrom(0, 1000, 1000, 1000, 59_000, 3_600_000, -1000, 250),
  progress: fc.option(fc.array(fc.record({at: fc.nat(), status: fc.constantFrom<AckProgress['status']>('pending', 'retrying', 'failed', 'done', 'partial')}), {maxLength: 3}), {nil: undefined}),
  suspect: fc.option(fc.constantFrom('api', 'db'), {nil: undefined}),
  stale: fc.option(fc.record({all: fc.option(fc.integer({min: 0, max: 600_000}), {nil: null}), at: fc.array(fc.nat(), {maxLength: 2})}), {nil: undefined}),
});
type Tick = typeof tickArb extends fc.Arbitrary<infer T> ? T : never;

describe('createAlertTableBuilder', () => {
  it('draws, over churning polls and clock seconds, the table a fresh build draws (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(['alertname', 'service'], ['service']),
        fc.array(alerts, {maxLength: 25}),
        fc.array(fc.record({steps: pollArb(alerts, starts), ticks: fc.array(tickArb, {minLength: 1, maxLength: 4})}), {maxLength: 8}),
        (groupBy, first, polls) => {
          const builder = createAlertTableBuilder();
          let list = first;
          let now = T0;
          let progress: ReadonlyMap<string, AckProgress> = new Map();
          let suspects: ReadonlyMap<string, Deploy> = new Map();
          let stale: AlertStaleness = NOT_STALE;
          for (const {steps, ticks} of [{steps: [] as ChurnStep[], ticks: [{advance: 0} as Tick]}, ...polls]) {
            list = applyChurn(list, steps);
            for (const tick of ticks) {
              now += tick.advance;
              if (tick.progress) progress = new Map(tick.progress.filter(() => list.length > 0).map((p) => [list[p.at % list.length]!.fingerprint, {action: 'ack', status: p.status, attempts: 2}]));
              if (tick.suspect) suspects = new Map([[tick.suspect, makeDeploy({id: `d-${now}`, service: tick.suspect, version: `v${now % 7}`})]]);
              if (tick.stale) stale = {allAgeMs: tick.stale.all, since: Object.fromEntries(tick.stale.at.filter(() => list.length > 0).map((i) => [list[i % list.length]!.fingerprint, now - 30_000]))};
              const table = builder.prepare(list, groupBy, progress)(now, suspects, stale);
              expect(table).toEqual(alertTable(list, now, groupBy, progress, suspects, stale));
            }
          }
        },
      ),
      {seed: 20_261_204, numRuns: 120},
    );
  });

  const alert = (fingerprint: string, name: string, startsAt: number): Alert => makeAlert({fingerprint, name, labels: {alertname: name}, startsAt});

  it('keeps the rows of unchanged alerts across a poll, and the whole table across a second that changed nothing', () => {
    const list = [alert('a1', 'A', T0 - 7_200_000), alert('a2', 'A', T0 - 30_500), alert('b1', 'B', T0 - 3_000_000)];
    const builder = createAlertTableBuilder();
    const first = builder.prepare(list, ['alertname'])(T0);
    // One second later only a2's age (30s → 31s) moved: every other row, and A's group row at 2h, is the same object.
    const second = builder.prepare(list, ['alertname'])(T0 + 1000);
    expect(second.rows.map((r, i) => r === first.rows[i])).toEqual([true, true, false, true, true]);
    // A poll in which B changed: A's group and rows are kept as they were drawn.
    const changed = [list[0]!, list[1]!, {...list[2]!, severity: 'critical'}];
    const third = builder.prepare(changed, ['alertname'])(T0 + 1000);
    expect(third.rows.map((r) => r.key)).toEqual(['g:alertname="B"', 'a:b1', 'g:alertname="A"', 'a:a1', 'a:a2']);
    expect(third.rows.slice(2)).toEqual(second.rows.slice(0, 3));
    third.rows.slice(2).forEach((r, i) => expect(r).toBe(second.rows[i]));
    // The same second drawn again, and a second in which no age crossed its unit: the same table.
    const at = builder.prepare(changed, ['alertname']);
    const fourth = at(T0 + 1000);
    expect(at(T0 + 1000)).toBe(fourth);
    expect(builder.prepare(changed, ['alertname'])(T0 + 1000).rows).toEqual(fourth.rows);
  });
});

describe('alert table cells', () => {
  it('are shared between rows showing the same text in the same tone: 10,000 alerts hold a few dozen such cells, not 40,000', () => {
    const list = Array.from({length: 200}, (_, i) => makeAlert({fingerprint: `f${i}`, name: `A${i % 4}`, startsAt: T0 - 5 * 60_000, labels: {alertname: `A${i % 4}`, service: `svc${i % 2}`, severity: 'critical'}}));
    const rows = alertTable(list, T0, ['alertname', 'service']).rows.filter((r) => r.id !== undefined);
    expect(rows).toHaveLength(200);
    // Severity, state, service and age: one object per distinct text and tone.
    for (const column of [0, 1, 3, 4]) {
      const distinct = new Set(rows.map((r) => r.cells[column]));
      expect(distinct.size, `column ${column}`).toBe(new Set(rows.map((r) => `${r.cells[column]!.text}|${r.cells[column]!.tone}`)).size);
      expect(distinct.size).toBeLessThanOrEqual(2);
    }
    expect(rows[0]!.cells.slice(0, 5).map((c) => c.text)).toEqual(['WARN', 'firing', '  A0', 'svc0', '5m']);
  });
});
