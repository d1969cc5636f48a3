/**
 * The closed sets the key layer speaks in: action ids and scopes. Everything else (keymap rows,
 * registry, reducer, generated docs) is keyed by these, so a typo is a type error, not a dead key.
 */

/** Every action a key can trigger, in the order the keymap lists them. */
export const ACTION_IDS = [
  'quit',
  'help',
  'command',
  'refresh',
  'pause',
  'back',
  'focusNext',
  'focusPrev',
  'focusSlos',
  'focusAlerts',
  'focusDeploys',
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
  'rollback',
  'toggleAcked',
  'toggleSilenced',
  'toggleInhibited',
  'submit',
] as const;

/** One action id. */
export type ActionId = (typeof ACTION_IDS)[number];

/** True when `id` names an action (used to validate user overrides, which arrive as strings). */
export function isActionId(id: string): id is ActionId {
  return (ACTION_IDS as readonly string[]).includes(id);
}

/**
 * Where a binding is active. `global` always; `pane` in whichever pane has focus; `slos`,
 * `alerts`, `deploys` only in that pane; the rest only while that overlay is on top.
 */
export const SCOPES = ['global', 'pane', 'slos', 'alerts', 'deploys', 'filter', 'command', 'help', 'detail', 'confirm'] as const;

/** One scope. */
export type Scope = (typeof SCOPES)[number];

/** The three panes of the dashboard, which are also scopes. */
export const PANES = ['slos', 'alerts', 'deploys'] as const;

/** One pane. */
export type Pane = (typeof PANES)[number];

/**
 * Scopes whose overlay reads typed text. Printable keys there are text, never actions, so the
 * scope stack stops at them (typing `q` into a filter must not quit).
 */
export const TEXT_SCOPES: readonly Scope[] = ['filter', 'command', 'confirm'];

/** True for a scope that captures typed text. */
export function isTextScope(scope: Scope): boolean {
  return TEXT_SCOPES.includes(scope);
}
