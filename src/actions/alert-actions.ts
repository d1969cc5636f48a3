/**
 * The alert actions as records: ack, group ack, unack, open the runbook, and the hide toggles.
 * Each says when it cannot run, plans against the row captured at the key press (an ack that
 * would silence more than the selection asks first, with its plan kept in the confirmation) and
 * runs through injected deps.
 */
import {planAck, type AckPlan} from '../domain/ack-plan.ts';
import type {Alert} from '../domain/alert.ts';
import {groupAlerts} from '../domain/alert-groups.ts';
import {sanitize} from '../domain/sanitize.ts';
import {defaultKeyNamer} from './key-namer.ts';
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

/**
 * The group of the selected alert (or the selected group), as a group target: from the rows' own
 * identity, or for an alert the table does not draw (hidden by `h` or the filter) from the data,
 * grouped as the table groups ({@link hiddenGroupOf}). A string says why there is none.
 */
export function groupOf(target: SelectionInfo, data: ActionData): SelectionInfo | string {
  if (target.groupFingerprints) return target;
  const row = data.alertRows.find((r) => r.key === `a:${target.id}`);
  if (row === undefined) return hiddenGroupOf(target, data);
  const header = row.parent === undefined ? undefined : data.alertRows.find((r) => r.key === row.parent);
  if (!header?.group) return 'select an alert or a group first';
  return {kind: 'alert', id: header.key, label: header.group.label || 'group', groupFingerprints: [...header.group.ids]};
}

// The group a hidden alert would be drawn in: every alert its context reads with the same values
// of the group-by labels (the hidden members too: nothing of the group is drawn to choose from),
// labelled and keyed as the table's header. Without the grouping it cannot be found, and says so.
function hiddenGroupOf(target: SelectionInfo, data: ActionData): SelectionInfo | string {
  const alert = data.alerts.get(`a:${target.id}`);
  if (!alert) return 'ack: the alert is gone (resolved?)';
  // Without a key for the toggle, the command line still shows them.
  if (!data.groupBy) return `its group is hidden; show it with ${(data.keys ?? defaultKeyNamer)('toggleAcked') ?? ':show acked'} (or clear the filter)`;
  const groupBy = data.groupBy;
  const value = (a: Alert, name: string) => a.labels[name] ?? (name === 'alertname' ? a.name : '');
  const same = [...data.alerts.values()].filter((a) => groupBy.every((l) => value(a, l) === value(alert, l)));
  const group = groupAlerts(same, groupBy)[0]!;
  const label = sanitize(groupBy.map((l) => group.labels[l]).filter((v) => v !== undefined && v !== '').join(' · '));
  return {kind: 'alert', id: `g:${group.key}`, label: label || 'group', groupFingerprints: group.alerts.map((a) => a.fingerprint)};
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

/**
 * Why no ack of `alerts` may go now: one of them has an ack whose first try has not answered yet
 * (the row says ACKING). A second one sent meanwhile would find no silence to replace, so it
 * would add another (the first then orphaned); the answer decides what is left to do. Null when
 * none is in flight.
 */
export function ackInFlight(alerts: readonly Alert[], data: ActionData): string | null {
  for (const alert of alerts) {
    const state = data.ackStates.get(alert.fingerprint);
    if (state?.action !== 'ack' || state.status !== 'pending') continue;
    // Before its first answer the results may not name their Alertmanagers yet: an ack goes to
    // every one of the context that holds silences (an incident row's to its own source).
    const named = state.sources.map((r) => r.source).filter((s) => s !== 'none');
    const targets = alert.source !== undefined ? [alert.source] : data.services.alertSources.filter((s) => typeof s.capabilities.createSilence === 'function').map((s) => s.name);
    const where = [...new Set(named.length > 0 ? named : targets)].map((s) => sanitize(s));
    return `ack of ${sanitize(alert.name)} is still being sent${where.length ? ` to ${where.join(', ')}` : ''}; wait for its answer`;
  }
  return null;
}

// Silenced where the silences could not be listed: which silence is an ack to expire cannot be
// told, so `u` says that rather than "not acknowledged", which may be untrue.
const unackUnknown = (where: readonly string[] | undefined): string | null =>
  where !== undefined && where.length > 0 ? `cannot list the silences of ${where.join(', ')}: whether it is acked is unknown` : null;

function planAckIntent({target, data, options = {}}: PlanContext): ActionPlan<AckIntent> {
  const alerts = alertsOf(target, data);
  if (alerts.length === 0) return refuse('ack: the alert is gone (resolved?)', 'info');
  const inFlight = ackInFlight(alerts, data);
  if (inFlight) return refuse(inFlight, 'warn');
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

/**
 * What an unack expires: one alert's ack silences created by `author` (the user, or the other
 * user named in `others` once the user confirmed), or the user's own ack silences over a group's
 * alerts.
 */
export type UnackIntent =
  | {kind: 'one'; alert: Alert; author: string; others?: string[]}
  | {kind: 'group'; alerts: Alert[]; what: string; author: string; silences: string[]; hidden?: number};

/**
 * A single alert's unack (`u` on its row): the user's own ack silences, as the group's unack.
 * An alert acked by someone else only is asked first, naming them: expiring another user's ack
 * takes their handling of it away, which must not happen without being said.
 */
function planOneUnack(target: SelectionInfo, data: ActionData): ActionPlan<UnackIntent> {
  const alert = data.alerts.get(`a:${target.id}`);
  if (!alert) return refuse('unack: the alert is gone', 'info');
  const by = (alert.ack ?? alert.partialAck)?.by;
  // No ack seen yet (one still being sent from here) or the user's own: their own silences only.
  // The row shows the ack ending last: the user's own may be under another user's, and is still
  // theirs to expire without a question (the footer then says whose ack still holds).
  if (by === undefined || by === data.ack.author || alert.ackers?.includes(data.ack.author)) return {kind: 'run', intent: {kind: 'one', alert, author: data.ack.author}};
  // Confirmed, it expires that user's ack silences only (another's still there is left alone).
  return {kind: 'confirm', intent: {kind: 'one', alert, author: by, others: [sanitize(by)]}, expected: 'yes'};
}

/**
 * A group's unack (`u` on its header, as after `A`): the ack silences this user made on its
 * alerts (the ack's author, as the ack identifies its own), never another user's ack. An alert
 * is the user's when its shown ack is theirs or its `ackers` name them: the row shows the ack
 * ending last, and the user's own under another user's is still theirs to expire, as on a row.
 * More than one silence is asked first, saying how many; one under another user's ack has no id
 * on screen (`hidden` counts those alerts), so with any such the question is asked unless it is
 * the only alert.
 */
function planGroupUnack(target: SelectionInfo, data: ActionData): ActionPlan<UnackIntent> {
  const members = alertsOf(target, data);
  if (members.length === 0) return refuse('unack: the group is gone (resolved?)', 'info');
  const ackOf = (a: Alert) => a.ack ?? a.partialAck ?? null;
  const shownMine = (a: Alert) => ackOf(a)?.by === data.ack.author;
  const own = members.filter((a) => shownMine(a) || (a.ackers?.includes(data.ack.author) ?? false));
  if (own.length === 0) {
    const others = [...new Set(members.flatMap((a) => ackOf(a)?.by ?? []))].map((by) => sanitize(by));
    return refuse(others.length > 0 ? `unack: ${sanitize(target.label)} is acked by ${others.join(', ')}, not by you; nothing expired` : `unack: no alert of ${sanitize(target.label)} is acknowledged`, 'info');
  }
  const silences = [...new Set(own.filter(shownMine).map((a) => ackOf(a)!.silenceId))];
  const hidden = own.filter((a) => !shownMine(a)).length;
  const what = `${own.length} alert${own.length === 1 ? '' : 's'} of ${sanitize(target.label)}`;
  const intent: UnackIntent = {kind: 'group', alerts: own, what, author: data.ack.author, silences, ...(hidden > 0 ? {hidden} : {})};
  return silences.length + hidden > 1 ? {kind: 'confirm', intent, expected: 'yes'} : {kind: 'run', intent};
}

/**
 * A group unack waiting in the confirmation (it expires several silences); null for any other
 * intent. `hidden`: how many of its alerts have the user's ack under another user's (no id shown).
 */
export function groupUnackIntentOf(intent: unknown): {what: string; silences: string[]; hidden?: number} | null {
  const candidate = intent as UnackIntent | null | undefined;
  if (candidate?.kind !== 'group') return null;
  return {what: candidate.what, silences: candidate.silences, ...(candidate.hidden ? {hidden: candidate.hidden} : {})};
}

/** An unack of another user's ack waiting in the confirmation: the alert and whose ack it is; null for any other intent. */
export function othersUnackIntentOf(intent: unknown): {what: string; others: string[]} | null {
  const candidate = intent as UnackIntent | null | undefined;
  return candidate?.kind === 'one' && candidate.others ? {what: sanitize(candidate.alert.name), others: candidate.others} : null;
}

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
    id: 'ackGroup', keys: ['A'], scope: 'alerts', hint: null, group: 'Alerts', mutating: true, wholeGroup: true, requires: 'an Alertmanager alert source',
    description: "Acknowledge every alert in the selected alert's group",
    disabledReason: needAlert,
    confirmAs: 'ack',
    plan: (ctx) => {
      const group = groupOf(ctx.target, ctx.data);
      return typeof group === 'string' ? refuse(group) : planAckIntent({...ctx, target: group});
    },
    progress: ackProgress,
    run: runAck,
  }),
  action<UnackIntent>({
    id: 'unack', keys: ['u'], scope: 'alerts', hint: 'unack', group: 'Alerts', mutating: true, requires: 'an Alertmanager alert source',
    description: "Remove your ack (its silences); others' only after asking",
    disabledReason: (ctx) =>
      needAlert(ctx) ??
      (ctx.selection?.incident ? 'PagerDuty has no un-acknowledge: resolve it there' : null) ??
      (ctx.selection?.acked || ctx.selection?.hasAck ? null : unackUnknown(ctx.selection?.ackUnknown) ?? 'not acknowledged'),
    plan: ({target, data}) => (target.groupFingerprints ? planGroupUnack(target, data) : planOneUnack(target, data)),
    progress: (intent) => ({text: `unacking ${intent.kind === 'one' ? sanitize(intent.alert.name) : intent.what}…`, tone: 'info'}),
    run: (intent, deps) => (intent.kind === 'one' ? deps.alerts.unack(intent.alert, intent.author, intent.others?.[0]) : deps.alerts.unackGroup(intent.alerts, intent.what, intent.author)),
  }),
  action<RunbookIntent>({
    id: 'openRunbook', keys: ['o'], scope: 'alerts', hint: 'runbook', group: 'Alerts',
    description: "Open the selected alert's runbook",
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
