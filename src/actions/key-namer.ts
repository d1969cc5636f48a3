/**
 * How a message names the key to press for an action ("press u to retry", "show it with h"): as
 * `keys:` binds it, so a message never tells the user to press a key that now does something
 * else. Apart from key-hints.ts (which reads the registry) so the action records and the ack
 * operations can take one without importing the keymap they are part of.
 */
import type {ActionId} from './action-ids.ts';

/** The key a message tells the user to press for `id`, labelled for a sentence. */
export type KeyNamer = (id: ActionId) => string;

// The default keymap's first keys of the actions messages name (a test keeps them in step with
// the keymap): what a message made without the dashboard's keymap (the CLI, a test) says.
const DEFAULT_KEYS: Partial<Record<ActionId, string>> = {
  ack: 'a', unack: 'u', rollback: 'R', toggleAcked: 'h', toggleSilenced: 's', toggleInhibited: 'i', filter: '/', command: ':',
};

/** The default keymap's keys. */
export const defaultKeyNamer: KeyNamer = (id) => DEFAULT_KEYS[id] ?? id;
