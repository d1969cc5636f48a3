/**
 * How a message names the key to press for an action ("press u to retry", "show it with h"): as
 * `keys:` binds it, so a message never tells the user to press a key that now does something
 * else. Apart from key-hints.ts (which reads the registry) so the action records and the ack
 * operations can take one without importing the keymap they are part of.
 */
import type {ActionId} from './action-ids.ts';

/**
 * The key a message tells the user to press for `id`, labelled for a sentence; null when `keys:`
 * left the action without one: the message then leaves its "press X" part out, rather than name
 * a key that does not exist.
 */
export type KeyNamer = (id: ActionId) => string | null;

/** `press u to retry`: the clause a message says it with (`then` after the key); null when `id` has no key. */
export function pressKey(keys: KeyNamer, id: ActionId, then: string): string | null {
  const key = keys(id);
  return key === null ? null : `press ${key} ${then}`;
}

// The default keymap's first keys of the actions messages name (a test keeps them in step with
// the keymap): what a message made without the dashboard's keymap (the CLI, a test) says.
const DEFAULT_KEYS: Partial<Record<ActionId, string>> = {
  ack: 'a', unack: 'u', rollback: 'R', toggleAcked: 'h', toggleSilenced: 's', toggleInhibited: 'i', filter: '/', command: ':',
};

/** The default keymap's keys. */
export const defaultKeyNamer: KeyNamer = (id) => DEFAULT_KEYS[id] ?? id;
