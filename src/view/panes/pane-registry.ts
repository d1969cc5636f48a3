/**
 * Every pane of the dashboard, by id: the key layer's spec (`actions/panes.ts`) and the view's
 * entry (`pane-view.ts`). The screen, the layout, the pane titles and health, details and
 * summaries all go through here, so a pane is spelled once.
 */
import {PANE_LIST, type Pane, type PaneSpec} from '../../actions/panes.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {alertPane} from './alert-pane.ts';
import {deployPane} from './deploy-pane.ts';
import type {PaneView} from './pane-view.ts';
import {panelPane} from './panel-pane.ts';
import {sloPane} from './slo-pane.ts';

/** The view entry of every pane; the compiler asks for one per pane id. */
export const PANE_VIEWS: Record<Pane, PaneView> = {slos: sloPane, alerts: alertPane, deploys: deployPane, panels: panelPane};

/** The key layer's spec and the view entry of one pane. */
export type PaneEntry = PaneSpec<Pane> & {view: PaneView};

/** Every pane in Tab order. */
export const PANE_ENTRIES: readonly PaneEntry[] = (PANE_LIST as ReadonlyArray<PaneSpec<Pane>>).map((spec) => ({...spec, view: PANE_VIEWS[spec.id]}));

/** The panes this context shows, in Tab order: every pane but the optional ones it does not configure. */
export function shownPanes(services: ContextServices): Pane[] {
  return PANE_ENTRIES.filter((p) => !p.optional || (p.view.shown?.(services) ?? true)).map((p) => p.id);
}
