import {describe, expect, it} from 'vitest';
import {sanitize} from '../../src/domain/sanitize.ts';
import {alertTable} from '../../src/view/rows/alert-rows.ts';
import {cellWidth} from '../../src/view/text-fit.ts';
import {toAscii} from '../../src/platform/ascii-glyphs.ts';
import {INVISIBLE, rawControl} from '../view/hostile.ts';
import {makeAlert} from './alert-fixture.ts';

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
