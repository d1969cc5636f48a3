/**
 * The default keymap as one table of data (the lazygit controller / gemini-cli keymap pattern).
 * The help overlay, the footer hints and docs/keybindings.md are all generated from this table,
 * and user overrides (config `keys:`) are merged into it by `createRegistry`.
 */
import type {ActionId, Scope} from './action-ids.ts';

/** What the selected row is, captured when a key is pressed (the target of the action). */
export interface SelectionInfo {
  kind: 'slo' | 'alert' | 'deploy';
  /** Stable id: SLO name, alert fingerprint, deploy id. */
  id: string;
  /** Sanitized, human-readable name for messages and the confirmation prompt. */
  label: string;
  acked?: boolean;
  hasRunbook?: boolean;
  hasLink?: boolean;
  /** False when there is no earlier good deploy to roll back to. */
  canRollback?: boolean;
  /** What must be typed to confirm a dangerous action on this row; defaults to `label`. */
  confirmText?: string;
}

/** What `disabledReason` may look at: the context's capabilities and the selected row. */
export interface ActionContext {
  readOnly: boolean;
  /** An alert source that can create and expire silences is configured. */
  hasAlertmanager: boolean;
  /** A rollback backend is configured. */
  hasRollback: boolean;
  selection: SelectionInfo | null;
  /** False when Esc has nothing to close or clear (see `canGoBack` in ui-state.ts). */
  canGoBack?: boolean;
}

/** Help-overlay sections, in display order. */
export const KEY_GROUPS = ['General', 'Navigation', 'Selected row', 'Alerts', 'Deploys', 'Text input'] as const;

/** One help-overlay section. */
export type KeyGroup = (typeof KEY_GROUPS)[number];

/** One row of the keymap. */
export interface Binding {
  id: ActionId;
  /** Canonical key names (see key-names.ts); the first one is shown in the footer. */
  keys: readonly string[];
  /** Where the binding lives (and is documented). */
  scope: Scope;
  /** Further scopes where the same keys do the same thing (e.g. `j` also scrolls the help). */
  alsoIn?: readonly Scope[];
  description: string;
  /** A word or two for the footer; null keeps the binding out of the footer. */
  hint: string | null;
  /** Asks for typed confirmation; removed in read-only contexts. */
  dangerous: boolean;
  /** Changes backend state (acks, rollbacks); removed in read-only contexts. */
  mutating: boolean;
  group: KeyGroup;
  /** What the action needs, for the docs (the live check is `disabledReason`). */
  requires?: string;
  /** Why the action cannot run now, or null when it can. */
  disabledReason?: (ctx: ActionContext) => string | null;
}

/** The reason every mutating action gives in a read-only context. */
export const READ_ONLY_REASON = 'read-only context';

function needAlert(ctx: ActionContext): string | null {
  if (ctx.readOnly) return READ_ONLY_REASON;
  if (!ctx.hasAlertmanager) return 'no Alertmanager that accepts silences is configured';
  return ctx.selection?.kind === 'alert' ? null : 'select an alert first';
}

const MOVE_SCOPES: readonly Scope[] = ['help', 'detail'];
const INPUT_SCOPES: readonly Scope[] = ['command', 'confirm'];

/** The default keymap. Order matters: it is the order of the footer, the help and the docs. */
export const defaultKeymap: readonly Binding[] = [
  {id: 'help', keys: ['?'], scope: 'global', description: 'Show or hide this help', hint: 'help', dangerous: false, mutating: false, group: 'General'},
  {id: 'quit', keys: ['q', 'ctrl+c'], scope: 'global', description: 'Quit', hint: 'quit', dangerous: false, mutating: false, group: 'General'},
  {id: 'back', keys: ['escape'], scope: 'global', alsoIn: ['filter', 'command', 'confirm'], description: 'Close the overlay, cancel the input, or clear the pane filter', hint: 'back', dangerous: false, mutating: false, group: 'General',
    disabledReason: (ctx) => (ctx.canGoBack === false ? 'nothing to close or clear' : null)},
  {id: 'refresh', keys: ['r'], scope: 'global', description: 'Refresh every pane now', hint: 'refresh', dangerous: false, mutating: false, group: 'General'},
  {id: 'pause', keys: ['p'], scope: 'global', description: 'Pause or resume polling', hint: 'pause', dangerous: false, mutating: false, group: 'General'},
  {id: 'command', keys: [':'], scope: 'global', description: 'Command line (:ctx NAME, :theme NAME, :help, :q)', hint: 'cmd', dangerous: false, mutating: false, group: 'General'},
  {id: 'focusNext', keys: ['tab'], scope: 'global', description: 'Focus the next pane', hint: 'pane', dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'focusPrev', keys: ['shift+tab'], scope: 'global', description: 'Focus the previous pane', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'focusSlos', keys: ['1'], scope: 'global', description: 'Focus the SLO pane', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'focusAlerts', keys: ['2'], scope: 'global', description: 'Focus the alerts pane', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'focusDeploys', keys: ['3'], scope: 'global', description: 'Focus the deploys pane', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'down', keys: ['j', 'down'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move down one row', hint: 'move', dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'up', keys: ['k', 'up'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move up one row', hint: 'move', dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'top', keys: ['g', 'home'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Jump to the first row', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'bottom', keys: ['G', 'end'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Jump to the last row', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'pageDown', keys: ['pagedown', 'ctrl+d'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move down one page', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'pageUp', keys: ['pageup', 'ctrl+u'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move up one page', hint: null, dangerous: false, mutating: false, group: 'Navigation'},
  {id: 'details', keys: ['enter'], scope: 'pane', description: 'Open the details of the selected row', hint: 'details', dangerous: false, mutating: false, group: 'Selected row',
    disabledReason: (ctx) => (ctx.selection ? null : 'nothing selected')},
  {id: 'filter', keys: ['/'], scope: 'pane', description: 'Filter the focused pane', hint: 'filter', dangerous: false, mutating: false, group: 'Selected row'},
  {id: 'copyLink', keys: ['y'], scope: 'pane', alsoIn: ['detail'], description: 'Copy the link of the selected row (OSC 52)', hint: 'copy', dangerous: false, mutating: false, group: 'Selected row',
    disabledReason: (ctx) => (!ctx.selection ? 'nothing selected' : ctx.selection.hasLink ? null : 'this row has no link')},
  {id: 'ack', keys: ['a'], scope: 'alerts', description: 'Acknowledge the selected alert (a short silence)', hint: 'ack', dangerous: false, mutating: true, group: 'Alerts',
    requires: 'an Alertmanager alert source', disabledReason: (ctx) => needAlert(ctx) ?? (ctx.selection?.acked ? 'already acknowledged' : null)},
  {id: 'ackGroup', keys: ['A'], scope: 'alerts', description: "Acknowledge every alert in the selected alert's group", hint: null, dangerous: false, mutating: true, group: 'Alerts',
    requires: 'an Alertmanager alert source', disabledReason: needAlert},
  {id: 'unack', keys: ['u'], scope: 'alerts', description: 'Remove the acknowledgement (expire its silence)', hint: 'unack', dangerous: false, mutating: true, group: 'Alerts',
    requires: 'an Alertmanager alert source', disabledReason: (ctx) => needAlert(ctx) ?? (ctx.selection?.acked ? null : 'not acknowledged')},
  {id: 'openRunbook', keys: ['o'], scope: 'alerts', description: 'Open the runbook of the selected alert', hint: 'runbook', dangerous: false, mutating: false, group: 'Alerts',
    disabledReason: (ctx) => (ctx.selection?.kind !== 'alert' ? 'select an alert first' : ctx.selection.hasRunbook ? null : 'no runbook for this alert')},
  {id: 'rollback', keys: ['R'], scope: 'deploys', description: 'Roll back to the deploy before the selected one', hint: 'rollback', dangerous: true, mutating: true, group: 'Deploys',
    requires: 'a rollback backend', disabledReason: (ctx) => {
      if (ctx.readOnly) return READ_ONLY_REASON;
      if (!ctx.hasRollback) return 'no rollback backend is configured';
      if (ctx.selection?.kind !== 'deploy') return 'select a deploy first';
      return ctx.selection.canRollback === false ? 'no earlier good deploy to roll back to' : null;
    }},
  {id: 'submit', keys: ['enter'], scope: 'filter', alsoIn: INPUT_SCOPES, description: 'Apply the filter, run the command, or confirm', hint: 'ok', dangerous: false, mutating: false, group: 'Text input'},
];

/** The default binding of an action (every id has exactly one row). */
export function defaultBinding(id: ActionId): Binding {
  const found = defaultKeymap.find((b) => b.id === id);
  if (!found) throw new Error(`keymap has no row for action "${id}"`);
  return found;
}

/** Every scope a binding is active in: its own scope first, then `alsoIn`. */
export function bindingScopes(binding: Binding): readonly Scope[] {
  return [binding.scope, ...(binding.alsoIn ?? [])];
}
