/**
 * The reducer's building blocks (flash, effects, focus, moves, the text inputs' Enter and Esc),
 * shared by the reducer (ui-state.ts) and the action records whose `update` performs a view-only
 * action. Pure, like the reducer.
 */
import {unsafeChars} from '../domain/sanitize.ts';
import type {Pane} from './action-ids.ts';
import {DEFAULT_SHOWN, paneSpec} from './panes.ts';
import {parseCommand} from './ui-commands.ts';
import {setHidden} from './ui-hidden.ts';
import {moveIndex, moveScroll, type MoveId} from './ui-moves.ts';
import {cursorByKey} from './ui-cursor.ts';
import {anchorAt, resolveSelected, type KeyedRow} from './ui-selection.ts';
import type {ActionEvent, ConfirmHold, FlashTone, HeldSelection, PaneRows, RowCounts, UiEffect, UiState} from './ui-types.ts';

/** The longest text input (a pasted filter of twenty services, a note of a paragraph fit). */
export const MAX_DRAFT = 2000;
/**
 * What typed or pasted text loses: every control (C0 with TAB and LF, which a one-line draft has
 * no use for, DEL, C1) and every invisible character (bidi controls, zero-width characters, the
 * soft hyphen, the TAG block, the Hangul fillers, a selector or joiner that acts on nothing …),
 * the set `sanitize` escapes. A hand-picked list let a pasted soft hyphen or TAG character stay, and a
 * confirmation typed with one could never match the name it asks for.
 */
export const STRIP = unsafeChars(String.raw`\u0000-\u001F\u007F-\u009F`, 'g');

/** The state with a new flash message (its id tells a stale expiry timer from this one). */
export function withFlash(state: UiState, text: string, tone: FlashTone, now = 0): UiState {
  const id = state.flashSeq + 1;
  return {...state, flash: {text, tone, at: now, id}, flashSeq: id};
}

/** The state with `effect` queued for the runner. */
export function withEffect(state: UiState, effect: UiEffect): UiState {
  return {...state, effects: [...state.effects, effect]};
}

/**
 * Edits the draft of the open text input, if any, free of what STRIP removes. The whole draft
 * is stripped, not the typed piece alone: a selector counts by its neighbours (an input method
 * may send an ideograph's variation selector on its own), and Backspace can leave one with
 * nothing to act on (`1️⃣` less U+20E3). An edit that would make it longer than MAX_DRAFT
 * characters is not made, and a flash says so: a cut filter or note is another one, applied or
 * logged as if whole.
 */
export function setDraft(state: UiState, edit: (draft: string) => string, now?: number): UiState {
  const m = state.modal;
  if (m === null || !('draft' in m)) return state;
  const draft = edit(m.draft).replace(STRIP, '');
  if ([...draft].length > MAX_DRAFT) return withFlash(state, `input longer than ${MAX_DRAFT} characters, not added`, 'warn', now);
  return {...state, modal: {...m, draft}};
}

/**
 * Esc: the confirmation returns to what it replaced, the timeline's filter and a command line
 * opened over the timeline return to it, a pane's filter input closes with the selection it
 * found (see {@link restoreHeld}), other overlays close; then the past returns to live; else
 * the filter clears.
 */
export function goBack(state: UiState, now?: number): UiState {
  const m = state.modal;
  if (m?.kind === 'confirm') return withFlash({...state, modal: m.prev}, 'Cancelled', 'info', now);
  if (m?.kind === 'filter') return {...state, modal: null, ...restoreHeld(state, m.pane, m.held)};
  if (m?.kind === 'timeline-filter') return {...state, modal: m.timeline};
  if (m?.kind === 'command' && m.prev) return {...state, modal: m.prev};
  if (m !== null) return {...state, modal: null};
  if (state.pastAt !== null) return withFlash({...state, pastAt: null}, 'Back to live', 'info', now);
  if (state.filters[state.focus] === '') return state;
  return {...state, filters: {...state.filters, [state.focus]: ''}, ...selectFirst(state, state.focus)};
}

/**
 * Enter in a text input: apply the filter, run the typed confirmation or the command line. A
 * confirmation `hold` names (see {@link ConfirmHold}) closes and sends nothing, saying why. A
 * confirmation typed wrong says how to cancel it with `cancelKey`, the key bound to that (the
 * reducer has no keymap).
 */
export function submit(state: UiState, now?: number, hold?: ConfirmHold, cancelKey = 'Esc'): UiState {
  const m = state.modal;
  if (m?.kind === 'filter') {
    return {...state, modal: null, filters: {...state.filters, [m.pane]: m.draft.trim()}, ...selectFirst(state, m.pane)};
  }
  if (m?.kind === 'timeline-filter') return {...state, modal: {...m.timeline, filter: m.draft.trim(), selected: 0, anchor: null}};
  if (m?.kind === 'confirm') {
    if (m.draft.trim() !== m.expected) return withFlash(state, `Type "${m.expected}" exactly to confirm, or ${cancelKey} to cancel`, 'warn', now);
    // Closed, not left open: the Enter was typed ahead of what the confirmation must show, and
    // `R` again shows it (a new request id, asked afresh).
    if (hold && m.target.rollbackPlan?.idempotencyKey === hold.idempotencyKey) return withFlash({...state, modal: m.prev}, hold.text, 'critical', now);
    const intent = m.intent === undefined ? {} : {intent: m.intent};
    return withEffect({...state, modal: m.prev}, {kind: 'run-action', action: m.action, target: m.target, ...intent});
  }
  if (m?.kind !== 'command') return state;
  const closed = {...state, modal: m.prev ?? null};
  const cmd = parseCommand(m.draft);
  switch (cmd.kind) {
    case 'none':
      return closed;
    case 'quit':
      return withEffect({...closed, quitRequested: true}, {kind: 'quit'});
    case 'help':
      return {...closed, modal: {kind: 'help', scroll: 0}};
    case 'error':
      return withFlash(closed, cmd.message, 'critical', now);
    case 'hide': {
      const {hidden, message} = setHidden(state.hidden, cmd.kinds, cmd.hide);
      return withFlash({...closed, hidden}, message, 'info', now);
    }
    case 'note':
      return withEffect(closed, {kind: 'note', text: cmd.text, service: m.prev?.service ?? null});
    case 'ack':
    case 'resolve':
      // The row selected when the line was opened: one that resolved meanwhile is refused, not swapped.
      return withEffect(closed, {...cmd, target: m.row?.target ?? null});
    default:
      return withEffect(closed, cmd);
  }
}


/** Focuses `pane`; the help, details and timeline overlays close, an input stays. */
export function focus(state: UiState, pane: Pane): UiState {
  const k = state.modal?.kind;
  const modal = k === 'help' || k === 'detail' || k === 'timeline' ? null : state.modal;
  return {...state, focus: pane, modal};
}

/** The pane `step` places from `pane` among the shown ones, wrapping. */
export function cycle(pane: Pane, step: number, shown: readonly Pane[]): Pane {
  const i = shown.indexOf(pane);
  if (i < 0) return shown[0] ?? pane;
  return shown[(i + step + shown.length) % shown.length]!;
}

/**
 * The panes on screen changed (`:ctx`, a set that gains or loses the contexts configuring
 * Panels): a focus left on a pane no longer drawn moves to the first one shown, and that pane's
 * details or filter close. Keys, footer, help and the layout follow the focus: on a pane not
 * drawn, Enter and `j` would act on rows nobody sees. A focused pane still shown keeps focus.
 */
export function focusShown(state: UiState, shown: readonly Pane[]): UiState {
  const first = shown[0];
  if (first === undefined || shown.includes(state.focus)) return state;
  const m = state.modal;
  const modal = m !== null && 'pane' in m && !shown.includes(m.pane) ? null : m;
  return {...state, focus: first, modal};
}

/** A focus key: a pane this context does not show says so instead of doing nothing. */
export function focusKey(state: UiState, pane: Pane, ev: ActionEvent): UiState {
  if (!(ev.shown ?? DEFAULT_SHOWN).includes(pane)) return withFlash(state, `No ${paneSpec(pane).name} pane in this context`, 'info', ev.now);
  return focus(state, pane);
}

/**
 * The selection `held` when a filter input opened, given back as the input is cancelled: the
 * live draft moved it off its row (to a neighbour, or to the top when nothing matched), and
 * the next `a` would have acked the row it moved to. The view finds the row by its anchor again.
 */
export function restoreHeld(state: UiState, pane: Pane, held: HeldSelection): Pick<UiState, 'selection' | 'anchors'> {
  return {selection: {...state.selection, [pane]: held.index}, anchors: {...state.anchors, [pane]: held.anchor}};
}

/** A new filter shows other rows: the selection starts again at the first one. */
export function selectFirst(state: UiState, pane: Pane): Pick<UiState, 'selection' | 'anchors'> {
  return {selection: {...state.selection, [pane]: 0}, anchors: {...state.anchors, [pane]: null}};
}

/** A movement key: scrolls an open help, details or confirmation overlay, else moves the focused pane's selection by key. */
export function move(state: UiState, id: MoveId, ev: {rowCounts: RowCounts; pageSize: number; modalLines?: number; modalRows?: ReadonlyArray<KeyedRow>; rows?: PaneRows}): UiState {
  const m = state.modal;
  if (m?.kind === 'help' || m?.kind === 'detail' || m?.kind === 'confirm') {
    return {...state, modal: {...m, scroll: moveScroll(m.scroll ?? 0, id, ev.pageSize, ev.modalLines)}};
  }
  // The timeline moves from its selected event as drawn (found by key) and holds the event it
  // lands on; `modalLines` is the number of events shown. `g` watches the newest, as in a pane.
  if (m?.kind === 'timeline') {
    const events = ev.modalRows;
    const from = events ? resolveSelected(events, m.anchor, m.selected) : m.selected;
    const to = moveIndex(from, id, events ? events.length : (ev.modalLines ?? 0), ev.pageSize);
    const anchor = id === 'top' || !events ? null : anchorAt(events, to);
    return {...state, modal: {...m, selected: to, anchor}};
  }
  if (m !== null) return state;
  const pane = state.focus;
  const rows = ev.rows?.[pane];
  // From the row the screen shows selected (found by key), to the row at the new index.
  const from = rows ? resolveSelected(rows, state.anchors[pane], state.selection[pane]) : state.selection[pane];
  const to = moveIndex(from, id, rows ? rows.length : (ev.rowCounts[pane] ?? 0), ev.pageSize);
  // `g` watches the first row, whichever it becomes (`watchesTop`); any other move holds its row.
  // Either way the row it lands on is the key's doing, never guarded as moved (ui-cursor.ts).
  const cursor = rows ? cursorByKey(state, pane, rows, id === 'top' ? 0 : to) : state.cursor;
  if (id === 'top') return {...state, ...selectFirst(state, pane), cursor};
  return {...state, selection: {...state.selection, [pane]: to}, anchors: {...state.anchors, [pane]: rows ? anchorAt(rows, to) : null}, cursor};
}
