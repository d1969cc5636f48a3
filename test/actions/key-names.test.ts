import {describe, expect, it} from 'vitest';
import {isKeyName, isPrintableKey, keyFromInk, keyLabel, normalizeKeyName, type InkKey} from '../../src/actions/key-names.ts';

const none: InkKey = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false,
};
const k = (over: Partial<InkKey>): InkKey => ({...none, ...over});

describe('keyFromInk', () => {
  it('keeps the case of letters and ignores the shift flag Ink sets on uppercase input', () => {
    expect(keyFromInk('g', none)).toBe('g');
    expect(keyFromInk('G', k({shift: true}))).toBe('G');
    expect(keyFromInk('?', none)).toBe('?');
    expect(keyFromInk('1', none)).toBe('1');
  });

  it('names the special keys', () => {
    expect(keyFromInk('', k({upArrow: true}))).toBe('up');
    expect(keyFromInk('', k({downArrow: true}))).toBe('down');
    expect(keyFromInk('', k({leftArrow: true}))).toBe('left');
    expect(keyFromInk('', k({rightArrow: true}))).toBe('right');
    expect(keyFromInk('', k({pageUp: true}))).toBe('pageup');
    expect(keyFromInk('', k({pageDown: true}))).toBe('pagedown');
    expect(keyFromInk('', k({home: true}))).toBe('home');
    expect(keyFromInk('', k({end: true}))).toBe('end');
    expect(keyFromInk('\r', k({return: true}))).toBe('enter');
    expect(keyFromInk('\n', none)).toBe('enter');
    expect(keyFromInk('', k({escape: true}))).toBe('escape');
    expect(keyFromInk('', k({tab: true}))).toBe('tab');
    expect(keyFromInk('', k({tab: true, shift: true}))).toBe('shift+tab');
    expect(keyFromInk('', k({backspace: true}))).toBe('backspace');
    expect(keyFromInk('', k({delete: true}))).toBe('delete');
    expect(keyFromInk(' ', none)).toBe('space');
  });

  it('turns Ctrl+letter (reported as the lowercase letter) into ctrl+x', () => {
    expect(keyFromInk('d', k({ctrl: true}))).toBe('ctrl+d');
    expect(keyFromInk('c', k({ctrl: true}))).toBe('ctrl+c');
  });

  it('returns null for what is not one bindable key', () => {
    expect(keyFromInk('x', k({meta: true}))).toBeNull();
    // ESC and Enter in one read: never Enter (splitChunk makes it Esc, then Enter).
    expect(keyFromInk('', k({return: true, meta: true}))).toBeNull();
    expect(keyFromInk('', k({upArrow: true, meta: true}))).toBe('up');
    expect(keyFromInk('abc', none)).toBeNull();
    expect(keyFromInk('', none)).toBeNull();
    expect(keyFromInk('j', k({eventType: 'release'}))).toBeNull();
    expect(keyFromInk('\u0007', none)).toBeNull();
  });
});

describe('normalizeKeyName', () => {
  it('accepts canonical names unchanged', () => {
    for (const name of ['q', 'G', '/', 'enter', 'escape', 'shift+tab', 'pagedown', 'ctrl+d', 'f1', 'f12', 'space']) {
      expect(normalizeKeyName(name)).toBe(name);
      expect(isKeyName(name)).toBe(true);
    }
  });

  it('maps common spellings to canonical names', () => {
    expect(normalizeKeyName('Esc')).toBe('escape');
    expect(normalizeKeyName('Return')).toBe('enter');
    expect(normalizeKeyName('PgDn')).toBe('pagedown');
    expect(normalizeKeyName('Ctrl+D')).toBe('ctrl+d');
    expect(normalizeKeyName('C-x')).toBe('ctrl+x');
    expect(normalizeKeyName('^u')).toBe('ctrl+u');
    expect(normalizeKeyName(' ')).toBe('space');
    expect(normalizeKeyName(' q ')).toBe('q');
    expect(isKeyName('Esc')).toBe(false);
  });

  it('rejects what names no key', () => {
    for (const bad of ['', 'ctrl+', 'ctrl+1', 'f13', 'enterr', 'alt+x', '\u001b', 'ab']) expect(normalizeKeyName(bad)).toBeNull();
  });
});

describe('labels and printable keys', () => {
  it('shortens long names for display', () => {
    expect(keyLabel('escape')).toBe('esc');
    expect(keyLabel('pagedown')).toBe('pgdn');
    expect(keyLabel('down')).toBe('↓');
    expect(keyLabel('ctrl+d')).toBe('ctrl+d');
    expect(keyLabel('G')).toBe('G');
  });

  it('knows which keys type a character', () => {
    expect(isPrintableKey('q')).toBe(true);
    expect(isPrintableKey('space')).toBe(true);
    expect(isPrintableKey('enter')).toBe(false);
    expect(isPrintableKey('ctrl+x')).toBe(false);
  });
});

describe('keyFromInk with a burst of Enters', () => {
  it('reads several Enters arriving in one chunk as one Enter, never as text', () => {
    expect(keyFromInk('\r\r', none)).toBe('enter');
    expect(keyFromInk('\r\r\r\r', none)).toBe('enter');
    expect(keyFromInk('a\r', none)).toBe(null);
  });
});
