/**
 * UI state as a pure reducer: focus, per-pane selection, the open overlay, filters, pause, the
 * flash message and effects. No timers, no I/O: tested without rendering. What a key does is its
 * action record's: `update` for a view-only action, `plan`/`run` (via an effect) for a row action.
 *
 * Effects: the reducer never performs side effects. It appends them to `state.effects` (a queue)
 * and the view, after each render, runs the queued effects and dispatches
 * `{type: 'effects-taken', count}` to drop exactly those it ran. Effects queued by a second event
 * before the view caught up are kept, so none is lost when React batches dispatches.
 */
import {NOTHING_HIDDEN} from '../domain/alert-states.ts';
import type {ActionId, Pane, Scope} from './action-ids.ts';
import {defaultBinding, type SelectionInfo} from './keymap.ts';
import {perPane} from './panes.ts';
import {focusShown, goBack, setDraft, submit, withEffect, withFlash} from './ui-core.ts';
import {cursorNoted, cursorsShown, panesCovered, seeCursors} from './ui-cursor.ts';
import {keepSelections} from './ui-selection.ts';
import type {ActionEvent, UiState, UiEvent} from './ui-types.ts';

export type {ActionEvent, ConfirmHold, Flash, FlashTone, Modal, PaneRows, RowCounts, UiEffect, UiEvent, UiState} from './ui-types.ts';

/** Options of {@link initialUiState}. */
export interface InitialUiOptions {
  focus?: Pane;
  paused?: boolean;
  filters?: Partial<Record<Pane, string>>;
  /** Start in the past (`--at`), epoch ms. */
  pastAt?: number | null;
}

/** The state at start-up: SLO pane focused, first rows selected, nothing open. */
export function initialUiState(opts: InitialUiOptions = {}): UiState {
  return {
    focus: opts.focus ?? 'slos',
    selection: perPane(() => 0),
    anchors: perPane(() => null),
    modal: null,
    filters: perPane((p) => opts.filters?.[p] ?? ''),
    hidden: NOTHING_HIDDEN,
    paused: opts.paused ?? false,
    pastAt: opts.pastAt ?? null,
    flash: null,
    quitRequested: false,
    effects: [],
    flashSeq: 0,
    cursor: perPane(() => null),
  };
}

/**
 * The scopes to resolve keys in, top first: a text overlay alone, but for the confirmation, whose
 * list (what an ack would also silence) scrolls as the details do; otherwise overlay > pane >
 * global. Under a text scope only named keys resolve (`resolve`): `j` is typed, ↓ scrolls.
 */
export function scopeStack(state: UiState): Scope[] {
  const m = state.modal;
  if (m === null) return [state.focus, 'pane', 'global'];
  if (m.kind === 'help') return ['help', 'global'];
  if (m.kind === 'detail') return ['detail', m.pane, 'global'];
  if (m.kind === 'timeline') return ['timeline', 'global'];
  if (m.kind === 'confirm') return ['confirm', 'detail'];
  // The timeline's filter is typed like a pane's: the same input keys.
  if (m.kind === 'timeline-filter') return ['filter'];
  return [m.kind];
}

/** True when Esc would do something (close an overlay, return to live, or clear the focused pane's filter). */
export function canGoBack(state: UiState): boolean {
  return state.modal !== null || state.pastAt !== null || state.filters[state.focus] !== '';
}

/** The filter to apply to a pane now: the draft while it is being typed, so filtering is live. */
export function effectiveFilter(state: UiState, pane: Pane): string {
  const m = state.modal;
  return m?.kind === 'filter' && m.pane === pane ? m.draft : state.filters[pane];
}

/** Actions on the selected row: dangerous ones open a typed confirmation, the rest run at once. */
function targetAction(state: UiState, id: ActionId, target: SelectionInfo | null | undefined, now?: number): UiState {
  if (!target) return withFlash(state, 'Nothing selected', 'warn', now);
  if (!defaultBinding(id).dangerous) return withEffect(state, {kind: 'run-action', action: id, target});
  const expected = target.confirmText ?? target.label;
  return {...state, modal: {kind: 'confirm', action: id, target, expected, draft: '', prev: state.modal}};
}

/** A key's action: the record's own `update` for a view-only one, else a row action on the captured row. */
function onAction(state: UiState, ev: ActionEvent): UiState {
  const record = defaultBinding(ev.id);
  if (record.update) return record.update(state, ev);
  return record.plan ? targetAction(state, ev.id, ev.target, ev.now) : state;
}

/**
 * The reducer. Pure: same state and event, same result. When an event uncovers the panes, a row
 * that moved under a cursor while they were covered counts as moved now (ui-cursor.ts).
 */
export function uiReducer(state: UiState, event: UiEvent): UiState {
  const next = reduce(state, event);
  if (next === state || !panesCovered(state.modal) || panesCovered(next.modal)) return next;
  const cursor = cursorsShown(next, 'now' in event ? event.now : undefined);
  return cursor === next.cursor ? next : {...next, cursor};
}

function reduce(state: UiState, event: UiEvent): UiState {
  switch (event.type) {
    case 'action':
      return onAction(state, event);
    case 'text':
      return setDraft(state, (d) => d + event.text, event.now);
    case 'backspace':
      return setDraft(state, (d) => [...d].slice(0, -1).join(''));
    case 'submit':
      return submit(state, event.now, event.confirmHold, event.cancelKey);
    case 'cancel':
      return state.modal === null ? state : goBack(state, event.now);
    case 'flash':
      return withFlash(state, event.text, event.tone, event.now);
    case 'clear-flash':
      return state.flash && (event.id === undefined || event.id === state.flash.id) ? {...state, flash: null} : state;
    case 'clamp': {
      const kept = keepSelections(state, event);
      const next = kept === state ? state : {...state, ...kept};
      const cursor = event.rows ? seeCursors(next, event.rows, event.now) : next.cursor;
      return cursor === next.cursor ? next : {...next, cursor};
    }
    case 'moved-refusal':
    {
      // A refused `:ack` leaves its line open, the move noted: Enter again acts.
      const modal = state.modal?.kind === 'command' && state.modal.moved ? {...state.modal, moved: undefined} : state.modal;
      return withFlash({...state, modal, cursor: cursorNoted(state, event.pane, event.row)}, event.text, 'warn', event.now);
    }
    case 'effects-taken':
      return {...state, effects: state.effects.slice(event.count)};
    case 'shown-panes':
      return focusShown(state, event.panes);
    case 'ask': {
      const intent = event.intent === undefined ? {} : {intent: event.intent};
      return {...state, modal: {kind: 'confirm', action: event.action, target: {...event.target, confirmed: true}, expected: event.expected, draft: '', prev: state.modal, ...intent}};
    }
    case 'show-text':
      return {...state, modal: {kind: 'detail', pane: state.focus, scroll: 0, text: event.text}};
  }
}
