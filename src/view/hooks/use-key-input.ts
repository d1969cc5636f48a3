/**
 * The dashboard's keyboard: Ink's `useInput` and `usePaste` feed one queue, handled one key press
 * per render, each against the state the previous one left (see `splitChunk`): type-ahead over a
 * slow link means what it says, and a paste lands in the state the keys before it left.
 */
import {useInput, usePaste} from 'ink';
import {useEffect, useEffectEvent, useLayoutEffect, useRef, useState} from 'react';
import {isTextScope} from '../../actions/action-ids.ts';
import {pasteChunk, splitChunk, type InputChunk, type KeyPress} from '../../actions/key-dispatch.ts';
import {scopeStack, type UiEvent, type UiState} from '../../actions/ui-state.ts';

/** Queues key presses and pastes; `eventOf` turns one into a reducer event (null: nothing). */
export function useKeyInput(ui: UiState, dispatch: (event: UiEvent) => void, eventOf: (press: KeyPress, chunk: InputChunk) => UiEvent | null, isActive: boolean): void {
  const pending = useRef<InputChunk[]>([]);
  const [inputTick, setInputTick] = useState(0);
  // True from a key's dispatch until the render that shows it has committed.
  const unrendered = useRef(false);
  const takeKeys = () => {
    while (pending.current.length > 0) {
      const top = scopeStack(ui)[0];
      const chunk = pending.current.shift()!;
      const {press, rest} = splitChunk(chunk, top !== undefined && isTextScope(top));
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
  useLayoutEffect(() => {
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
  useEffect(takeKeys, [inputTick, ui]);
}
