/**
 * The dashboard's keyboard: Ink's `useInput` and `usePaste` feed one queue, handled one key press
 * per render, each against the state the previous one left (see `splitChunk`): type-ahead over a
 * slow link means what it says, and a paste lands in the state the keys before it left.
 */
import {useApp, useInput, usePaste, useStdout} from 'ink';
import {useEffect, useEffectEvent, useLayoutEffect, useRef, useState} from 'react';
import {isTextScope} from '../../actions/action-ids.ts';
import {pasteChunk, splitChunk, type InputChunk, type KeyPress} from '../../actions/key-dispatch.ts';
import {scopeStack, type UiEvent, type UiState} from '../../actions/ui-state.ts';

/** Ink's frame interval at the dashboard's `maxFps: 20`: keys closer together than this keep its pace. */
export const KEY_FRAME_GAP_MS = 50;

/**
 * How long keys for the panes wait for tables that are not the state's yet (see `settled`) before
 * they are taken anyway: the rebuild takes a render or two, and a feed that never catches up
 * must not freeze the keyboard.
 */
export const KEY_HOLD_MS = 1000;

/**
 * Queues key presses and pastes; `eventOf` turns one into a reducer event (null: nothing).
 * `settled`: the tables drawn are those of the state's filters and hidden kinds, with the
 * selections and cursors noted on them. Until they are, keys for the panes wait (text typed into
 * an input does not): Esc on `/Alpha` and `a` read together (tmux's escape-time) acked the row
 * the draft's table had under the cursor, not the one Esc gave the selection back to.
 */
export function useKeyInput(ui: UiState, dispatch: (event: UiEvent) => void, eventOf: (press: KeyPress, chunk: InputChunk) => UiEvent | null, isActive: boolean, settled = true): void {
  const pending = useRef<InputChunk[]>([]);
  const [inputTick, setInputTick] = useState(0);
  // True from a key's dispatch until the render that shows it has committed.
  const unrendered = useRef(false);
  // Set when the tables have not settled for KEY_HOLD_MS: the keys waiting are taken anyway.
  const overdue = useRef(false);
  useEffect(() => {
    overdue.current = false;
    if (settled) return;
    const timer = setTimeout(() => {
      overdue.current = true;
      setInputTick((n) => n + 1);
    }, KEY_HOLD_MS);
    return () => clearTimeout(timer);
  }, [settled]);
  const takeKeys = () => {
    while (pending.current.length > 0) {
      const top = scopeStack(ui)[0];
      const inText = top !== undefined && isTextScope(top);
      if (!inText && !settled && !overdue.current) return;
      const chunk = pending.current.shift()!;
      const {press, rest} = splitChunk(chunk, inText);
      if (rest) pending.current.unshift(rest);
      const event = eventOf(press, chunk);
      if (event) {
        dispatch(event);
        unrendered.current = true;
        // The next press waits for the render this one causes.
        if (pending.current.length > 0) setInputTick((n) => n + 1);
        return;
      }
    }
  };
  // The handler of this render's state, callable from Ink's input events (React keeps it current).
  const takeKeysNow = useEffectEvent(takeKeys);
  // A key's frame is drawn when its render commits, not when Ink's frame throttle (`maxFps`,
  // 50 ms) next allows: a press landing just after a clock tick or a poll's frame waited up to
  // 50 ms for the throttle's trailing edge (p99 ≈ 60 ms in the soak, outside polls as much as in
  // them). Presses closer together than the throttle (key repeat) keep its pace, so a held key
  // over a slow link costs no more frames than before.
  // Only on a terminal: the flush ends with an empty write to the output, which a recording
  // stand-in for it (tests) would keep as a frame.
  const {waitUntilRenderFlush} = useApp();
  const onTerminal = (useStdout().stdout as Partial<NodeJS.WriteStream>).isTTY === true;
  const lastFlush = useRef(Number.NEGATIVE_INFINITY);
  useLayoutEffect(() => {
    if (unrendered.current && onTerminal) {
      const at = performance.now();
      if (at - lastFlush.current >= KEY_FRAME_GAP_MS) {
        lastFlush.current = at;
        void waitUntilRenderFlush().catch(() => undefined);
      }
    }
    unrendered.current = false;
  });
  const queueInput = (chunk: InputChunk) => {
    pending.current.push(chunk);
    // A lone press while the screen shows the state the last one left is handled in this
    // same update: one render per key. Going through a second render (the effect below)
    // puts that render inside Ink's 30 fps frame throttle, which holds the frame back ≈ 34 ms.
    if (pending.current.length === 1 && !unrendered.current) takeKeysNow();
    else setInputTick((n) => n + 1);
  };
  useInput((input, key) => queueInput({input, key}), {isActive});
  // Bracketed paste (Ink turns the terminal's mode on): pasted text arrives whole, on its own
  // channel, and goes into an open filter or command line, never through the keymap.
  usePaste((text) => queueInput(pasteChunk(text)), {isActive});
  useEffect(takeKeys, [inputTick, ui, settled]);
}
