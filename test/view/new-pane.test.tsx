/**
 * A new pane is its own entry plus one line in each of the two pane lists: this file adds a fifth
 * pane (Probes, `panes/probe-pane.ts`) by replacing only `actions/pane-list.ts` and
 * `view/panes/pane-views.ts` with the real lists plus that line, and runs the real Dashboard. The
 * pane is polled at its own cadence, drawn with its count and summary, focused by its key and by
 * Tab, shows its details, keeps its last rows marked stale when its source fails, and its key is
 * in the generated keybindings. Were a pane's identity spelled anywhere else (a hook naming each
 * pane's query, a per-pane record typed by hand), the fifth pane would be missing there and this
 * fails.
 */
import {afterEach, describe, expect, it, vi} from 'vitest';
import {renderKeybindingsMarkdown} from '../../src/actions/keybindings-doc.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {PANES, perPane} from '../../src/actions/panes.ts';
import {mergeContextTables} from '../../src/view/context-tables.ts';
import {detailFor} from '../../src/view/detail-for.ts';
import {PANE_VIEWS} from '../../src/view/panes/pane-registry.ts';
import {FRESH} from '../../src/view/rows/freshness.ts';
import {T0} from '../queries/fakes.ts';
import {buildTables} from './fixtures.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {FEED_PANES, shownPanes} from '../../src/view/panes/pane-registry.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';
import {PROBE_INTERVAL_MS, PROBES, probeRunner} from './panes/probe-pane.ts';

vi.mock('../../src/actions/pane-list.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/actions/pane-list.ts')>();
  // The line a new pane adds to the key layer's list (PROBE_SPEC; inlined: mocks are hoisted).
  return {...real, PANE_LIST: [...real.PANE_LIST, {id: 'probes', key: '5', title: 'Probes', name: 'probes'}]};
});

vi.mock('../../src/view/panes/pane-views.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/view/panes/pane-views.ts')>();
  const {probePane} = await import('./panes/probe-pane.ts');
  // The line a new pane adds to the view's list.
  return {...real, PANE_VIEWS: {...real.PANE_VIEWS, probes: probePane}};
});

dashboardTestHooks({stubTerminalSize: true});

let harness: Harness | null = null;

afterEach(() => {
  probeRunner.probes = [];
  probeRunner.failing = false;
  probeRunner.reads = 0;
});

const demo = () => createDemoEnvironment({now: () => Date.now()}).services;

describe('a fifth pane added in the two pane lists only', () => {
  it('is a pane everywhere the lists are read: ids, focus key, the keybindings doc, the panes polled and shown', () => {
    expect(PANES).toEqual(['slos', 'alerts', 'deploys', 'panels', 'probes']);
    expect(FEED_PANES.map((p) => p.id)).toEqual(['panels', 'probes']);
    expect(shownPanes(demo())).toEqual(['slos', 'alerts', 'deploys', 'panels', 'probes']);
    expect(renderKeybindingsMarkdown(defaultKeymap)).toContain('| `5` | `focusProbes` | Focus the probes pane |');
  });

  it('merges over several contexts: its rows worst first with their context, details from their own context', () => {
    const services = demo();
    const built = (probes: Array<{name: string; up: boolean}>) => {
      const own = PANE_VIEWS[PROBES].feed!.build({probes, outcome: {name: 'probe-runner', kind: 'probes', ok: true, error: null, warnings: []}}, {services, freshness: FRESH, filter: '', now: T0});
      const base = buildTables({now: T0});
      return {...base, tables: {...base.tables, [PROBES]: own.table}, items: {...base.items, [PROBES]: own.items}};
    };
    const merged = mergeContextTables(
      [
        {name: 'prod-eu', production: false, alertKey: 'eu', built: built([{name: 'eu-login', up: true}])},
        {name: 'prod-us', production: true, alertKey: 'us', built: built([{name: 'us-login', up: false}])},
      ],
      perPane(() => []),
    );
    expect(merged.tables[PROBES].rows.map((r) => r.cells.map((c) => c.text).join(' '))).toEqual(['PROD prod-us DOWN us-login', 'prod-eu UP eu-login']);
    expect(detailFor(PROBES, merged, 0, T0).lines).toEqual([
      {label: 'Probe', value: 'us-login'},
      {label: 'State', value: 'down'},
    ]);
  });

  it('is polled at its own cadence, drawn, focused by its key and by Tab, and shows its details', async () => {
    probeRunner.probes = [
      {name: 'checkout-login', up: false},
      {name: 'search-query', up: true},
    ];
    harness = await renderDashboard(demo(), {rows: 24, columns: 80});
    // Collapsed on a short screen: its title with the count, and its summary.
    let frame = await harness.waitFor((f) => f.includes('5 Probes (2)  1 down') && f.includes('checkout-availability'), 'probes drawn collapsed');
    expect(probeRunner.reads).toBe(1);
    // Its entry's cadence (2 s), not the demo's 5 s.
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);
    await harness.waitFor(() => probeRunner.reads === 2, 'second probe read', 500);
    await harness.press('5');
    frame = await harness.waitFor((f) => f.includes('▶ 5 Probes (2)'), 'probes focused');
    const rows = frame.split('\n').filter((l) => /\b(UP|DOWN)\b/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/› DOWN +checkout-login/);
    expect(rows[1]).toMatch(/UP +search-query/);
    // The other panes collapse to their summaries.
    expect(frame).toContain('4 Panels (15)');
    await harness.press('\r');
    frame = await harness.waitFor((f) => f.includes('Probe details'), 'probe details');
    expect(frame).toMatch(/Probe +checkout-login/);
    expect(frame).toMatch(/State +down/);
    await harness.press('\u001b');
    await harness.waitFor((f) => !f.includes('Probe details'), 'details closed');
    // Tab: from Panels to Probes, and from Probes round to the SLOs.
    await harness.press('4');
    await harness.waitFor((f) => f.includes('▶ 4 Panels'), 'panels focused');
    await harness.press('\t');
    await harness.waitFor((f) => f.includes('▶ 5 Probes'), 'tab to probes');
    await harness.press('\t');
    await harness.waitFor((f) => f.includes('▶ 1 SLOs'), 'tab round to slos');
  });

  it('keeps its last rows marked stale when its source fails, and the header names the source', async () => {
    probeRunner.probes = [{name: 'checkout-login', up: true}];
    harness = await renderDashboard(demo(), {rows: 24, columns: 80});
    await harness.waitFor((f) => f.includes('5 Probes (1)'), 'probes drawn');
    await harness.press('5');
    await harness.waitFor((f) => /› UP +checkout-login/.test(f), 'probes focused');
    probeRunner.failing = true;
    const frame = await harness.waitFor((f) => f.includes('STALE UP') && f.includes('connection refused'), 'stale probes', 12_000);
    expect(frame).toMatch(/› STALE UP +checkout-login/);
    expect(frame).toContain('probe-runner ✖');
    probeRunner.failing = false;
    await harness.waitFor((f) => /› UP +checkout-login/.test(f) && !f.includes('probe-runner ✖'), 'fresh again', 12_000);
  });
});
