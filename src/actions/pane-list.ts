/**
 * The one list of the dashboard's panes as the key layer knows them (id, focus key, the words
 * that name it), in Tab order. Everything else about panes in `actions/` is derived from it in
 * `panes.ts`; the view's half of each pane is its entry in `view/panes/pane-views.ts`. Adding a
 * pane is one line here, one line there and the pane's own files (see docs/architecture.md,
 * "Where does X go?"). Nothing else lives in this file, so that line is the whole edit.
 */

/** One pane as the key layer sees it. */
export interface PaneSpec<Id extends string = string> {
  id: Id;
  /** The key that focuses it (its number on screen). */
  key: string;
  /** The pane title, e.g. `SLOs`. */
  title: string;
  /** How help and docs name it: `the ${name} pane`, e.g. `SLO`. */
  name: string;
  /**
   * Shown only in a context that configures it (its view entry says when); Tab skips it
   * elsewhere, so a context without panels keeps the three-pane screen.
   */
  optional?: boolean;
}

/** Every pane, in Tab order and numbered from 1 in that order. */
export const PANE_LIST = [
  {id: 'slos', key: '1', title: 'SLOs', name: 'SLO'},
  {id: 'alerts', key: '2', title: 'Alerts', name: 'alerts'},
  {id: 'deploys', key: '3', title: 'Deploys', name: 'deploys'},
  {id: 'panels', key: '4', title: 'Panels', name: 'panels', optional: true},
] as const satisfies ReadonlyArray<PaneSpec>;
