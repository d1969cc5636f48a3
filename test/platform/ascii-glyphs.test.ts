/**
 * The ASCII transliteration for terminals without UTF-8: printable ASCII out, escape sequences
 * kept byte for byte, and every line exactly as wide as before (a frame laid out for Unicode
 * keeps its columns).
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {toAscii} from '../../src/platform/ascii-glyphs.ts';
import {fuzz} from '../fuzz/fuzz-run.ts';

// What the renderer writes between texts: colours, cursor moves, synchronized output, OSC 8 links.
const ESCAPES = ['\x1b[31m', '\x1b[0m', '\x1b[1;38;5;208m', '\x1b[48;2;10;20;30m', '\x1b[2K', '\x1b[3E', '\x1b[?2026h', '\x1b[?25l', '\x1b]8;;https://runbooks.example/checkout?x=1#a\x1b\\', '\x1b]8;;\x1b\\', '\x1b]8;;https://ci.example/run/7\x07'];
const ESCAPE_RE = new RegExp(ESCAPES.map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

// Glyphs the dashboard draws, and what backends send: accents, CJK, emoji, joiners, flags.
const GLYPHS = [...'│─┌┐└┘├┤┬┴┼╔═╗║╚╝╭╮╰╯✔✖⚠⚑●◆◇▲◐◔▁▂▃▄▅▆▇█░→←↑↓◀▶▸›…—–−×÷·∞≤≥≈⇡↶↻✎↵␛éÅñ¹½ﬁ中文한'].concat(['😀', '⚠️', 'e\u0301', '👩‍🚒', '🇺🇸', '\u200d', '\u00ad', '\ufe0f', '\u0085', 'Ａ']);

// Text as it reaches the output: anything but ESC and the C1 CSI, which only escapes bring.
const text = fc.oneof(
  fc.string({unit: 'binary', maxLength: 12}).map((s) => s.replace(/[\x1b\x9b]/g, '')),
  fc.string({unit: 'grapheme', maxLength: 8}),
  fc.constantFrom(...GLYPHS),
);
const frame = fc.array(fc.oneof(text, fc.constantFrom(...ESCAPES), fc.constant('\n'), fc.constant('\r\n')), {maxLength: 24}).map((parts) => parts.join(''));
// A dashboard's own frames: ASCII and the glyphs it draws (each its own cluster), no backend text.
const LONE = GLYPHS.filter((g) => [...g].every((c) => c.charCodeAt(0) < 0x3000 && !/\p{M}|[\u200d\ufe0f]/u.test(c)));
const ownFrame = fc.array(fc.oneof(fc.string({maxLength: 6}), fc.constantFrom(...LONE), fc.constantFrom(...ESCAPES), fc.constant('\n')), {maxLength: 40}).map((parts) => parts.join(''));

const widths = (s: string) => s.split('\n').map((line) => stringWidth(line));
const controls = (s: string) => s.replace(ESCAPE_RE, '').replace(/[^\x00-\x1f\x7f]/g, '');

describe('toAscii', () => {
  it('gives printable ASCII and the same escapes, each line as wide as before', () => {
    fuzz(800, [fc.oneof(frame, ownFrame)], (input) => {
      const out = toAscii(input);
      // The escapes, in order, byte for byte.
      expect(out.match(ESCAPE_RE) ?? []).toEqual(input.match(ESCAPE_RE) ?? []);
      const shown = out.replace(ESCAPE_RE, '');
      // Nothing outside ASCII; the only non-printable characters are the input's own controls.
      expect(shown).toMatch(/^[\x00-\x7f]*$/);
      expect(controls(out)).toBe(controls(input));
      expect(widths(out)).toEqual(widths(input));
    });
  });

  it('draws borders with | - + and keeps the focused double border apart with =', () => {
    expect(toAscii('┌─┐\n│x│\n└─┘')).toBe('+-+\n|x|\n+-+');
    expect(toAscii('╭──╮ ├┼┤ ╔══╗\n║ok║')).toBe('+--+ +++ +==+\n|ok|');
  });

  it('gives the status marks, sparkline and punctuation their fallbacks', () => {
    expect(toAscii('✔ OK  ✖ PAGE  ⚠ stale  ▲ TICKET  ⚑ SUSPECT  ◆ ACK')).toBe('+ OK  x PAGE  ! stale  ^ TICKET  ! SUSPECT  * ACK');
    expect(toAscii('▁▂▃▄▅▆▇█ █████░░░')).toBe('_.-=+*%# #####:::');
    expect(toAscii('checkout-ap… — 14.4× → ∞ ≤ 5m')).toBe('checkout-ap~ - 14.4x > * < 5m');
  });

  it('keeps letters under accents and compatibility forms, and marks the rest ? per cell', () => {
    expect(toAscii('Zoë Ångström e\u0301 ¹')).toBe('Zoe Angstrom e 1');
    expect(toAscii('中文 😀 🇺🇸|')).toBe('???? ?? ??|');
    expect(toAscii('⚠️!')).toBe('! !');
    expect(toAscii('a\u200db\u00adc\ufe0f')).toBe('abc');
  });

  it('passes colours and links through and changes only their text', () => {
    expect(toAscii('\x1b[31m✖\x1b[39m \x1b]8;;https://rb.example/a\x1b\\runbook…\x1b]8;;\x1b\\')).toBe('\x1b[31mx\x1b[39m \x1b]8;;https://rb.example/a\x1b\\runbook~\x1b]8;;\x1b\\');
    // ASCII (and its controls) is returned as it is.
    const ascii = '\x1b[2K\rplain\x07 text\n';
    expect(toAscii(ascii)).toBe(ascii);
  });
});
