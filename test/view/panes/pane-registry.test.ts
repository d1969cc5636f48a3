import {describe, expect, it} from 'vitest';
import {PANES} from '../../../src/actions/panes.ts';
import {computeLayout} from '../../../src/view/layout.ts';
import {FEED_PANES, PANE_ENTRIES, PANE_VIEWS, shownPanes} from '../../../src/view/panes/pane-registry.ts';
import type {ContextServices} from '../../../src/sources/capabilities.ts';

const services: ContextServices = {context: 'c', readOnly: false, slos: [], sloReader: null, alertSources: [], deploySource: null, rollbacker: null};

describe('the pane registry', () => {
  it('has one view entry per pane, under its own id, in Tab order', () => {
    for (const id of PANES) expect(PANE_VIEWS[id].id).toBe(id);
    expect(PANE_ENTRIES.map((e) => e.id)).toEqual([...PANES]);
  });

  it('gives every pane but the three built together (SLOs, alerts, deploys) its own feed: nothing else polls or builds a pane', () => {
    expect(FEED_PANES.map((p) => p.id)).toEqual(PANES.filter((p) => !['slos', 'alerts', 'deploys'].includes(p)));
    for (const {id, feed} of FEED_PANES) expect(PANE_VIEWS[id].feed).toBe(feed);
  });

  it('shows every pane that is not optional, in Tab order; Panels only in a context with panels', () => {
    expect(shownPanes(services)).toEqual(PANE_ENTRIES.filter((e) => !e.optional).map((e) => e.id));
    expect(shownPanes(services)).not.toContain('panels');
    const withPanels = {...services, panels: [{name: 'cpu', query: 'q', unit: 'ratio' as const}]};
    expect(shownPanes(withPanels)).toEqual(['slos', 'alerts', 'deploys', 'panels']);
  });

  it('puts Panels beside the SLOs when wide, and stacks four panes within any window', () => {
    const four = [...PANES];
    const wide = computeLayout(160, 48, 'panels', 15, four);
    expect(wide.rows.map((r) => r.map((p) => [p.id, p.box.width, p.box.height]))).toEqual([
      [['slos', 106, 19], ['panels', 54, 19]],
      [['alerts', 92, 27], ['deploys', 68, 27]],
    ]);
    const narrow = computeLayout(80, 24, 'panels', 10, four);
    expect(narrow.rows.map((r) => [r[0]!.id, r[0]!.box.height, r[0]!.box.collapsed])).toEqual([
      ['slos', 3, true],
      ['alerts', 3, true],
      ['deploys', 3, true],
      ['panels', 13, false],
    ]);
    const problems: string[] = [];
    for (let width = 40; width <= 200; width += 3) {
      for (let height = 8; height <= 90; height++) {
        for (const focus of four) {
          const layout = computeLayout(width, height, focus, 12, four);
          const h = layout.rows.reduce((sum, row) => sum + Math.max(...row.map((p) => p.box.height)), 0);
          const widest = Math.max(...layout.rows.map((row) => row.reduce((sum, p) => sum + p.box.width, 0)));
          const focused = layout.rows.flat().find((p) => p.id === focus);
          if (h > Math.max(3, height - 2) || widest > width || !focused || focused.box.collapsed) problems.push(`${width}x${height} ${focus}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lays out only the panes given, in their order', () => {
    const layout = computeLayout(80, 24, 'deploys', 3, ['slos', 'deploys']);
    expect(layout.rows.map((r) => r.map((p) => [p.id, p.box.height, p.box.collapsed]))).toEqual([[['slos', 3, true]], [['deploys', 19, false]]]);
    // Wide: the panes of each row share its width by their entries' shares.
    const wide = computeLayout(160, 48, 'slos', 3, ['slos', 'deploys']);
    expect(wide.rows.map((r) => r.map((p) => [p.id, p.box.width]))).toEqual([[['slos', 160]], [['deploys', 160]]]);
  });
});
