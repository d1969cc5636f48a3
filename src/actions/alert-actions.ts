/**
 * The alert actions as records: ack, group ack, unack, open the runbook, and the hide toggles.
 * Each says when it cannot run, plans against the row captured at the key press (an ack that
 * would silence more than the selection asks first, with its plan kept in the confirmation) and
 * runs through injected deps.
 */
import {planAck, type AckPlan} from '../domain/ack-plan.ts';
import type {Alert} from '../domain/alert.ts';
import {sanitize} from '../domain/sanitize.ts';
import {action, readOnlyHere, readOnlyReason, refuse, type ActionData, type ActionDeps, type ActionPlan, type ActionRecord, type PlanContext} from './action-record.ts';
import type {ActionContext, SelectionInfo} from './keymap.ts';
import {openRunbook, type RunbookIntent} from './runbook-open.ts';
import {withFlash} from './ui-core.ts';
import {setHidden, TOGGLE_KIND} from './ui-hidden.ts';
import type {ActionEvent, UiState} from './ui-types.ts';

/** What an ack does: retry a failing one, complete a partial one, or send a planned one. */
export type AckIntent = {kind: 'retry'; alert: Alert} | {kind: 'complete'; alert: Alert} | {kind: 'send'; plan: AckPlan; what: string};

function needAlert(ctx: ActionContext): string | null {
  if (readOnlyHere(ctx)) return readOnlyReason(ctx);
  // An incident row is acknowledged in PagerDuty: no Alertmanager needed.
  if (!ctx.hasAlertmanager && !ctx.selection?.incident) return 'no Alertmanager that accepts silences is configured';
  return ctx.selection?.kind === 'alert' ? null : 'select an alert first';
}

/** The alerts a target stands for: the group's members, or the alert itself. */
export function alertsOf(target: SelectionInfo, data: ActionData): Alert[] {
  return (target.groupFingerprints ?? [target.id]).flatMap((f) => data.alerts.get(`a:${f}`) ?? []);
}

/** The group of the selected alert (or the selected group), as a group target, from the rows' own identity. */
export function groupOf(target: SelectionInfo, data: ActionData): SelectionInfo | null {
  if (target.groupFingerprints) return target;
  const parent = data.alertRows.find((r) => r.key === `a:${target.id}`)?.parent;
  const header = parent === undefined ? undefined : data.alertRows.find((r) => r.key === parent);
  if (!header?.group) return null;
  return {kind: 'alert', id: header.key, label: header.group.label || 'group', groupFingerprints: [...header.group.ids]};
}

/** Plans an ack with the configured length and author; options come from `:ack 1h comment`. */
export function planAckOf(alerts: readonly Alert[], data: ActionData, options: PlanContext['options'] = {}): AckPlan {
  return planAck(alerts, [...data.alerts.values()], {
    volatileLabels: data.ack.volatileLabels,
    durationMs: options.durationMs ?? data.ack.durationMs,
    author: data.ack.author,
    prefix: data.ack.prefix,
    comment: options.comment,
    now: data.now,
  });
}

const RETRYABLE = new Set(['failed', 'partial', 'retrying', 'unknown']);

// Silenced where the silences could not be listed: which silence is an ack to expire cannot be
// told, so `u` says that rather than "not acknowledged", which may be untrue.
const unackUnknown = (where: readonly string[] | undefined): string | null =>
  where !== undefined && where.length > 0 ? `cannot list the silences of ${where.join(', ')}: whether it is acked is unknown` : null;

function planAckIntent({target, data, options = {}}: PlanContext): ActionPlan<AckIntent> {
  const alerts = alertsOf(target, data);
  if (alerts.length === 0) return refuse('ack: the alert is gone (resolved?)', 'info');
  const single = alerts.length === 1 ? alerts[0]! : null;
  const state = single ? data.ackStates.get(single.fingerprint) : undefined;
  const plain = !options.comment && !options.durationMs;
  if (single && plain && state?.action === 'ack' && RETRYABLE.has(state.status)) return {kind: 'run', intent: {kind: 'retry', alert: single}};
  // Acked on some Alertmanagers only: send the same ack to exactly the ones missing it.
  if (single?.partialAck && plain) return {kind: 'run', intent: {kind: 'complete', alert: single}};
  const what = single ? sanitize(single.name) : `${alerts.length} alerts of ${sanitize(target.label)}`;
  const intent: AckIntent = {kind: 'send', plan: planAckOf(alerts, data, options), what};
  // Silencing more than was selected is asked first; the confirmation keeps this very plan.
  return intent.plan.overreach.length > 0 ? {kind: 'confirm', intent, expected: 'yes'} : {kind: 'run', intent};
}

function ackProgress(intent: AckIntent) {
  if (intent.kind === 'send') return {text: `acking ${intent.what}…`, tone: 'info' as const};
  const name = sanitize(intent.alert.name);
  if (intent.kind === 'retry') return {text: `retrying ack of ${name}…`, tone: 'info' as const};
  const missing = intent.alert.partialAck?.missing.map((m) => sanitize(m)).join(', ') ?? '';
  return {text: `acking ${name} where it is missing (${missing})…`, tone: 'info' as const};
}

const runAck = (intent: AckIntent, deps: ActionDeps) =>
  intent.kind === 'send' ? deps.alerts.send(intent.plan, intent.what) : intent.kind === 'retry' ? deps.alerts.retry(intent.alert) : deps.alerts.complete(intent.alert);

const RUNBOOK_HINTS = {alert: 'runbook', shared: 'group runbook', 'first-firing': '1st firing runbook'} as const;

/** Which runbook `o` opens for a group header, in words for the help (an alert row's is its own). */
function runbookNow(selection: SelectionInfo | null): string | null {
  const rb = selection?.runbook;
  if (!rb || rb.how === 'alert') return null;
  return rb.how === 'shared' ? "the group's runbook" : `${rb.name}'s runbook (first firing; the group's differ)`;
}

/**
 * The alert whose runbook `o`/`y` act on (the row's own, or the one the group header stands
 * for) and a note for the message when it is not obviously the selected row's.
 */
export function runbookOwner(target: SelectionInfo, data: ActionData): RunbookIntent | null {
  const alert = data.alerts.get(`a:${target.runbook?.fingerprint ?? target.id}`);
  if (!alert) return null;
  return {alert, whose: target.runbook?.how === 'first-firing' ? ` (first firing alert's, ${sanitize(alert.name)})` : ''};
}

/** The actions on the alerts pane, in keymap order. */
export const alertActions: readonly ActionRecord[] = [
  action<AckIntent>({
    id: 'ack', keys: ['a'], scope: 'alerts', hint: 'ack', group: 'Alerts', mutating: true, requires: 'an Alertmanager alert source',
    description: 'Acknowledge the selected alert (a short silence)',
    disabledReason: (ctx) => needAlert(ctx) ?? (ctx.selection?.acked ? (ctx.selection.incident ? 'already acknowledged in PagerDuty' : 'already acknowledged (:ack 1h replaces it)') : null),
    plan: planAckIntent,
    progress: ackProgress,
    run: runAck,
  }),
  action<AckIntent>({
    id: 'ackGroup', keys: ['A'], scope: 'alerts', hint: null, group: 'Alerts', mutating: true, requires: 'an Alertmanager alert source',
    description: "Acknowledge every alert in the selected alert's group",
    disabledReason: needAlert,
    confirmAs: 'ack',
    plan: (ctx) => {
      const group = groupOf(ctx.target, ctx.data);
      return group ? planAckIntent({...ctx, target: group}) : refuse('select an alert or a group first');
    },
    progress: ackProgress,
    run: runAck,
  }),
  action<Alert>({
    id: 'unack', keys: ['u'], scope: 'alerts', hint: 'unack', group: 'Alerts', mutating: true, requires: 'an Alertmanager alert source',
    description: 'Remove the acknowledgement (expire its silence)',
    disabledReason: (ctx) =>
      needAlert(ctx) ??
      (ctx.selection?.incident ? 'PagerDuty has no un-acknowledge: resolve the incident there (y copies its link)' : null) ??
      (ctx.selection?.acked || ctx.selection?.hasAck ? null : unackUnknown(ctx.selection?.ackUnknown) ?? 'not acknowledged'),
    plan: ({target, data}) => {
      const alert = data.alerts.get(`a:${target.id}`);
      return alert ? {kind: 'run', intent: alert} : refuse('unack: the alert is gone', 'info');
    },
    progress: (alert) => ({text: `unacking ${sanitize(alert.name)}…`, tone: 'info'}),
    run: (alert, deps) => deps.alerts.unack(alert),
  }),
  action<RunbookIntent>({
    id: 'openRunbook', keys: ['o'], scope: 'alerts', hint: 'runbook', group: 'Alerts',
    description: "Open the selected alert's runbook (on a group header: the group's, or the first firing alert's)",
    disabledReason: (ctx) => {
      if (ctx.selection?.kind !== 'alert') return 'select an alert first';
      if (ctx.selection.hasRunbook) return null;
      return ctx.selection.groupFingerprints ? 'no alert of this group has a runbook' : 'no runbook for this alert';
    },
    hintFor: (ctx) => RUNBOOK_HINTS[ctx.selection?.runbook?.how ?? 'alert'],
    nowFor: (ctx) => runbookNow(ctx.selection),
    plan: ({target, data}) => {
      const owner = runbookOwner(target, data);
      return owner ? {kind: 'run', intent: owner} : refuse(target.groupFingerprints ? 'no alert of this group has a runbook' : 'select an alert first');
    },
    run: openRunbook,
  }),
];

// A hide toggle flips its kind of quiet alert and says what the pane shows now.
const toggle = (id: 'toggleAcked' | 'toggleSilenced' | 'toggleInhibited') => (state: UiState, ev: ActionEvent): UiState => {
  const kind = TOGGLE_KIND[id]!;
  const {hidden, message} = setHidden(state.hidden, [kind], !state.hidden[kind]);
  return withFlash({...state, hidden}, message, 'info', ev.now);
};

/** karma's "show silenced / inhibited" toggles, with acks apart from other silences. */
export const alertViewActions: readonly ActionRecord[] = [
  action({id: 'toggleAcked', keys: ['h'], scope: 'alerts', description: 'Hide or show acked (handled) alerts', hint: null, group: 'View', update: toggle('toggleAcked')}),
  action({id: 'toggleSilenced', keys: ['s'], scope: 'alerts', description: 'Hide or show silenced alerts', hint: null, group: 'View', update: toggle('toggleSilenced')}),
  action({id: 'toggleInhibited', keys: ['i'], scope: 'alerts', description: 'Hide or show inhibited alerts', hint: null, group: 'View', update: toggle('toggleInhibited')}),
];

/** An ack waiting in the confirmation for the user to accept that it silences more than selected. */
export interface PendingAck {
  plan: AckPlan;
  what: string;
}

/** The ack a confirmation holds, for the view to show its plan; null for any other intent. */
export function ackIntentOf(intent: unknown): PendingAck | null {
  const candidate = intent as AckIntent | null | undefined;
  return candidate?.kind === 'send' ? {plan: candidate.plan, what: candidate.what} : null;
}
