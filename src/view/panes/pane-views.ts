/**
 * The view entry of every pane, by id: the view's one list of panes (the key layer's is
 * `actions/pane-list.ts`). A new pane is its own file in this folder and one line here; the
 * compiler asks for an entry per pane id. Nothing else lives in this file, so that line is the
 * whole edit.
 */
import type {Pane} from '../../actions/panes.ts';
import {alertPane} from './alert-pane.ts';
import {deployPane} from './deploy-pane.ts';
import type {PaneView} from './pane-view.ts';
import {panelPane} from './panel-pane.ts';
import {sloPane} from './slo-pane.ts';

/** The view entry of every pane. */
export const PANE_VIEWS: Record<Pane, PaneView> = {
  slos: sloPane,
  alerts: alertPane,
  deploys: deployPane,
  panels: panelPane,
};
