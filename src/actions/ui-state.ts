/**
 * UI state as a pure reducer: focus, per-pane selection, the open overlay, filters, pause, the
 * flash message and effects. No timers, no I/O: tested without rendering.
 *
 * Effects: the reducer never performs side effects. It appends them to `state.effects` (a queue)
 * and the view, after each render, runs the queued effects and dispatches
 * `{type: 'effects-taken', count}` to drop exactly those it ran. Effects queued by a second event
 * before the view caught up are kept, so none is lost when React batches dispatches.
 */
import type {ActionId, Pane, Scope} from './action-ids.ts';
import {DEFAULT_SHOWN, isFocusAction, paneOfFocusAction, paneSpec, perPane} from './panes.ts';
import type {ShownText} from './action-record.ts';
import type {SelectionInfo} from './keymap.ts';
import {defaultBinding} from './keymap.ts';
import {NOTHING_HIDDEN, type HiddenKinds} from '../domain/alert-states.ts';
import {parseCommand} from './ui-commands.ts';
import {setHidden, TOGGLE_KIND} from './ui-hidden.ts';
import {anchorAt, keepSelections, resolveSelected, type KeyedRow, type Selections} from './ui-selection.ts';
import {moveIndex, moveScroll, type MoveId} from './ui-moves.ts';

/** The overlay on top of the panes, if any. `confirm` remembers the overlay it replaced. */
export type Modal =
  | {kind: 'help'; scroll: number}
  /** `text`: shown instead of the row's details (a runbook read here, a copied command). */
  | {kind: 'detail'; pane: Pane; scroll: number; text?: ShownText}
  | {kind: 'filter'; pane: Pane; draft: string}
  | {kind: 'command'; draft: string}
  /** `intent`: what the action planned (an ack's plan); the confirmed run runs exactly this. */
  | {kind: 'confirm'; action: ActionId; target: SelectionInfo; expected: string; draft: string; prev: Modal | null; intent?: unknown};

/** Tone of a flash message; the view maps it to a theme token. */
export type FlashTone = 'info' | 'ok' | 'warn' | 'critical';

/** A short message in the footer. `id` tells a stale expiry timer from a current one. */
export interface Flash {
  text: string;
  tone: FlashTone;
  /** Epoch ms from the event that raised it (0 when the event carried no `now`). */
  at: number;
  id: number;
}

/**
 * A side effect for the runner (action-runner.ts). `run-action` carries the row captured at key
 * press, and the intent a confirmation held (absent: the runner plans it now).
 */
export type UiEffect =
  | {kind: 'quit'}
  | {kind: 'refresh'}
  | {kind: 'switch-context'; name: string}
  | {kind: 'switch-theme'; name: string}
  | {kind: 'ack'; durationMs: number | null; comment: string}
  | {kind: 'run-action'; action: ActionId; target: SelectionInfo; intent?: unknown};

/** Rows currently shown per pane (after filtering); a pane left out has none. */
export type RowCounts = Partial<Record<Pane, number>>;

/** The rows shown per pane, for their keys: the selection follows a row's key (see ui-selection.ts). */
export type PaneRows = Partial<Record<Pane, ReadonlyArray<KeyedRow>>>;

/** The whole UI state. */
export interface UiState extends Selections {
  focus: Pane;
  modal: Modal | null;
  filters: Record<Pane, string>;
  /** Quiet alerts hidden from the alert pane (the `h`, `s`, `i` toggles). */
  hidden: HiddenKinds;
  paused: boolean;
  flash: Flash | null;
  /** Set by `quit` and `:q`; a `quit` effect is queued as well. */
  quitRequested: boolean;
  /** Pending effects, oldest first (see the file comment). */
  effects: UiEffect[];
  /** Counter behind `Flash.id`. */
  flashSeq: number;
}

/** Everything the reducer reacts to. */
export type UiEvent =
  | {
      type: 'action';
      id: ActionId;
      rowCounts: RowCounts;
      pageSize: number;
      target?: SelectionInfo | null;
      modalLines?: number;
      now?: number;
      rows?: PaneRows;
      /** The panes on screen, in Tab order (default: all but the optional ones). */
      shown?: readonly Pane[];
    }
  | {type: 'text'; text: string}
  | {type: 'backspace'}
  | {type: 'submit'; now?: number}
  | {type: 'cancel'; now?: number}
  | {type: 'flash'; text: string; tone: FlashTone; now?: number}
  | {type: 'clear-flash'; id?: number}
  /** The tables changed: keep each selection on its row (found by key) or within the rows. */
  | {type: 'clamp'; rowCounts: RowCounts; reselect?: Partial<Record<Pane, number | null>>; rows?: PaneRows}
  | {type: 'effects-taken'; count: number}
  /** Asks for a typed confirmation a plan needs (an ack that would silence more); the modal keeps `intent`. */
  | {type: 'ask'; action: ActionId; target: SelectionInfo; expected: string; intent?: unknown}
  /** Shows text in the detail view (a runbook read here, a copied command), over the focused pane. */
  | {type: 'show-text'; text: ShownText};

/** Options of {@link initialUiState}. */
export interface InitialUiOptions {
  focus?: Pane;
  paused?: boolean;
  filters?: Partial<Record<Pane, string>>;
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
    flash: null,
    quitRequested: false,
    effects: [],
    flashSeq: 0,
  };
}

/** The scopes to resolve keys in, top first: a text overlay alone; otherwise overlay > pane > global. */
export function scopeStack(state: UiState): Scope[] {
  const m = state.modal;
  if (m === null) return [state.focus, 'pane', 'global'];
  if (m.kind === 'help') return ['help', 'global'];
  if (m.kind === 'detail') return ['detail', m.pane, 'global'];
  return [m.kind];
}

/** True when Esc would do something (close an overlay or clear the focused pane's filter). */
export function canGoBack(state: UiState): boolean {
  return state.modal !== null || state.filters[state.focus] !== '';
}

/** The filter to apply to a pane now: the draft while it is being typed, so filtering is live. */
export function effectiveFilter(state: UiState, pane: Pane): string {
  const m = state.modal;
  return m?.kind === 'filter' && m.pane === pane ? m.draft : state.filters[pane];
}

const MAX_DRAFT = 200;
// Typed or pasted text keeps no control, bidi or zero-width characters.
const STRIP = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

function withFlash(state: UiState, text: string, tone: FlashTone, now = 0): UiState {
  const id = state.flashSeq + 1;
  return {...state, flash: {text, tone, at: now, id}, flashSeq: id};
}

function withEffect(state: UiState, effect: UiEffect): UiState {
  return {...state, effects: [...state.effects, effect]};
}

function setDraft(state: UiState, edit: (draft: string) => string): UiState {
  const m = state.modal;
  if (m === null || !('draft' in m)) return state;
  return {...state, modal: {...m, draft: [...edit(m.draft)].slice(0, MAX_DRAFT).join('')}};
}

/** Esc: the confirmation returns to what it replaced, other overlays close, else the filter clears. */
function goBack(state: UiState, now?: number): UiState {
  const m = state.modal;
  if (m?.kind === 'confirm') return withFlash({...state, modal: m.prev}, 'Cancelled', 'info', now);
  if (m !== null) return {...state, modal: null};
  if (state.filters[state.focus] === '') return state;
  return {...state, filters: {...state.filters, [state.focus]: ''}, ...selectFirst(state, state.focus)};
}

function submit(state: UiState, now?: number): UiState {
  const m = state.modal;
  if (m?.kind === 'filter') {
    return {...state, modal: null, filters: {...state.filters, [m.pane]: m.draft.trim()}, ...selectFirst(state, m.pane)};
  }
  if (m?.kind === 'confirm') {
    if (m.draft.trim() !== m.expected) return withFlash(state, `Type "${m.expected}" exactly to confirm, or Esc to cancel`, 'warn', now);
    const intent = m.intent === undefined ? {} : {intent: m.intent};
    return withEffect({...state, modal: m.prev}, {kind: 'run-action', action: m.action, target: m.target, ...intent});
  }
  if (m?.kind !== 'command') return state;
  const closed = {...state, modal: null};
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
    default:
      return withEffect(closed, cmd);
  }
}

/** Actions on the selected row: dangerous ones open a typed confirmation, the rest run at once. */
function targetAction(state: UiState, id: ActionId, target: SelectionInfo | null | undefined, now?: number): UiState {
  if (!target) return withFlash(state, 'Nothing selected', 'warn', now);
  if (!defaultBinding(id).dangerous) return withEffect(state, {kind: 'run-action', action: id, target});
  const expected = target.confirmText ?? target.label;
  return {...state, modal: {kind: 'confirm', action: id, target, expected, draft: '', prev: state.modal}};
}

function focus(state: UiState, pane: Pane): UiState {
  const modal = state.modal?.kind === 'help' || state.modal?.kind === 'detail' ? null : state.modal;
  return {...state, focus: pane, modal};
}

function cycle(pane: Pane, step: number, shown: readonly Pane[]): Pane {
  const i = shown.indexOf(pane);
  if (i < 0) return shown[0] ?? pane;
  return shown[(i + step + shown.length) % shown.length]!;
}

// A focus key for a pane this context does not show says so instead of doing nothing.
function focusKey(state: UiState, pane: Pane, ev: Extract<UiEvent, {type: 'action'}>): UiState {
  if (!(ev.shown ?? DEFAULT_SHOWN).includes(pane)) return withFlash(state, `No ${paneSpec(pane).name} pane in this context`, 'info', ev.now);
  return focus(state, pane);
}

// A new filter shows other rows: the selection starts again at the first one.
function selectFirst(state: UiState, pane: Pane): Pick<UiState, 'selection' | 'anchors'> {
  return {selection: {...state.selection, [pane]: 0}, anchors: {...state.anchors, [pane]: null}};
}

function move(state: UiState, id: MoveId, ev: {rowCounts: RowCounts; pageSize: number; modalLines?: number; rows?: PaneRows}): UiState {
  const m = state.modal;
  if (m?.kind === 'help' || m?.kind === 'detail') {
    return {...state, modal: {...m, scroll: moveScroll(m.scroll, id, ev.pageSize, ev.modalLines)}};
  }
  if (m !== null) return state;
  const pane = state.focus;
  const rows = ev.rows?.[pane];
  // From the row the screen shows selected (found by key), to the row at the new index.
  const from = rows ? resolveSelected(rows, state.anchors[pane], state.selection[pane]) : state.selection[pane];
  const to = moveIndex(from, id, rows ? rows.length : (ev.rowCounts[pane] ?? 0), ev.pageSize);
  return {...state, selection: {...state.selection, [pane]: to}, anchors: {...state.anchors, [pane]: rows ? anchorAt(rows, to) : null}};
}

function onAction(state: UiState, ev: Extract<UiEvent, {type: 'action'}>): UiState {
  const id = ev.id;
  if (isFocusAction(id)) return focusKey(state, paneOfFocusAction(id), ev);
  switch (id) {
    case 'quit':
      return withEffect({...state, quitRequested: true}, {kind: 'quit'});
    case 'help':
      return {...state, modal: state.modal?.kind === 'help' ? null : {kind: 'help', scroll: 0}};
    case 'command':
      return {...state, modal: {kind: 'command', draft: ''}};
    case 'refresh':
      return withEffect(state, {kind: 'refresh'});
    case 'pause':
      return withFlash({...state, paused: !state.paused}, state.paused ? 'Polling resumed' : 'Polling paused', 'info', ev.now);
    case 'back':
      return goBack(state, ev.now);
    case 'submit':
      return submit(state, ev.now);
    case 'focusNext':
      return focus(state, cycle(state.focus, 1, ev.shown ?? DEFAULT_SHOWN));
    case 'focusPrev':
      return focus(state, cycle(state.focus, -1, ev.shown ?? DEFAULT_SHOWN));
    case 'down':
    case 'up':
    case 'top':
    case 'bottom':
    case 'pageDown':
    case 'pageUp':
      return move(state, id, ev);
    case 'details':
      if (!ev.rowCounts[state.focus]) return withFlash(state, 'Nothing to show: the pane is empty', 'info', ev.now);
      return {...state, modal: {kind: 'detail', pane: state.focus, scroll: 0}};
    case 'filter':
      return {...state, modal: {kind: 'filter', pane: state.focus, draft: state.filters[state.focus]}};
    case 'copyLink':
    case 'copyCommand':
    case 'ack':
    case 'ackGroup':
    case 'unack':
    case 'openRunbook':
    case 'rollback':
      return targetAction(state, id, ev.target, ev.now);
    case 'toggleAcked':
    case 'toggleSilenced':
    case 'toggleInhibited': {
      const kind = TOGGLE_KIND[id]!;
      const {hidden, message} = setHidden(state.hidden, [kind], !state.hidden[kind]);
      return withFlash({...state, hidden}, message, 'info', ev.now);
    }
  }
}

/** The reducer. Pure: same state and event, same result. */
export function uiReducer(state: UiState, event: UiEvent): UiState {
  switch (event.type) {
    case 'action':
      return onAction(state, event);
    case 'text':
      return setDraft(state, (d) => d + event.text.replace(STRIP, ''));
    case 'backspace':
      return setDraft(state, (d) => [...d].slice(0, -1).join(''));
    case 'submit':
      return submit(state, event.now);
    case 'cancel':
      return state.modal === null ? state : goBack(state, event.now);
    case 'flash':
      return withFlash(state, event.text, event.tone, event.now);
    case 'clear-flash':
      return state.flash && (event.id === undefined || event.id === state.flash.id) ? {...state, flash: null} : state;
    case 'clamp': {
      const kept = keepSelections(state, event);
      return kept === state ? state : {...state, ...kept};
    }
    case 'effects-taken':
      return {...state, effects: state.effects.slice(event.count)};
    case 'ask': {
      const intent = event.intent === undefined ? {} : {intent: event.intent};
      return {...state, modal: {kind: 'confirm', action: event.action, target: {...event.target, confirmed: true}, expected: event.expected, draft: '', prev: state.modal, ...intent}};
    }
    case 'show-text':
      return {...state, modal: {kind: 'detail', pane: state.focus, scroll: 0, text: event.text}};
  }
}
