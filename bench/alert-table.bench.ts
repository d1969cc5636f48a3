/**
 * The alert table's work per poll and per clock second, in one process: 10,000 alerts in 500
 * groups (the alerts benchmark's), of which 3 % change each round, spread over every group (the
 * worst case for the incremental build). Baseline in the same run: a full rebuild of the same list
 * (`prepareAlertTable`, what every poll cost before). Medians over the rounds.
 *
 *   node bench/alert-table.bench.ts [--rounds 15]
 */
import {parseArgs} from 'node:util';
import type {Alert} from '../src/domain/alert.ts';
import {alertFromWire, gettableAlertSchema} from '../src/sources/alertmanager/alertmanager-wire.ts';
import {createInterner} from '../src/sources/alertmanager/intern.ts';
import {createAlertTableBuilder, prepareAlertTable} from '../src/view/rows/alert-rows.ts';
import {generateAlerts, gettableAlerts} from './alerts-data.ts';

const {values} = parseArgs({options: {rounds: {type: 'string', default: '15'}}});
const GROUP_BY = ['alertname', 'service'];
const now = Date.now();
const intern = createInterner();
let alerts: Alert[] = gettableAlerts(generateAlerts(10_000, now), now).map((w) => intern.alert(alertFromWire(gettableAlertSchema.parse(w), 'am')));
const builder = createAlertTableBuilder();
builder.prepare(alerts, GROUP_BY)(now);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => unknown) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};
const full: number[] = [];
const poll: number[] = [];
const second: number[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  alerts = alerts.map((a, i) => (i % 33 === round % 33 ? {...a, startsAt: now - round * 1000} : a));
  const at = now + round * 15_000;
  full.push(time(() => prepareAlertTable(alerts, GROUP_BY)(at)));
  let drawn: ReturnType<typeof builder.prepare> | null = null;
  poll.push(time(() => (drawn = builder.prepare(alerts, GROUP_BY))(at)));
  second.push(time(() => drawn!(at + 1000)));
}
const base = median(full);
console.log('| benchmark | figure | baseline (same run) | ratio |');
console.log('| --- | --- | --- | --- |');
console.log(`| alert table, poll with 3 % of 10,000 alerts changed | median ${median(poll).toFixed(1)} ms | full rebuild: median ${base.toFixed(1)} ms | ${(median(poll) / base).toFixed(2)}× |`);
console.log(`| alert table, a clock second | median ${median(second).toFixed(2)} ms | full rebuild: median ${base.toFixed(1)} ms | ${(median(second) / base).toFixed(3)}× |`);
