/**
 * Turns one key press into one reducer event: the single place that decides whether a key is an
 * action, typed text, or a refusal with a reason. The view calls it from `useInput` and
 * dispatches the result; it stays a thin adapter.
 */
import {actionWord, isTextScope, type ActionId, type Pane} from './action-ids.ts';
import {confirmKeys} from './key-hints.ts';
import {defaultKeyNamer, type KeyNamer} from './key-namer.ts';
import {isPrintableKey, keyFromInk, keyLabel, type InkKey} from './key-names.ts';
import {bindingScopes, type ActionContext, type Binding} from './keymap.ts';
import {actionDisabledReason, bindingOf, removedBindingFor, resolve, type Registry} from './registry.ts';
import {canGoBack, scopeStack, type PaneRows, type RowCounts, type UiEvent, type UiState} from './ui-state.ts';
import {commandRowAction, parseCommand} from './ui-commands.ts';
import {groupGrewUnderCursor, groupRowOf, movedUnderCursor} from './ui-cursor.ts';
import {isMoveId} from './ui-moves.ts';
import type {KeyedRow} from './ui-selection.ts';
import type {PickedRow} from './ui-types.ts';

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
  /** The open timeline's events, by key (see `ActionEvent.modalRows`). */
  modalRows?: ReadonlyArray<KeyedRow>;
  now?: number;
  /** The panes on screen, in Tab order (see `shownPanes`). */
  shown?: readonly Pane[];
  /** The instant of the timeline event selected now, while the timeline is open. */
  eventAt?: number;
  /** The row under the overlays (see `ActionEvent.row`): the details and the command line keep it. */
  row?: PickedRow | null;
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
    const modalRows = frame.modalRows === undefined ? {} : {modalRows: frame.modalRows};
    const rows = frame.rows === undefined ? {} : {rows: frame.rows};
    const shown = frame.shown === undefined ? {} : {shown: frame.shown};
    const eventAt = frame.eventAt === undefined ? {} : {eventAt: frame.eventAt};
    const hold = ctx.confirmHold ? {confirmHold: ctx.confirmHold} : {};
    const row = frame.row === undefined ? {} : {row: frame.row};
    // The reducer names the cancel key when the confirmation's text is wrong; it has no keymap.
    const cancel = id === 'submit' && top === 'confirm' ? {cancelKey: confirmKeys(registry, stack).back} : {};
    return {type: 'action', id, rowCounts: frame.rowCounts, pageSize: frame.pageSize, target: ctx.selection, ...lines, ...modalRows, ...now, ...rows, ...shown, ...eventAt, ...hold, ...row, ...cancel};
  };
  const flash = (text: string): UiEvent => ({type: 'flash', text, tone: 'warn', ...now});
  if (top !== undefined && isTextScope(top)) {
    // A confirmation borrows the details' keys to scroll its list, and only those: a copy or the
    // timeline bound there to a named key (`f2`, `ctrl+y`) must not fire under it.
    if (id !== null && top === 'confirm' && !isMoveId(id) && registry.table.get('confirm')?.get(press.key ?? '') === undefined) return null;
    if (id !== null) return (id === 'submit' ? (tooSmallRefusal(registry, state, ctx, flash) ?? movedCommandRefusal(registry, state, frame.now)) : null) ?? action();
    if (press.key === 'backspace') return {type: 'backspace'};
    if (press.key === 'space') return {type: 'text', text: ' ', ...now};
    if (press.key !== null ? isPrintableKey(press.key) : PASTE.test(press.input)) return {type: 'text', text: press.input, ...now};
    return null;
  }
  if (id === null) {
    const removed = removedBindingFor(registry, press.key, stack);
    const reason = removed ? registry.removed.get(removed.id) : undefined;
    return removed && reason ? flash(`${actionWord(removed.hint, removed.id)}: ${reason}`) : null;
  }
  const reason = actionDisabledReason(registry, id, {...ctx, canGoBack: ctx.canGoBack ?? canGoBack(state)});
  if (reason === null) return movedRefusal(registry, state, id, ctx, frame) ?? action();
  if (id === 'back') return null;
  return flash(`${actionWord(bindingOf(registry, id)?.hint, id)}: ${reason}`);
}

/**
 * A key that would change something remotely (a mutating or dangerous action) on the focused
 * pane's row, refused once when that row came under the cursor by itself a moment ago (a poll
 * sorted it on top, or the row selected resolved and its neighbour slid up): the key was meant
 * for the row the user read. Likewise a key on the whole group (any on its header, `A` on a
 * member) when a member joined it a moment ago. Null when the action may go on. Open details
 * keep their own row.
 */
function movedRefusal(registry: Registry, state: UiState, id: ActionId, ctx: ActionContext, frame: KeyFrame): UiEvent | null {
  const binding = bindingOf(registry, id);
  if (state.modal !== null || !(binding?.mutating || binding?.dangerous)) return null;
  if (!movedUnderCursor(state, frame.row?.key, frame.now)) return grewRefusal(state, id, binding, ctx, frame);
  // The key to press first: a long row label cut off by a narrow footer must not take it along.
  // After the user's own ack hides its row, the neighbour sliding up is refused too: it is not
  // the row the user read when pressing.
  const label = ctx.selection?.label ?? 'another row';
  const key = binding.keys[0] === undefined ? id : keyLabel(binding.keys[0]);
  const row = frame.row?.key === undefined ? {} : {row: frame.row.key};
  return {type: 'moved-refusal', pane: state.focus, text: movedText(actionWord(binding.hint, id), key, label), ...(frame.now === undefined ? {} : {now: frame.now}), ...row};
}

/**
 * A key on the whole group of the focused row (the header's any, a member's `A`) refused once
 * when a member joined that group a moment ago: the group read was smaller, the newcomer unseen.
 * Says the group and its count now; pressed again it acts on the group as drawn.
 */
function grewRefusal(state: UiState, id: ActionId, binding: Binding, ctx: ActionContext, frame: KeyFrame): UiEvent | null {
  const rowKey = frame.row?.key;
  if (rowKey === undefined || !(binding.wholeGroup || ctx.selection?.groupFingerprints)) return null;
  if (!groupGrewUnderCursor(state, rowKey, frame.now)) return null;
  const rows = frame.rows?.[state.focus] ?? [];
  const group = groupRowOf(rows, rows.find((r) => r.key === rowKey))?.group;
  const count = group?.ids.length ?? ctx.selection?.groupFingerprints?.length;
  const key = binding.keys[0] === undefined ? id : keyLabel(binding.keys[0]);
  const text = grewText(actionWord(binding.hint, id), group?.label || ctx.selection?.label || 'the group', count, key);
  return {type: 'moved-refusal', pane: state.focus, text, ...(frame.now === undefined ? {} : {now: frame.now}), row: rowKey};
}

/**
 * Enter on a confirmation while the window is too small to draw it (`ActionContext.tooSmall`):
 * held with the reason, the confirmation left open with its text, so after a resize back it is
 * there again and Enter confirms what is then on screen. Whatever it confirms (a rollback, an
 * ack that silences other alerts too, a resolve) was typed over a list now off screen. So is a
 * command line that acts on its kept row (`:ack`, `:resolve`, typed at full size): the row key
 * (`a`) is refused in that window, and the line must not act where the key may not.
 */
function tooSmallRefusal(registry: Registry, state: UiState, ctx: ActionContext, flash: (text: string) => UiEvent): UiEvent | null {
  const m = state.modal;
  if (!ctx.tooSmall) return null;
  if (m?.kind === 'confirm') return flash(`${actionWord(bindingOf(registry, m.action)?.hint, m.action)}: ${ctx.tooSmall}`);
  const id = m?.kind === 'command' ? commandRowAction(parseCommand(m.draft)) : null;
  return id === null ? null : flash(`:${id}: ${ctx.tooSmall}`);
}

/**
 * Enter on a command line that acts on its kept row (`:ack`, `:resolve`: see `commandRowAction`)
 * when that row had come under the cursor by itself a moment before `:` was pressed: refused
 * once as the key would be, the line left open with its text, so Enter again acts.
 */
function movedCommandRefusal(registry: Registry, state: UiState, now: number | undefined): UiEvent | null {
  const m = state.modal;
  if (m?.kind !== 'command' || !m.moved || !m.row) return null;
  const id = commandRowAction(parseCommand(m.draft));
  const binding = id === null ? undefined : bindingOf(registry, id);
  // Only where the command can act: `:resolve` on an SLO row is refused for that, not for a move.
  if (id === null || !(binding?.mutating || binding?.dangerous) || !bindingScopes(binding).includes(state.focus)) return null;
  const enter = bindingOf(registry, 'submit')?.keys[0];
  const key = enter === undefined ? 'enter' : keyLabel(enter);
  // Worded as the key's refusal: the row is the one read, its group is what changed.
  const text = m.moved === 'grew' ? grewText(`:${id}`, m.row.target.label, m.row.target.groupFingerprints?.length, key) : movedText(`:${id}`, key, m.row.target.label);
  return {type: 'moved-refusal', pane: state.focus, text, row: m.row.key, ...(now === undefined ? {} : {now})};
}

// What a refusal for a moved selection says: one wording for keys and command lines.
function movedText(what: string, key: string, label: string): string {
  return `${what}: selection moved, press ${key} again to act on ${label}`;
}

// What a refusal for a group that grew under the cursor says, for keys and command lines alike.
function grewText(what: string, label: string, count: number | undefined, key: string): string {
  return `${what}: ${label} changed${count === undefined ? '' : ` (now ${count} alert${count === 1 ? '' : 's'})`}, press ${key} again to act on it`;
}

/** One read from the terminal: Ink's input text and key flags, or a bracketed paste. */
export interface InputChunk {
  input: string;
  key: InkKey;
  /** True for text the terminal marked as pasted (bracketed paste): text, never key presses. */
  paste?: boolean;
}

const NO_KEY: InkKey = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false,
};

// The first key of a burst: a run of Enters (one Enter: a confirmation must never fire twice),
// Tab, Ctrl+letter, a space, one printable character, or (in a text input) a run of text.
const FIRST = /^(?:[\r\n]+|\t|[\u0001-\u001a]| |[^\p{Cc}\s])/u;
const TEXT_RUN = /^[^\p{Cc}]+/u;

function pressOf(token: string): KeyPress {
  if (/^[\r\n]+$/.test(token)) return {key: 'enter', input: token};
  if (token === '\t') return {key: 'tab', input: token};
  const code = token.codePointAt(0) ?? 0;
  if (token.length === 1 && code >= 1 && code <= 26) {
    const letter = String.fromCodePoint(code + 96);
    return {key: keyFromInk(letter, {...NO_KEY, ctrl: true}), input: letter};
  }
  if ([...token].length > 1) return {key: null, input: token};
  return {key: keyFromInk(token, {...NO_KEY, shift: token !== token.toLowerCase()}), input: token};
}

/**
 * True for ESC and one key read together, which Ink reports as the key with `meta` (Alt) set.
 * Esc typed quickly before a key arrives so: tmux holds an Esc for its escape-time (500 ms by
 * default before 3.5) to see whether a key follows, and a slow link joins the two. The dashboard
 * binds no Alt keys, so it is Esc and then the key: taken as the key alone, Esc then Enter
 * confirmed the rollback the Esc was pressed to cancel. Only a character, Enter, Tab, Esc or
 * Ctrl+letter after the ESC is split off. Keys whose own sequence carries Alt keep their meaning
 * (`keyFromInk`): arrows, page keys, Backspace and Delete (Alt+Backspace, ESC DEL, deletes in a
 * filter rather than cancelling it), and function keys, which Ink reports with no input (Alt+F1
 * is no Esc).
 */
function escapePrefixed(input: string, key: InkKey): boolean {
  if (!key.meta) return false;
  const own = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.delete || key.backspace;
  if (own) return false;
  return key.return || key.escape || key.tab || key.ctrl || input !== '';
}

/**
 * Splits a read into the next key press and the rest. Over a slow link, or when keys are typed
 * before the dashboard is up, several key presses arrive in one read (`2j`, `:ctx down⏎`); each
 * is handled after the previous one has changed the state, so `/abc` opens the filter and then
 * types `abc` into it (never acks with `a`), and `:ctx down⏎` opens the command line, types
 * `ctx down` and runs it. Inside a text input a run of text stays one piece; Enter, Tab and
 * Ctrl+letter are keys wherever they are in the read; ESC and a key read together are Esc, then
 * the key (see `escapePrefixed`). A pasted chunk is never split (see
 * `eventForPaste`).
 */
export function splitChunk(chunk: InputChunk, inTextScope: boolean): {press: KeyPress; rest: InputChunk | null} {
  const {input, key} = chunk;
  if (!chunk.paste && escapePrefixed(input, key)) return {press: {key: 'escape', input: ''}, rest: {input, key: {...key, meta: false}}};
  const whole = {press: {key: keyFromInk(input, key), input}, rest: null};
  if (chunk.paste || key.ctrl || key.meta || [...input].length <= 1 || /^[\r\n]+$/.test(input)) return whole;
  const token = (inTextScope ? TEXT_RUN.exec(input)?.[0] : undefined) ?? FIRST.exec(input)?.[0] ?? [...input][0]!;
  const rest = input.slice(token.length);
  return {press: pressOf(token), rest: rest === '' ? null : {input: rest, key: NO_KEY}};
}

/** A bracketed paste as a queued read, kept in order with the key presses around it. */
export function pasteChunk(text: string): InputChunk {
  return {input: text, key: NO_KEY, paste: true};
}

/**
 * Pasted text in one line: a line break at either end (copied with the line) is dropped, inner
 * line breaks and tabs become spaces; the reducer strips other controls.
 */
function pastedText(text: string): string {
  return text.replace(/^[\r\n]+|[\r\n]+$/g, '').replace(/[\r\n\t]+/g, ' ');
}

/**
 * The event for a bracketed paste: text for the filter, command line or confirmation when one
 * is open; otherwise nothing happens but a note, since pasted text must never act as keys (a
 * pasted `q` would quit, an `a` would ack). The note names the keys that open them as bound (`keys`).
 */
export function eventForPaste(state: UiState, text: string, now?: number, keys: KeyNamer = defaultKeyNamer): UiEvent {
  const top = scopeStack(state)[0];
  if (top !== undefined && isTextScope(top)) return {type: 'text', text: pastedText(text), ...(now === undefined ? {} : {now})};
  const key = (id: 'filter' | 'command') => (keys(id) === null ? '' : ` (${keys(id)})`);
  return {type: 'flash', text: `Pasted text ignored: open the filter${key('filter')} or the command line${key('command')} first`, tone: 'info', ...(now === undefined ? {} : {now})};
}
