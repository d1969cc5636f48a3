/**
 * What a typed confirmation that lists things shows: an ack that would also silence other
 * alerts, a group's unack, the unack of another user's ack. Pure: the screen draws it and the
 * dashboard counts its lines with it, so the scroll keys stop at its last line. The line that
 * says what to type is pinned below the list: with 30 other alerts listed at 80x24 it was off
 * screen, and typing `yes` silenced alerts nobody had seen.
 */
import type {ActionId} from '../actions/action-ids.ts';
import {confirmKeys, type ConfirmKeys} from '../actions/key-hints.ts';
import type {Registry} from '../actions/registry.ts';
import {scopeStack, type UiState} from '../actions/ui-state.ts';
import {ackIntentOf, groupUnackIntentOf, othersUnackIntentOf, type PendingAck} from '../actions/alert-actions.ts';
import {sanitize} from '../domain/sanitize.ts';
import {detailPage, detailRows, pinnedRows} from './components/DetailView.tsx';
import type {DetailLine} from './rows/detail-lines.ts';

/** The plans a confirmation may hold, as the screen is given them. */
export interface ConfirmPlans {
  /** An ack that would silence more alerts than selected. */
  pendingAck: PendingAck | null;
  /** A group's unack: it expires several silences. */
  pendingUnack?: {what: string; silences: string[]; hidden?: number} | null;
  /** An alert's unack whose ack is another user's (`others`, sanitized). */
  pendingOthersUnack?: {what: string; others: string[]} | null;
}

/** A confirmation as drawn: its title, the lines that scroll, and those pinned below them. */
export interface ConfirmText {
  title: string;
  lines: DetailLine[];
  pinned: DetailLine[];
}

/** The plans a confirmation's intent holds (see {@link ConfirmPlans}). */
export function confirmPlansOf(intent: unknown): ConfirmPlans {
  return {pendingAck: ackIntentOf(intent), pendingUnack: groupUnackIntentOf(intent), pendingOthersUnack: othersUnackIntentOf(intent)};
}

const DEFAULT_KEYS: ConfirmKeys = {submit: 'Enter', back: 'Esc'};

/**
 * The text of the confirmation of `action` holding `plans`; null when it lists nothing (a
 * rollback's has its own preview). `keys`: the keys its instruction names, as they are bound.
 */
export function confirmText(action: ActionId, plans: ConfirmPlans, keys: ConfirmKeys = DEFAULT_KEYS): ConfirmText | null {
  const type = (what: string): DetailLine[] => [{label: '', value: `Type yes and ${keys.submit} to ${what}; ${keys.back} cancels.`}];
  if (action === 'unack' && plans.pendingUnack) {
    const {what, silences, hidden = 0} = plans.pendingUnack;
    // Under another user's ack the user's own silence has no id on screen: how many silences
    // that is is not known before the unack lists them, so it is not counted as if it were.
    const count = hidden > 0 ? 'your acks' : `${silences.length} silences`;
    return {
      title: `Unack would expire ${count}`,
      lines: [
        {label: '', value: `Unacking ${what} expires ${hidden > 0 ? 'your acks of them' : `${silences.length} silences, your acks of them`}:`},
        ...silences.map((id) => ({label: '  silence', value: sanitize(id), tone: 'warn' as const})),
        ...(hidden > 0 ? [{label: '  under', value: `another user's ack on ${hidden} alert${hidden === 1 ? '' : 's'} (silence found when sent)`, tone: 'warn' as const}] : []),
        {label: '', value: 'Acks of its alerts by anyone else are left alone.'},
      ],
      pinned: type('unack'),
    };
  }
  if (action === 'unack' && plans.pendingOthersUnack) {
    const {what, others} = plans.pendingOthersUnack;
    const whose = `${others.join(', ')}'s ack`;
    return {
      title: `Expire ${whose}?`,
      lines: [
        {label: '', value: `${what} is acked by ${others.join(', ')}, not by you.`, tone: 'warn'},
        {label: '', value: `Unacking it expires ${whose} only.`},
      ],
      pinned: type('expire it'),
    };
  }
  if (action === 'ack' && plans.pendingAck) {
    const {plan, what} = plans.pendingAck;
    return {
      title: 'Ack would silence more than selected',
      lines: [
        {label: '', value: `Acking ${what} would also silence ${plan.overreach.length} other alert(s):`},
        ...plan.overreach.map((a) => ({label: `  ${sanitize(a.severity)}`, value: sanitize(`${a.name} ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(' ')}`), tone: 'warn' as const})),
        {label: '', value: 'The silence matchers are the alert labels without the volatile ones (config ack.volatileLabels).'},
      ],
      pinned: type('ack anyway'),
    };
  }
  return null;
}

/**
 * The page and the line count of the confirmation open in `state`, drawn `width` x `height` (the
 * overlay's body) with the keys of `registry`; null when none that lists is open.
 */
export function confirmFrameOf(registry: Registry, state: UiState, width: number, height: number): {pageSize: number; modalLines: number} | null {
  const m = state.modal;
  const text = m?.kind === 'confirm' ? confirmText(m.action, confirmPlansOf(m.intent), confirmKeys(registry, scopeStack(state))) : null;
  return text ? confirmFrame(text, width, height) : null;
}

/**
 * The page and the line count of a confirmation drawn `width` x `height` (the overlay's body), so
 * the scroll keys page by what is drawn and stop at its last line.
 */
export function confirmFrame(text: ConfirmText, width: number, height: number): {pageSize: number; modalLines: number} {
  return {pageSize: detailPage(height, pinnedRows(text.pinned, width, height).length), modalLines: detailRows(text.lines, width).length};
}
