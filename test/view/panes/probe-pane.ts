/**
 * A fifth pane that exists only in tests: "Probes", the up/down state of a context's synthetic
 * checks, read from a fake probe runner. It is written as a new pane would be (its query, cadence,
 * table, health, summary and details in its own entry) and registered by replacing only the two
 * pane lists (`actions/pane-list.ts`, `view/panes/pane-views.ts`), to show that nothing else has
 * to name a pane (test/view/new-pane.test.tsx).
 */
import type {Pane} from '../../../src/actions/panes.ts';
import {sanitize} from '../../../src/domain/sanitize.ts';
import {recordingFailures} from '../../../src/queries/last-failure.ts';
import {alignedInterval, pollRetryDelay} from '../../../src/queries/query-client.ts';
import type {SourceOutcome} from '../../../src/queries/source-outcome.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {definePaneFeed, type PaneBuild} from '../../../src/view/panes/pane-feed.ts';
import type {PaneView} from '../../../src/view/panes/pane-view.ts';
import {singleSourceHealth} from '../../../src/view/panes/single-source.ts';
import {filterTable} from '../../../src/view/rows/row-filter.ts';
import type {Table} from '../../../src/view/rows/row-types.ts';

/** The probes pane's id; not a `Pane` to the compiler, since the real list does not have it. */
export const PROBES = 'probes' as Pane;

/** The key-layer line the test adds to `PANE_LIST`. */
export const PROBE_SPEC = {id: 'probes', key: '5', title: 'Probes', name: 'probes'} as const;

/** How often the pane polls: its entry's own cadence, not one of the config's. */
export const PROBE_INTERVAL_MS = 2000;

/** One probe's answer. */
export interface Probe {
  name: string;
  up: boolean;
}

/** The fake probe runner the pane reads: what it answers, whether it fails, how often it was asked. */
export const probeRunner = {probes: [] as Probe[], failing: false, reads: 0};

interface ProbeSnapshot {
  probes: Probe[];
  outcome: SourceOutcome;
  /** When it was read, by the runtime's clock (the header's age counts from it). */
  at: number;
}

const RUNNER = {name: 'probe-runner', kind: 'probes'};

const probes = definePaneFeed(PROBES, {
  query: (services, {intervalMs, now}) => ({
    queryKey: ['probes', services.context] as const,
    refetchInterval: alignedInterval(intervalMs, now),
    retryDelay: pollRetryDelay(intervalMs),
    queryFn: recordingFailures(async (): Promise<ProbeSnapshot> => {
      probeRunner.reads++;
      if (probeRunner.failing) throw new SourceFailure('unavailable', 'connection refused');
      return {probes: probeRunner.probes.map((p) => ({...p})), outcome: {...RUNNER, ok: true, error: null, warnings: []}, at: now()};
    }, now),
  }),
  key: (context) => ['probes', context] as const,
  interval: () => PROBE_INTERVAL_MS,
  build(snapshot: ProbeSnapshot | undefined, {freshness, filter}): PaneBuild<Probe> {
    const list = snapshot?.probes ?? [];
    const stale = freshness.kind === 'stale' ? 'STALE ' : '';
    const table: Table = {
      columns: [
        {id: 'state', header: 'STATE', width: 12, priority: 0},
        {id: 'probe', header: 'PROBE', width: 20, flex: true, priority: 0},
      ],
      rows: list.map((p) => ({key: `probe:${p.name}`, cells: [{text: `${stale}${p.up ? 'UP' : 'DOWN'}`}, {text: sanitize(p.name)}], tone: p.up ? 'ok' : 'critical'})),
    };
    return {table: filterTable(table, filter), items: new Map(list.map((p) => [`probe:${p.name}`, p]))};
  },
});

/** The Probes pane's view entry. */
export const probePane: PaneView = {
  id: PROBES,
  feed: probes.feed,
  empty: 'no probes',
  noun: 'probes',
  idle: () => null,
  health: (_services, d, live) => [singleSourceHealth(RUNNER, probes.result(d), d.failures[PROBES], live)],
  total: (built) => probes.items(built).size,
  summary: (built) => `${[...probes.items(built).values()].filter((p) => !p.up).length} down`,
  label: (row, built) => {
    const p = probes.items(built).get(row.key);
    return p && sanitize(p.name);
  },
  detail(row, {built}) {
    const p = probes.items(built).get(row.key);
    return p ? {title: 'Probe details', lines: [{label: 'Probe', value: sanitize(p.name)}, {label: 'State', value: p.up ? 'up' : 'down'}]} : null;
  },
  wide: {row: 1, share: 0.3},
};
