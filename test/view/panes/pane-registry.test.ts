import {describe, expect, it} from 'vitest';
import {PANES} from '../../../src/actions/panes.ts';
import {computeLayout} from '../../../src/view/layout.ts';
import {PANE_ENTRIES, PANE_VIEWS, shownPanes} from '../../../src/view/panes/pane-registry.ts';
import type {ContextServices} from '../../../src/sources/capabilities.ts';

const services: ContextServices = {context: 'c', readOnly: false, slos: [], sloReader: null, alertSources: [], deploySource: null, rollbacker: null};

describe('the pane registry', () => {
  it('has one view entry per pane, under its own id, in Tab order', () => {
    for (const id of PANES) expect(PANE_VIEWS[id].id).toBe(id);
    expect(PANE_ENTRIES.map((e) => e.id)).toEqual([...PANES]);
  });

  it('shows every pane that is not optional, in Tab order', () => {
    expect(shownPanes(services)).toEqual(PANE_ENTRIES.filter((e) => !e.optional).map((e) => e.id));
  });

  it('lays out only the panes given, in their order', () => {
    const layout = computeLayout(80, 24, 'deploys', 3, ['slos', 'deploys']);
    expect(layout.rows.map((r) => r.map((p) => [p.id, p.box.height, p.box.collapsed]))).toEqual([[['slos', 3, true]], [['deploys', 19, false]]]);
    // Wide: the panes of each row share its width by their entries' shares.
    const wide = computeLayout(160, 48, 'slos', 3, ['slos', 'deploys']);
    expect(wide.rows.map((r) => r.map((p) => [p.id, p.box.width]))).toEqual([[['slos', 160]], [['deploys', 160]]]);
  });
});
