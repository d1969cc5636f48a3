/**
 * The default keymap as one table of data (the lazygit controller / gemini-cli keymap pattern).
 * The help overlay, the footer hints and docs/keybindings.md are all generated from this table,
 * and user overrides (config `keys:`) are merged into it by `createRegistry`.
 */
import type {RollbackPlan} from '../domain/deploy.ts';
import type {ActionId, Scope} from './action-ids.ts';
import {focusActionOf, PANE_LIST} from './panes.ts';

/** What the selected row is, captured when a key is pressed (the target of the action). */
export interface SelectionInfo {
  kind: 'slo' | 'alert' | 'deploy';
  /** Stable id: SLO name, alert fingerprint, deploy id. */
  id: string;
  /** Sanitized, human-readable name for messages and the confirmation prompt. */
  label: string;
  /** Acked on every Alertmanager reporting it, and no ack of ours still retrying. */
  acked?: boolean;
  /** Some ack to expire: a full or partial ack, or one of ours still being sent. */
  hasAck?: boolean;
  hasRunbook?: boolean;
  hasLink?: boolean;
  /** False when there is no earlier good deploy to roll back to. */
  canRollback?: boolean;
  /** What must be typed to confirm a dangerous action on this row; defaults to `label`. */
  confirmText?: string;
  /** The rollback this row would trigger, planned at key press so a refresh cannot change it. */
  rollbackPlan?: RollbackPlan;
  /** Set on the target of a confirmation the view asked for: the user has seen and accepted it. */
  confirmed?: boolean;
  /** For an alert group header row: the fingerprints of the group's alerts. */
  groupFingerprints?: string[];
  /**
   * Whose runbook `o` and `y` act on: the alert itself, the group's shared one, or (when the
   * group's alerts have different runbooks) the first firing alert's. Absent when there is none.
   */
  runbook?: {fingerprint: string; how: 'alert' | 'shared' | 'first-firing'; name: string};
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
export const KEY_GROUPS = ['General', 'Navigation', 'Selected row', 'Alerts', 'Deploys', 'View', 'Text input'] as const;

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
  /** The footer hint for the current selection, when it says more than `hint` (what `o` will open). */
  hintFor?: (ctx: ActionContext) => string;
  /** What the action would act on now, for the help (e.g. which runbook `o` opens); null says nothing. */
  nowFor?: (ctx: ActionContext) => string | null;
}

/** The reason every mutating action gives in a read-only context. */
export const READ_ONLY_REASON = 'read-only context';

function needAlert(ctx: ActionContext): string | null {
  if (ctx.readOnly) return READ_ONLY_REASON;
  if (!ctx.hasAlertmanager) return 'no Alertmanager that accepts silences is configured';
  return ctx.selection?.kind === 'alert' ? null : 'select an alert first';
}

const RUNBOOK_HINTS = {alert: 'runbook', shared: 'group runbook', 'first-firing': '1st firing runbook'} as const;

/** Which runbook `o` opens for a group header, in words for the help (an alert row's is its own). */
function runbookNow(selection: SelectionInfo | null): string | null {
  const rb = selection?.runbook;
  if (!rb || rb.how === 'alert') return null;
  return rb.how === 'shared' ? "the group's runbook" : `${rb.name}'s runbook (first firing; the group's differ)`;
}

const MOVE_SCOPES: readonly Scope[] = ['help', 'detail'];
const INPUT_SCOPES: readonly Scope[] = ['command', 'confirm'];

/** A keymap row as written below: `dangerous` and `mutating` default to false. */
type Row = Omit<Binding, 'dangerous' | 'mutating'> & Partial<Pick<Binding, 'dangerous' | 'mutating'>>;

function row(r: Row): Binding {
  return {...r, dangerous: r.dangerous ?? false, mutating: r.mutating ?? false};
}

/** The default keymap. Order matters: it is the order of the footer, the help and the docs. */
export const defaultKeymap: readonly Binding[] = [
  row({id: 'help', keys: ['?'], scope: 'global', description: 'Show or hide this help', hint: 'help', group: 'General'}),
  row({id: 'quit', keys: ['q', 'ctrl+c'], scope: 'global', description: 'Quit', hint: 'quit', group: 'General'}),
  row({
    id: 'back', keys: ['escape'], scope: 'global', alsoIn: ['filter', 'command', 'confirm'], group: 'General', hint: 'back',
    description: 'Close the overlay, cancel the input, or clear the pane filter',
    disabledReason: (ctx) => (ctx.canGoBack === false ? 'nothing to close or clear' : null),
  }),
  row({id: 'refresh', keys: ['r'], scope: 'global', description: 'Refresh every pane now', hint: 'refresh', group: 'General'}),
  row({id: 'pause', keys: ['p'], scope: 'global', description: 'Pause or resume polling', hint: 'pause', group: 'General'}),
  row({id: 'command', keys: [':'], scope: 'global', description: 'Command line (:ctx NAME, :theme NAME, :ack, :hide/:show, :help, :q)', hint: 'cmd', group: 'General'}),
  row({id: 'focusNext', keys: ['tab'], scope: 'global', description: 'Focus the next pane', hint: 'pane', group: 'Navigation'}),
  row({id: 'focusPrev', keys: ['shift+tab'], scope: 'global', description: 'Focus the previous pane', hint: null, group: 'Navigation'}),
  ...PANE_LIST.map((p) => row({id: focusActionOf(p.id), keys: [p.key], scope: 'global', description: `Focus the ${p.name} pane`, hint: null, group: 'Navigation'})),
  // Movement also scrolls the help and details overlays; the reducer routes it to whatever is on top.
  row({id: 'down', keys: ['j', 'down'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move down one row', hint: 'move', group: 'Navigation'}),
  row({id: 'up', keys: ['k', 'up'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move up one row', hint: 'move', group: 'Navigation'}),
  row({id: 'top', keys: ['g', 'home'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Jump to the first row', hint: null, group: 'Navigation'}),
  row({id: 'bottom', keys: ['G', 'end'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Jump to the last row', hint: null, group: 'Navigation'}),
  row({id: 'pageDown', keys: ['pagedown', 'ctrl+d'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move down one page', hint: null, group: 'Navigation'}),
  row({id: 'pageUp', keys: ['pageup', 'ctrl+u'], scope: 'pane', alsoIn: MOVE_SCOPES, description: 'Move up one page', hint: null, group: 'Navigation'}),
  row({
    id: 'details', keys: ['enter'], scope: 'pane', description: 'Open the details of the selected row', hint: 'details', group: 'Selected row',
    disabledReason: (ctx) => (ctx.selection ? null : 'nothing selected'),
  }),
  row({id: 'filter', keys: ['/'], scope: 'pane', description: 'Filter the focused pane', hint: 'filter', group: 'Selected row'}),
  row({
    id: 'copyLink', keys: ['y'], scope: 'pane', alsoIn: ['detail'], hint: 'copy', group: 'Selected row',
    description: 'Copy the link of the selected row (OSC 52)',
    disabledReason: (ctx) => (!ctx.selection ? 'nothing selected' : ctx.selection.hasLink ? null : 'this row has no link'),
  }),
  row({
    id: 'copyCommand', keys: ['c'], scope: 'pane', hint: null, group: 'Selected row',
    description: 'Show and copy (OSC 52) the CLI command for the selected row: amtool silence add for an ack, gh/glab/argocd/curl for a rollback',
    disabledReason: (ctx) => {
      if (!ctx.selection) return 'nothing selected';
      if (ctx.selection.kind === 'alert') return ctx.hasAlertmanager ? null : 'no Alertmanager that accepts silences is configured';
      if (!ctx.hasRollback) return 'no rollback backend is configured';
      return ctx.selection.rollbackPlan ? null : 'nothing to roll back for this row';
    },
  }),
  row({
    id: 'ack', keys: ['a'], scope: 'alerts', hint: 'ack', group: 'Alerts', mutating: true, requires: 'an Alertmanager alert source',
    description: 'Acknowledge the selected alert (a short silence)',
    disabledReason: (ctx) => needAlert(ctx) ?? (ctx.selection?.acked ? 'already acknowledged (:ack 1h replaces it)' : null),
  }),
  row({
    id: 'ackGroup', keys: ['A'], scope: 'alerts', hint: null, group: 'Alerts', mutating: true, requires: 'an Alertmanager alert source',
    description: "Acknowledge every alert in the selected alert's group",
    disabledReason: needAlert,
  }),
  row({
    id: 'unack', keys: ['u'], scope: 'alerts', hint: 'unack', group: 'Alerts', mutating: true, requires: 'an Alertmanager alert source',
    description: 'Remove the acknowledgement (expire its silence)',
    disabledReason: (ctx) => needAlert(ctx) ?? (ctx.selection?.acked || ctx.selection?.hasAck ? null : 'not acknowledged'),
  }),
  row({
    id: 'openRunbook', keys: ['o'], scope: 'alerts', hint: 'runbook', group: 'Alerts',
    description: "Open the selected alert's runbook (on a group header: the group's, or the first firing alert's)",
    disabledReason: (ctx) => {
      if (ctx.selection?.kind !== 'alert') return 'select an alert first';
      if (ctx.selection.hasRunbook) return null;
      return ctx.selection.groupFingerprints ? 'no alert of this group has a runbook' : 'no runbook for this alert';
    },
    hintFor: (ctx) => RUNBOOK_HINTS[ctx.selection?.runbook?.how ?? 'alert'],
    nowFor: (ctx) => runbookNow(ctx.selection),
  }),
  row({
    id: 'rollback', keys: ['R'], scope: 'deploys', alsoIn: ['alerts', 'slos'], hint: 'rollback', group: 'Deploys', dangerous: true, mutating: true, requires: 'a rollback backend',
    description: 'Roll back the selected deploy, or the suspect deploy of the selected alert or SLO',
    disabledReason: (ctx) => {
      if (ctx.readOnly) return READ_ONLY_REASON;
      if (!ctx.hasRollback) return 'no rollback backend is configured';
      if (ctx.selection?.kind !== 'deploy' && !ctx.selection?.rollbackPlan) return ctx.selection ? 'no suspect deploy for this row' : 'select a deploy first';
      return ctx.selection.canRollback === false ? 'no earlier good deploy to roll back to' : null;
    },
  }),
  // karma's "show silenced / inhibited" toggles, with acks apart from other silences.
  row({id: 'toggleAcked', keys: ['h'], scope: 'alerts', description: 'Hide or show acked (handled) alerts', hint: null, group: 'View'}),
  row({id: 'toggleSilenced', keys: ['s'], scope: 'alerts', description: 'Hide or show silenced alerts', hint: null, group: 'View'}),
  row({id: 'toggleInhibited', keys: ['i'], scope: 'alerts', description: 'Hide or show inhibited alerts', hint: null, group: 'View'}),
  // One Enter for every text input: the reducer knows which input is open.
  row({
    id: 'submit', keys: ['enter'], scope: 'filter', alsoIn: INPUT_SCOPES, hint: 'ok', group: 'Text input',
    description: 'Apply the filter, run the command, or confirm',
  }),
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
