/**
 * An action is one record: its binding (id, keys, scope, help text), why it cannot run now
 * (`disabledReason`), what it would do for the row captured at the key press (`plan` → an
 * intent), and how it does it (`run(intent, deps)` → a message). The keymap, help and
 * docs/keybindings.md are generated from the records; the reducer opens the confirmation a plan
 * asks for and holds the intent in it; `action-runner.ts` runs the intent with injected deps.
 */
import type {AckPlan} from '../domain/ack-plan.ts';
import type {Alert} from '../domain/alert.ts';
import type {Deploy, RollbackPlan} from '../domain/deploy.ts';
import type {AckStates} from '../queries/ack-state.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import type {Opener, Pager, Terminal} from './action-io.ts';
import type {IncidentOps} from './incident-ops.ts';
import type {ActionId} from './action-ids.ts';
import type {ActionContext, Binding, SelectionInfo} from './keymap.ts';
import type {ActionEvent, UiState} from './ui-types.ts';
import type {KeyNamer} from './key-namer.ts';

/** The reason every mutating action gives in a read-only context (the context's, or the row's). */
export const READ_ONLY_REASON = 'read-only context';

/** True when the action may not change anything here: the whole context, or the selected row's, is read-only. */
export function readOnlyHere(ctx: ActionContext): boolean {
  return ctx.readOnly || ctx.selection?.readOnly === true;
}

/**
 * Why a mutating action may not run here: the whole context is read-only, or (on a screen of
 * several contexts) the selected row's context is, named so the user sees why this row refuses
 * what a row of another context allows.
 */
export function readOnlyReason(ctx: ActionContext): string | null {
  if (ctx.readOnly) return READ_ONLY_REASON;
  if (ctx.selection?.readOnly !== true) return null;
  return ctx.selection.context ? `${READ_ONLY_REASON} (${ctx.selection.context})` : READ_ONLY_REASON;
}

/** A message for the footer. */
export interface ActionMessage {
  text: string;
  tone: 'ok' | 'warn' | 'critical' | 'info';
}

/** Text the dashboard shows in its detail view: a runbook read here, a copied command. */
export interface ShownText {
  title: string;
  lines: string[];
}

/** What a run ends with: the footer message, and text to show, if any. */
export interface ActionResult extends ActionMessage {
  show?: ShownText;
}

/** How acks are written (from the `ack:` config). */
export interface AckSettings {
  durationMs: number;
  author: string;
  prefix: string;
  volatileLabels: readonly string[];
}

/** The identity a table row carries: its key, the group header it belongs to, the group it heads. */
export interface RowIdentity {
  key: string;
  parent?: string;
  group?: {label: string; ids: readonly string[]};
}

/** The data on screen when the action runs: what a plan may look at besides its row. */
export interface ActionData {
  now: number;
  services: ContextServices;
  /** The alerts behind the alert rows, by row key (`a:<fingerprint>`). */
  alerts: ReadonlyMap<string, Alert>;
  alertRows: readonly RowIdentity[];
  /** The alert table's group-by labels: the group of an alert the table does not draw (hidden) is found with them. */
  groupBy?: readonly string[];
  deploys: readonly Deploy[];
  ackStates: AckStates;
  ack: AckSettings;
  runbookTemplate?: string;
  /** Names the keys a refusal says to press (`show it with h`), as bound; absent: the default keymap's. */
  keys?: KeyNamer;
}

/** What `plan` sees: the row captured at the key press, the data, options from the command line. */
export interface PlanContext {
  target: SelectionInfo;
  data: ActionData;
  options?: {durationMs?: number; comment?: string};
}

/** What a plan decided: run the intent, ask first (the confirm modal keeps the intent), or refuse. */
export type ActionPlan<I> =
  | {kind: 'run'; intent: I}
  | {kind: 'confirm'; intent: I; expected: string}
  | {kind: 'refuse'; message: ActionMessage};

/** The ack work that reaches the Alertmanagers (query-core mutations; see alert-ops.ts). */
export interface AlertOps {
  send(plan: AckPlan, what: string): Promise<ActionMessage>;
  complete(alert: Alert): Promise<ActionMessage>;
  /**
   * Expires the ack silences `author` created on the alert (never another user's unasked);
   * `whose` names that author (sanitized) when it is not the user.
   */
  unack(alert: Alert, author: string, whose?: string): Promise<ActionMessage>;
  /** Expires the ack silences `author` created on `alerts` (a group's unack); `what` names them. */
  unackGroup(alerts: readonly Alert[], what: string, author: string): Promise<ActionMessage>;
  retry(alert: Alert): Promise<ActionMessage>;
}

/** Starts a confirmed rollback; resolves with a message for the footer. */
export interface RollbackOps {
  /** `unknown`: the request may have reached the provider before failing (it may have started). */
  start(plan: RollbackPlan): Promise<{ok: boolean; text: string; unknown?: true}>;
}

/** Everything `run` may use: injected, so a record is tested with fakes. */
export interface ActionDeps {
  terminal: Terminal;
  pager: Pager;
  opener: Opener;
  alerts: AlertOps;
  rollbacks: RollbackOps;
  /** Resolving paging incidents; absent where nothing can resolve one. */
  incidents?: IncidentOps;
  runbookTemplate?: string;
}

/** One action: its binding, and how it acts: on the UI state (`update`), or on a row (`plan`, `run`). */
export interface ActionRecord<I = unknown> extends Binding {
  /** A view-only action: the reducer's change (focus, move, overlay, toggle), pure. */
  update?(state: UiState, ev: ActionEvent): UiState;
  plan?(ctx: PlanContext): ActionPlan<I>;
  /** The action a confirmation of this one is asked and run as (a group ack confirms as `ack`). */
  confirmAs?: ActionId;
  /** Said in the footer as the run starts, for a run that waits on a backend ("acking …"). */
  progress?(intent: I): ActionMessage;
  run?(intent: I, deps: ActionDeps): ActionResult | Promise<ActionResult>;
}

/** A record as written in the per-concept files: `dangerous` and `mutating` default to false. */
export type RecordInput<I> = Omit<ActionRecord<I>, 'dangerous' | 'mutating'> & Partial<Pick<Binding, 'dangerous' | 'mutating'>>;

/** Fills a record's defaults; the intent type is checked inside the record and erased outside. */
export function action<I>(r: RecordInput<I>): ActionRecord {
  return {...r, dangerous: r.dangerous ?? false, mutating: r.mutating ?? false} as ActionRecord;
}

/** A plan that only says something. */
export function refuse(text: string, tone: ActionMessage['tone'] = 'warn'): {kind: 'refuse'; message: ActionMessage} {
  return {kind: 'refuse', message: {text, tone}};
}
