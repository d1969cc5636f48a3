/**
 * The normalized key-name language used by the keymap, user overrides and the docs: single
 * printable characters as themselves (case-sensitive: `G` is not `g`), plus a small set of named
 * keys (`enter`, `escape`, `shift+tab`, `ctrl+d`, `f5` …). Ink's key events are converted into it
 * once, at the edge, by {@link keyFromInk}.
 */

/** Named (non-character) keys other than `ctrl+X` and `f1`–`f12`. */
export const NAMED_KEYS = [
  'enter', 'escape', 'tab', 'shift+tab', 'up', 'down', 'left', 'right',
  'pageup', 'pagedown', 'home', 'end', 'backspace', 'delete', 'space',
] as const;

/**
 * Mirror of ink 8's `Key` (hooks/use-input.d.ts). The actions layer may not import Ink, so the
 * shape is copied; the kitty-only fields are optional so tests can build keys tersely, and Ink's
 * own `Key` stays assignable to it.
 */
export interface InkKey {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageDown: boolean;
  pageUp: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  shift: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  meta: boolean;
  super?: boolean;
  hyper?: boolean;
  capsLock?: boolean;
  numLock?: boolean;
  eventType?: 'press' | 'repeat' | 'release';
}

// One visible character: no controls, format characters or whitespace (space is named `space`).
const PRINTABLE = /^[^\p{C}\s]$/u;

// Spellings people write in config files, mapped to the canonical name.
const ALIASES: Record<string, string> = {
  esc: 'escape', return: 'enter', cr: 'enter', ret: 'enter',
  pgup: 'pageup', 'page-up': 'pageup', page_up: 'pageup', prior: 'pageup',
  pgdn: 'pagedown', pgdown: 'pagedown', 'page-down': 'pagedown', page_down: 'pagedown', next: 'pagedown',
  del: 'delete', bs: 'backspace', spc: 'space', spacebar: 'space',
  backtab: 'shift+tab', 's-tab': 'shift+tab', 'shift-tab': 'shift+tab',
  arrowup: 'up', arrowdown: 'down', arrowleft: 'left', arrowright: 'right',
};

/**
 * Returns the canonical form of a key name written by a person (`Esc` → `escape`, `C-d` and
 * `Ctrl+D` → `ctrl+d`, `PgDn` → `pagedown`), or null when it names no key we can bind.
 */
export function normalizeKeyName(raw: string): string | null {
  if ([...raw].length === 1) {
    if (raw === ' ') return 'space';
    return PRINTABLE.test(raw) ? raw : null;
  }
  const lower = raw.trim().toLowerCase();
  if (lower.length === 0) return null;
  if ([...raw.trim()].length === 1) return normalizeKeyName(raw.trim());
  const ctrl = /^(?:ctrl|control|c)[+-]([a-z])$/.exec(lower) ?? /^\^([a-z])$/.exec(lower);
  if (ctrl) return `ctrl+${ctrl[1]}`;
  if (/^f(?:[1-9]|1[0-2])$/.test(lower)) return lower;
  const canonical = ALIASES[lower] ?? lower;
  return (NAMED_KEYS as readonly string[]).includes(canonical) ? canonical : null;
}

// Ctrl+letters a terminal sends as the byte of another key: they arrive as that key (see
// keyFromInk), never as themselves.
const SENT_AS: Record<string, string> = {'ctrl+h': 'Backspace', 'ctrl+i': 'Tab', 'ctrl+j': 'Enter', 'ctrl+m': 'Enter'};

/**
 * Why the canonical key name `key` can never be pressed, or null when it can: Ctrl+H, Ctrl+I,
 * Ctrl+J and Ctrl+M are BS, TAB, LF and CR, which the input reads as Backspace, Tab and Enter.
 * Bound to an action, such a key would do what Enter (or Tab, Backspace) does instead.
 */
export function unpressableReason(key: string): string | null {
  const as = SENT_AS[key];
  return as === undefined ? null : `is what the terminal sends for ${as}; it cannot be bound`;
}

/** True when `key` is already a canonical key name. */
export function isKeyName(key: string): boolean {
  return normalizeKeyName(key) === key;
}

/** True for a key that types a character (such keys are text inside a text-entry overlay). */
export function isPrintableKey(key: string): boolean {
  return key === 'space' || PRINTABLE.test(key);
}

const LABELS: Record<string, string> = {
  escape: 'esc', pageup: 'pgup', pagedown: 'pgdn', up: '↑', down: '↓', left: '←', right: '→',
};

/** A short display label for a canonical key name (`escape` → `esc`, `down` → `↓`). */
export function keyLabel(key: string): string {
  return LABELS[key] ?? key;
}

/**
 * Converts one Ink `useInput` event into a canonical key name, or null when it is not a single
 * bindable key (a key release, an Alt combination, a multi-character paste, a bare modifier).
 * An arrow, page key, Backspace or Delete keeps its name with Alt held: xterm reports Alt+↑ as a
 * modified arrow.
 *
 * Ink reports uppercase letters as `input: 'G'` with `shift: true`; the character already carries
 * the case, so the shift flag is ignored for characters. Ink reports Ctrl+letter as the lowercase
 * letter with `ctrl: true`, and gives no flag or input for F1–F12, so function keys never arrive
 * through `useInput` even though they are valid names.
 */
export function keyFromInk(input: string, key: InkKey): string | null {
  if (key.eventType === 'release') return null;
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  // Alt+Backspace and Alt+Delete edit as the keys do (ESC DEL is "delete word" in shells).
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  // ESC and a key in one read: `splitChunk` makes it two presses first, so one that reaches here
  // is no key at all (Alt+F1 among them). Above all never `enter`: Esc then Enter in one read
  // (tmux's escape-time, a slow link) confirmed the rollback the Esc was pressed to cancel.
  if (key.meta) return null;
  // A burst of Enters read in one chunk (a double press over a slow link, key repeat) is ONE
  // Enter: a confirmation must never fire twice, and dropping the burst would lose the press.
  if (key.return || /^[\r\n]+$/.test(input)) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.ctrl) return /^[a-z]$/i.test(input) ? `ctrl+${input.toLowerCase()}` : null;
  if (input === ' ') return 'space';
  return PRINTABLE.test(input) ? input : null;
}
