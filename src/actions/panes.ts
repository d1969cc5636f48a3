/**
 * The panes of the dashboard as data, in Tab order: what the key layer needs to know of each (its
 * id, which is also its scope, its focus key and the words that name it), all derived from the
 * one list in `pane-list.ts`. The view's half of a pane (query, rows, details, summary) is its
 * entry in `view/panes/pane-views.ts`, keyed by the same id.
 */
import {PANE_LIST, type PaneSpec} from './pane-list.ts';

export {PANE_LIST, type PaneSpec} from './pane-list.ts';

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
