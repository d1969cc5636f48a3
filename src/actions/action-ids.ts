/**
 * The closed sets the key layer speaks in: action ids and scopes. Everything else (keymap rows,
 * registry, reducer, generated docs) is keyed by these, so a typo is a type error, not a dead key.
 * The panes (and so their scopes and focus actions) come from `panes.ts`.
 */
import {FOCUS_ACTIONS, PANES, type FocusActionId, type Pane} from './panes.ts';

export {PANES, type Pane} from './panes.ts';

const OWN_ACTION_IDS = [
  'quit',
  'help',
  'command',
  'refresh',
  'pause',
  'back',
  'focusNext',
  'focusPrev',
  'down',
  'up',
  'top',
  'bottom',
  'pageDown',
  'pageUp',
  'details',
  'filter',
  'copyLink',
  'copyCommand',
  'ack',
  'ackGroup',
  'unack',
  'openRunbook',
  'resolve',
  'rollback',
  'toggleAcked',
  'toggleSilenced',
  'toggleInhibited',
  'timeline',
  'timelineAll',
  'timelineFilter',
  'timeTravel',
  'timelineRunbook',
  'submit',
  'cancelInput',
] as const;

/** One action id: its own ones and one focus action per pane. */
export type ActionId = (typeof OWN_ACTION_IDS)[number] | FocusActionId;

/** Every action a key can trigger, in the order the keymap lists them (focus keys after Tab). */
export const ACTION_IDS: readonly ActionId[] = (() => {
  const afterTab = OWN_ACTION_IDS.indexOf('focusPrev') + 1;
  return [...OWN_ACTION_IDS.slice(0, afterTab), ...FOCUS_ACTIONS, ...OWN_ACTION_IDS.slice(afterTab)];
})();

/** True when `id` names an action (used to validate user overrides, which arrive as strings). */
export function isActionId(id: string): id is ActionId {
  return (ACTION_IDS as readonly string[]).includes(id);
}

const OVERLAY_SCOPES = ['filter', 'command', 'help', 'detail', 'confirm', 'timeline'] as const;

/** One scope. */
export type Scope = 'global' | 'pane' | Pane | (typeof OVERLAY_SCOPES)[number];

/**
 * Where a binding is active. `global` always; `pane` in whichever pane has focus; a pane's id
 * only in that pane; the rest only while that overlay is on top.
 */
export const SCOPES: readonly Scope[] = ['global', 'pane', ...PANES, ...OVERLAY_SCOPES];

/**
 * Scopes whose overlay reads typed text. Printable keys there are text, never actions, so the
 * scope stack stops at them (typing `q` into a filter must not quit).
 */
export const TEXT_SCOPES: readonly Scope[] = ['filter', 'command', 'confirm'];

/** True for a scope that captures typed text. */
export function isTextScope(scope: Scope): boolean {
  return TEXT_SCOPES.includes(scope);
}

/**
 * How a message names an action: its footer hint (`ack`), or for one without a hint its id in
 * words (`ackGroup` → `ack group`), never the camel-case id a user never typed.
 */
export function actionWord(hint: string | null | undefined, id: string): string {
  return hint ?? id.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}
