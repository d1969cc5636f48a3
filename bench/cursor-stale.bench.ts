/**
 * The cursor note's check on every Dashboard render (`cursorsStale`, asked on each poll and each
 * clock-driven publish) with 10,000 alerts in one group, the storm of one alertname and service
 * that makes a group that large. Cursor on the header and on the last member row. Baseline in the
 * same run: one sorted copy of the group's ids, what each render paid when the members were sorted
 * afresh. Medians over the rounds.
 *
 *   node bench/cursor-stale.bench.ts [--rounds 15]
 */
import {parseArgs} from 'node:util';
import {cursorsStale} from '../src/actions/ui-cursor.ts';
import {initialUiState, uiReducer, type PaneRows} from '../src/actions/ui-state.ts';

const {values} = parseArgs({options: {rounds: {type: 'string', default: '15'}}});
const N = 10_000;
const ids = Array.from({length: N}, (_, i) => `${(((i * 7919) % N) + 1e12).toString(16)}f00d${i}`);
const rows: PaneRows = {
  slos: [],
  alerts: [{key: 'g:disk', group: {label: 'DiskFull · db', ids}}, ...ids.map((id) => ({key: `a:${id}`, parent: 'g:disk'}))],
  deploys: [],
};
const rowCounts = {slos: 0, alerts: N + 1, deploys: 0};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Mean ms per call over `calls` calls.
const perCall = (f: () => unknown, calls = 200) => {
  const start = performance.now();
  for (let i = 0; i < calls; i++) f();
  return (performance.now() - start) / calls;
};

console.log('| benchmark | figure | baseline (same run) | ratio |');
console.log('| --- | --- | --- | --- |');
for (const [where, index] of [['header', 0], ['last member', N]] as const) {
  const first = uiReducer(initialUiState({focus: 'alerts'}), {type: 'clamp', rowCounts, rows, now: 1000});
  const put = {...first, selection: {...first.selection, alerts: index}, anchors: {...first.anchors, alerts: null}};
  const state = uiReducer(put, {type: 'clamp', rowCounts, rows, now: 1000});
  const check: number[] = [];
  const sort: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    check.push(perCall(() => cursorsStale(state, rows)));
    sort.push(perCall(() => [...ids].sort(), 20));
  }
  const base = median(sort);
  console.log(`| cursorsStale, 10,000 alerts in one group, cursor on the ${where} | median ${median(check).toFixed(4)} ms | one sort of the ids: median ${base.toFixed(2)} ms | ${(median(check) / base).toFixed(4)}× |`);
}
