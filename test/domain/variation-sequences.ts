/**
 * Real text whose selectors or joiner act on the character before them (and are drawn as part
 * of it), and the same characters where they act on nothing. The first must pass everywhere as
 * they are (drawn, JSON, shell words, typed text, links); the second are as invisible as a
 * zero-width space, and escaped or dropped like one.
 */

/** 葛 + U+E0100: the 葛 of the Tokyo ward Katsushika (葛飾区), from the Ideographic Variation Database. */
export const KATSUSHIKA = '葛\u{E0100}飾区';

/** Each names what its selector or joiner does there. */
export const VARIATION_SEQUENCES = [
  KATSUSHIKA,
  // ∩ with serifs, a standardized variant of a math symbol.
  'A \u2229\ufe00 B',
  // A CJK compatibility ideograph written as its unified one + U+FE00.
  '\u8c48\ufe00',
  // Myanmar letter KA, dotted form.
  '\u1000\ufe00',
  // Mongolian A + FVS1, then NA.
  '\u1820\u180b\u1828',
  // Hebrew ALEF with QAMATS, CGJ, PATAH: the joiner keeps the two points in this order.
  '\u05d0\u05b8\u034f\u05b7',
  // Keycaps and emoji.
  '1\ufe0f\u20e3 #\ufe0f\u20e3 \u2764\ufe0f',
] as const;

/** The same selectors and joiner after (or before) something they do not act on. */
export const STRAY_SELECTORS = [
  'checkout\u{E0100}',
  '葛\u{E0100}\u{E0100}',
  'a\ufe00',
  'x+\ufe00',
  'checkout\u180b',
  'checkout\u034f',
  '\u00e9\u034f',
  'checkout-2\ufe0f',
] as const;
