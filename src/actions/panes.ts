/**
 * The panes of the dashboard as data, in Tab order: what the key layer needs to know of each (its
 * id, which is also its scope, its focus key and the words that name it). The view's half of a
 * pane (query, rows, details, summary) is its entry in `view/panes/pane-registry.ts`, keyed by
 * the same id; adding a pane is one line here and one entry there.
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

/** One pane id. */
export type Pane = (typeof PANE_LIST)[number]['id'];

/** The pane ids in Tab order. */
export const PANES: readonly Pane[] = PANE_LIST.map((p) => p.id);

/** The spec of pane `id`. */
export function paneSpec(id: Pane): PaneSpec<Pane> {
  return PANE_LIST.find((p) => p.id === id)!;
}

/** The action that focuses a pane: `focusSlos`, `focusPanels` … */
export type FocusActionId = `focus${Capitalize<Pane>}`;

/** The focus action of `pane`. */
export function focusActionOf(pane: Pane): FocusActionId {
  return `focus${pane[0]!.toUpperCase()}${pane.slice(1)}` as FocusActionId;
}

/** The focus actions, in pane order. */
export const FOCUS_ACTIONS: readonly FocusActionId[] = PANES.map(focusActionOf);

/** True for the focus action of some pane. */
export function isFocusAction(id: string): id is FocusActionId {
  return (FOCUS_ACTIONS as readonly string[]).includes(id);
}

/** The pane a focus action focuses. */
export function paneOfFocusAction(id: FocusActionId): Pane {
  return PANES.find((p) => focusActionOf(p) === id)!;
}

/** Record with one value per pane, built from a function of the pane. */
export function perPane<T>(value: (pane: Pane) => T): Record<Pane, T> {
  return Object.fromEntries(PANES.map((p) => [p, value(p)])) as Record<Pane, T>;
}

/**
 * The panes Tab cycles through when the view has not said which are shown: all but the optional
 * ones, which only a context that configures them shows.
 */
export const DEFAULT_SHOWN: readonly Pane[] = (PANE_LIST as ReadonlyArray<PaneSpec<Pane>>).filter((p) => !p.optional).map((p) => p.id);
