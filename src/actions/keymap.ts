/**
 * The keymap as one table of data (the lazygit controller / gemini-cli keymap pattern), made of
 * the action records (app-actions.ts, alert-actions.ts, deploy-actions.ts). The help overlay, the
 * footer hints and docs/keybindings.md are all generated from it, and user overrides (config
 * `keys:`) are merged into it by `createRegistry`.
 */
import type {RollbackPlan} from '../domain/deploy.ts';
import type {RunbookSubject} from '../domain/runbook.ts';
import type {ActionId, Scope} from './action-ids.ts';
import {generalActions, navigationActions, rowActions, textInputActions} from './app-actions.ts';
import {alertActions, alertViewActions} from './alert-actions.ts';
import {deployActions} from './deploy-actions.ts';
import {incidentActions} from './incident-actions.ts';
import {timelineActions, timelineViewActions} from './timeline-actions.ts';

import type {ActionRecord} from './action-record.ts';
import type {ConfirmHold} from './ui-types.ts';

export {READ_ONLY_REASON} from './action-record.ts';

/** What the selected row is, captured when a key is pressed (the target of the action). */
export interface SelectionInfo {
  /**
   * `row`: a row of a pane with no actions of its own (a panel): details, filter, copy and `t`
   * by its service work on it; ack and rollback say it is not theirs. `event`: the event
   * selected in the open timeline (`o` and `y` act on its link).
   */
  kind: 'slo' | 'alert' | 'deploy' | 'row' | 'event';
  /** Stable id: SLO name, alert fingerprint, deploy id, the row's key. */
  id: string;
  /**
   * The row's key in its own context's tables (`a:<fingerprint>`, a group's key, an SLO name):
   * an action captured earlier checks it is still listed before acting (absent: not a table row).
   */
  rowKey?: string;
  /** Sanitized, human-readable name for messages and the confirmation prompt. */
  label: string;
  /** Acked on every Alertmanager reporting it, and no ack of ours still retrying. */
  acked?: boolean;
  /** Some ack to expire: a full or partial ack, or one of ours still being sent. */
  hasAck?: boolean;
  /** Alertmanagers (sanitized names) that report it silenced but whose silences went unread: acked or not is unknown. */
  ackUnknown?: string[];
  /** The row is a paging incident (PagerDuty) of its own: acked there, never un-acked. */
  incident?: boolean;
  hasRunbook?: boolean;
  hasLink?: boolean;
  /** False when there is no earlier good deploy to roll back to. */
  canRollback?: boolean;
  /** What must be typed to confirm a dangerous action on this row; defaults to `label`. */
  confirmText?: string;
  /** The rollback this row would trigger, planned at key press so a refresh cannot change it. */
  rollbackPlan?: RollbackPlan;
  /**
   * Why no rollback may be planned from the row's deploy history now: its source's last read
   * failed or it stopped answering, so "from → to" may be wrong (absent: the history is fresh).
   */
  historyRefusal?: string;
  /**
   * Why the rollback this row would plan must not be sent: the context's rollback provider cannot
   * roll back its service (Argo CD's one application deploys another), or what the row's plan
   * would roll back from is no longer what runs (absent: nothing against it).
   */
  rollbackRefusal?: string;
  /** Set on the target of a confirmation the view asked for: the user has seen and accepted it. */
  confirmed?: boolean;
  /** For an alert group header row: the fingerprints of the group's alerts. */
  groupFingerprints?: string[];
  /**
   * Whose runbook `o` and `y` act on: the alert itself, the group's shared one, or (when the
   * group's alerts have different runbooks) the first firing alert's. Absent when there is none.
   */
  runbook?: {fingerprint: string; how: 'alert' | 'shared' | 'first-firing'; name: string};
  /** The context the row comes from, when a screen shows several (absent: the dashboard's one context). */
  context?: string;
  /** The row's own context is read-only: mutating actions refuse it even where others may act. */
  readOnly?: boolean;
  /** The service the row is about (an SLO's, an alert's `service` label, a deploy's), for `t`. */
  service?: string;
  /**
   * A timeline event about an alert: the alert as history keeps it (labels, no annotations,
   * today's rule's runbook lent), whose runbook `o` opens with its context's template.
   */
  eventAlert?: RunbookSubject;
  /** A timeline event's link (its runbook, its CI run, its deploy), for `y`. */
  eventUrl?: string;
}

/** What `disabledReason` may look at: the context's capabilities and the selected row. */
export interface ActionContext {
  readOnly: boolean;
  /** An alert source that can create and expire silences is configured. */
  hasAlertmanager: boolean;
  /**
   * One of them has a URL to give amtool, so `c` on an alert has a command to show (the demo's
   * has none). Absent: not known here, and `c` is offered wherever `hasAlertmanager` is.
   */
  hasAmtoolTarget?: boolean;
  /** A rollback backend is configured. */
  hasRollback: boolean;
  /**
   * It can write its rollback as a command line, so `c` on a deploy has one to show (the demo's
   * cannot). Absent: not known here, and `c` is offered wherever `hasRollback` is.
   */
  hasRollbackCommand?: boolean;
  selection: SelectionInfo | null;
  /** False when Esc has nothing to close or clear (see `canGoBack` in ui-state.ts). */
  canGoBack?: boolean;
  /**
   * Set while the dashboard shows the past (time travel): why what would change the present
   * (mutating and dangerous actions) is disabled. Absent or null: live.
   */
  past?: string | null;
  /** Why Enter on the confirmation drawn now sends nothing (a rollback's log check unread); absent or null: it sends. */
  confirmHold?: ConfirmHold | null;
  /**
   * Set while open details show a row no longer listed (it resolved): why an action that would
   * change it is refused. Its neighbour now holds the selection, and must not be acted on instead.
   */
  gone?: string | null;
  /**
   * Set while no row of the focused pane is drawn (a window too short for one): why an action on
   * the selected row is refused, as it would act on a row nobody sees. Absent or null: drawn.
   */
  unseen?: string | null;
  /**
   * Set while the window is smaller than the least layout and draws one line instead of the
   * screen: why Enter on an open confirmation, or on a command line acting on its kept row
   * (`:ack`, `:resolve`), sends nothing (its target and what it also changes are off screen).
   * Either stays open for a resize back. Absent or null: drawn.
   */
  tooSmall?: string | null;
}

/** Help-overlay sections, in display order. */
export const KEY_GROUPS = ['General', 'Navigation', 'Selected row', 'Alerts', 'Deploys', 'Timeline', 'View', 'Text input'] as const;

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
  /** Acts on every alert of the selected row's group, whichever row of it is selected (`A`). */
  wholeGroup?: true;
  group: KeyGroup;
  /** What the action needs, for the docs (the live check is `disabledReason`). */
  requires?: string;
  /** Why the action cannot run now, or null when it can. */
  disabledReason?: (ctx: ActionContext) => string | null;
  /** The footer hint for the current selection, when it says more than `hint` (what `o` will open). */
  hintFor?: (ctx: ActionContext) => string;
  /** What the action would act on now, for the help (e.g. which runbook `o` opens); null says nothing. */
  nowFor?: (ctx: ActionContext) => string | null;
  /**
   * The help's description as the keys are bound, for one that names another action's key
   * (`Esc returns to live`): a `keys:` override moves that key, and `description` (the docs',
   * which list the default keymap) would name one that does nothing. `keyOf` gives the key that
   * reaches `id` with `scopes` open (default: the focused pane's), null when none does.
   */
  describeFor?: (keyOf: (id: ActionId, scopes?: readonly Scope[]) => string | null) => string;
}

/** The default keymap: the action records in display order (the order of the footer, the help and the docs). */
export const defaultKeymap: readonly ActionRecord[] = [
  ...generalActions,
  ...navigationActions,
  ...rowActions,
  ...alertActions,
  ...incidentActions,
  ...deployActions,
  ...timelineActions,
  ...timelineViewActions,
  ...alertViewActions,
  ...textInputActions,
];

/** The default binding of an action (every id has exactly one row). */
export function defaultBinding(id: ActionId): ActionRecord {
  const found = defaultKeymap.find((b) => b.id === id);
  if (!found) throw new Error(`keymap has no row for action "${id}"`);
  return found;
}

/** Every scope a binding is active in: its own scope first, then `alsoIn`. */
export function bindingScopes(binding: Binding): readonly Scope[] {
  return [binding.scope, ...(binding.alsoIn ?? [])];
}
