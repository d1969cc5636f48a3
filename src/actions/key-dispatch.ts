/**
 * Turns one key press into one reducer event: the single place that decides whether a key is an
 * action, typed text, or a refusal with a reason. The view calls it from `useInput` and
 * dispatches the result; it stays a thin adapter.
 */
import {isTextScope} from './action-ids.ts';
import {isPrintableKey, keyFromInk, type InkKey} from './key-names.ts';
import type {ActionContext} from './keymap.ts';
import {actionDisabledReason, bindingOf, removedBindingFor, resolve, type Registry} from './registry.ts';
import {canGoBack, scopeStack, type PaneRows, type RowCounts, type UiEvent, type UiState} from './ui-state.ts';

/** One key press: the canonical key name from `keyFromInk` (null if none) and Ink's raw input. */
export interface KeyPress {
  key: string | null;
  input: string;
}

/** What the view knows about the screen when the key is pressed. */
export interface KeyFrame {
  rowCounts: RowCounts;
  /** The rows of each pane, so a move starts from the selected row's key (see ui-selection.ts). */
  rows?: PaneRows;
  /** Rows visible in the focused pane (or lines in the overlay), for page moves. */
  pageSize: number;
  /** Total lines of the open help or detail overlay, to bound its scrolling. */
  modalLines?: number;
  now?: number;
}

// Pasted text arrives as one multi-character input with no key name.
const PASTE = /^[^\p{Cc}]+$/u;

/**
 * The event for `press`, or null when the key means nothing here. Inside a text overlay, bound
 * keys (Enter, Esc) act and every other printable key or paste is text. Elsewhere a bound action
 * that cannot run becomes a flash with the reason ("ack: read-only context"); Esc with nothing
 * to close stays silent. The action event carries `ctx.selection`, the row captured now.
 */
export function eventForKey(registry: Registry, state: UiState, press: KeyPress, ctx: ActionContext, frame: KeyFrame): UiEvent | null {
  const stack = scopeStack(state);
  const id = resolve(registry, press.key, stack);
  const top = stack[0];
  const now = frame.now === undefined ? {} : {now: frame.now};
  const action = (): UiEvent | null => {
    if (id === null) return null;
    const lines = frame.modalLines === undefined ? {} : {modalLines: frame.modalLines};
    const rows = frame.rows === undefined ? {} : {rows: frame.rows};
    return {type: 'action', id, rowCounts: frame.rowCounts, pageSize: frame.pageSize, target: ctx.selection, ...lines, ...now, ...rows};
  };
  const flash = (text: string): UiEvent => ({type: 'flash', text, tone: 'warn', ...now});
  if (top !== undefined && isTextScope(top)) {
    if (id !== null) return action();
    if (press.key === 'backspace') return {type: 'backspace'};
    if (press.key === 'space') return {type: 'text', text: ' '};
    if (press.key !== null ? isPrintableKey(press.key) : PASTE.test(press.input)) return {type: 'text', text: press.input};
    return null;
  }
  if (id === null) {
    const removed = removedBindingFor(registry, press.key, stack);
    const reason = removed ? registry.removed.get(removed.id) : undefined;
    return removed && reason ? flash(`${removed.hint ?? removed.id}: ${reason}`) : null;
  }
  const reason = actionDisabledReason(registry, id, {...ctx, canGoBack: ctx.canGoBack ?? canGoBack(state)});
  if (reason === null) return action();
  if (id === 'back') return null;
  return flash(`${bindingOf(registry, id)?.hint ?? id}: ${reason}`);
}

/** One read from the terminal: Ink's input text and key flags. */
export interface InputChunk {
  input: string;
  key: InkKey;
}

const NO_KEY: InkKey = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false,
};

/**
 * Splits a read into the next key press and the rest. Over a slow link several key presses
 * arrive in one read (`2j`); outside a text input each printable character is its own key,
 * handled after the previous one has changed the state (so `/abc` opens the filter and then
 * types `abc` into it, never acks with `a`). Inside a text input the whole read is text (a paste).
 */
export function splitChunk(chunk: InputChunk, inTextScope: boolean): {press: KeyPress; rest: InputChunk | null} {
  const {input, key} = chunk;
  const chars = [...input];
  const plain = !key.ctrl && !key.meta && chars.length > 1 && chars.every((c) => isPrintableKey(c));
  if (inTextScope || !plain) return {press: {key: keyFromInk(input, key), input}, rest: null};
  const [first, ...others] = chars as [string, ...string[]];
  return {
    press: {key: keyFromInk(first, {...NO_KEY, shift: first !== first.toLowerCase()}), input: first},
    rest: {input: others.join(''), key: NO_KEY},
  };
}
