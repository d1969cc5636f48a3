import {describe, expect, it} from 'vitest';
import {sanitize} from '../../src/domain/sanitize.ts';
import {alertTable} from '../../src/view/rows/alert-rows.ts';
import {cellWidth} from '../../src/view/text-fit.ts';
import {toAscii} from '../../src/platform/ascii-glyphs.ts';
import {INVISIBLE, rawControl} from '../view/hostile.ts';
import {makeAlert} from './alert-fixture.ts';
import {KATSUSHIKA, STRAY_SELECTORS, VARIATION_SEQUENCES} from './variation-sequences.ts';

const hex = (ch: string) => `U+${ch.codePointAt(0)!.toString(16)}`;

describe('sanitize and invisible format characters', () => {
  it('escapes every one of them visibly, so none survives into text or an alert row', () => {
    for (const ch of INVISIBLE) {
      const name = `Checkout${ch}Down`;
      const out = sanitize(name);
      expect.soft(rawControl(out), `${hex(ch)} in sanitize`).toBeNull();
      expect.soft(out, hex(ch)).toMatch(/^Checkout\\(x[0-9a-f]{2}|u[0-9a-f]{4}|u\{[0-9a-f]+\})Down$/);
      const rows = alertTable([makeAlert({fingerprint: 'f', name, labels: {alertname: name}})], 0, ['alertname']).rows;
      const drawn = rows.flatMap((r) => r.cells.map((c) => c.text)).join(' ');
      expect.soft(rawControl(drawn), `${hex(ch)} in a row`).toBeNull();
    }
  });

  it('writes each as its code point: \\x for one byte, \\u for the BMP, \\u{} beyond it', () => {
    expect(sanitize('a\u00adb')).toBe('a\\xadb');
    expect(sanitize('a\u180eb')).toBe('a\\u180eb');
    expect(sanitize('a\ufffbb')).toBe('a\\ufffbb');
    // One escape for the whole code point, never one per surrogate half.
    expect(sanitize('a\u{e0041}b')).toBe('a\\u{e0041}b');
  });

  it('gives escapes whose width is their length, the same in ASCII glyph mode', () => {
    for (const ch of INVISIBLE) {
      const out = sanitize(`x${ch}y`);
      expect.soft(cellWidth(out), hex(ch)).toBe(out.length);
      expect.soft(toAscii(out), hex(ch)).toBe(out);
    }
  });

  it('keeps what it kept before: controls, bidi, tabs and newlines', () => {
    expect(sanitize('a\x1bb\x07c\u202ed\u200be\tf\ng')).toBe('a␛b\\x07c\\u202ed\\u200be f↵g');
    expect(sanitize('a\nb\r\nc', true)).toBe('a\nb\\x0d\nc');
    expect(sanitize('plain ✔ text — 中文 😀')).toBe('plain ✔ text — 中文 😀');
  });
});

describe('sanitize and invisible characters outside \\p{Cf}', () => {
  it('escapes the default-ignorable ones: grapheme joiner, Hangul fillers, Khmer vowels, Mongolian selectors', () => {
    expect(sanitize('checkout\u034f')).toBe('checkout\\u034f');
    expect(sanitize('a\u115f\u1160b\u3164c\uffa0d')).toBe('a\\u115f\\u1160b\\u3164c\\uffa0d');
    expect(sanitize('a\u17b4\u17b5b\u180bc\u180fd')).toBe('a\\u17b4\\u17b5b\\u180bc\\u180fd');
    expect(sanitize('a\ufe00b\u{e0100}c')).toBe('a\\ufe00b\\u{e0100}c');
  });

  it("keeps an emoji's variation selector, and escapes one that follows no emoji", () => {
    expect(sanitize('ok \u2764\ufe0f \u263a\ufe0e')).toBe('ok \u2764\ufe0f \u263a\ufe0e');
    expect(sanitize('checkout\ufe0f')).toBe('checkout\\ufe0f');
    expect(sanitize('\u2764\ufe0f\ufe0f')).toBe('\u2764\ufe0f\\ufe0f');
  });

  it('does not draw a service with an invisible joiner as the plain one', () => {
    const a = makeAlert({fingerprint: 'a', name: 'HighErrors', labels: {alertname: 'HighErrors', service: 'checkout'}});
    const b = makeAlert({fingerprint: 'b', name: 'HighErrors', labels: {alertname: 'HighErrors', service: 'checkout\u034f'}});
    const drawn = alertTable([a, b], 0, ['alertname', 'service']).rows.flatMap((r) => r.cells.map((c) => c.text)).join('\n');
    expect(drawn).toContain('checkout\\u034f');
    expect(drawn).not.toContain('\u034f');
  });
});

describe('sanitize and a variation selector after a digit, # or *', () => {
  // These are \p{Emoji} as keycap bases: the selector picks a look only in a keycap (U+20E3 next).
  it('escapes one that makes no keycap, so checkout-2 + U+FE0F is not drawn as checkout-2', () => {
    expect(sanitize('checkout-2\ufe0f')).toBe('checkout-2\\ufe0f');
    expect(sanitize('v1.2.3\ufe0e #\ufe0f *\ufe0f')).toBe('v1.2.3\\ufe0e #\\ufe0f *\\ufe0f');
    const a = makeAlert({fingerprint: 'a', name: 'HighErrors', labels: {alertname: 'HighErrors', service: 'checkout-2'}});
    const b = makeAlert({fingerprint: 'b', name: 'HighErrors', labels: {alertname: 'HighErrors', service: 'checkout-2\ufe0f'}});
    const drawn = alertTable([a, b], 0, ['alertname', 'service']).rows.flatMap((r) => r.cells.map((c) => c.text)).join('\n');
    expect(drawn).toContain('checkout-2\\ufe0f');
    expect(drawn).not.toContain('\ufe0f');
  });

  it('measures a version with one as wide as it is drawn: the escape, one cell a character', () => {
    const shown = sanitize('v1.2.3\ufe0f');
    expect(cellWidth(shown)).toBe(shown.length);
  });

  it('keeps a keycap and an emoji as they are', () => {
    const kept = '1\ufe0f\u20e3 #\ufe0f\u20e3 *\ufe0e\u20e3 \u2764\ufe0f \u00a9\ufe0f';
    expect(sanitize(kept)).toBe(kept);
  });
});

describe('sanitize and the variation sequences real text needs', () => {
  it('draws each as it is: an ideographic variation, a standardized variant, Mongolian, a grapheme joiner between marks', () => {
    for (const text of VARIATION_SEQUENCES) expect.soft(sanitize(text), JSON.stringify(text)).toBe(text);
    const row = alertTable([makeAlert({fingerprint: 'k', name: 'DiskFull', labels: {alertname: 'DiskFull', office: KATSUSHIKA}})], 0, ['alertname', 'office']).rows;
    expect(row.flatMap((r) => r.cells.map((c) => c.text)).join(' ')).toContain(KATSUSHIKA);
  });

  it('measures one as a terminal draws it: the selector adds no cell', () => {
    expect(cellWidth(KATSUSHIKA)).toBe(6);
    expect(cellWidth('\u1820\u180b\u1828')).toBe(cellWidth('\u1820\u1828'));
  });

  it('escapes the same characters where they act on nothing', () => {
    for (const text of STRAY_SELECTORS) expect.soft(rawControl(sanitize(text)), JSON.stringify(text)).toBeNull();
    expect(sanitize('checkout\u{e0100} 葛\u{e0100}\u{e0100} x+\ufe00 \u00e9\u034f')).toBe('checkout\\u{e0100} 葛\u{e0100}\\u{e0100} x+\\ufe00 \u00e9\\u034f');
  });
});
