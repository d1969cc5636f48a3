import {describe, expect, it} from 'vitest';
import {cellWidth, fit, truncate, wrapText} from '../../src/view/text-fit.ts';

describe('cellWidth', () => {
  it('counts wide CJK and emoji as two cells, combining marks as none', () => {
    expect(cellWidth('abc')).toBe(3);
    expect(cellWidth('日本語')).toBe(6);
    expect(cellWidth('🔥')).toBe(2);
    expect(cellWidth('👩‍👩‍👧')).toBe(2);
    expect(cellWidth('e\u0301')).toBe(1);
  });
});

describe('truncate', () => {
  it('leaves text that fits untouched', () => {
    expect(truncate('checkout', 8)).toBe('checkout');
    expect(truncate('日本語', 6)).toBe('日本語');
  });

  it('cuts with an ellipsis so the result is at most the width', () => {
    expect(truncate('checkout-availability', 10)).toBe('checkout-…');
    expect(truncate('abc', 1)).toBe('…');
    expect(truncate('abc', 0)).toBe('');
    expect(truncate('abc', -3)).toBe('');
  });

  it('never splits a wide character: one cell short is left empty rather than half a glyph', () => {
    expect(truncate('日本語テキスト', 5)).toBe('日本…');
    expect(cellWidth(truncate('日本語テキスト', 5))).toBe(5);
    expect(truncate('日本語テキスト', 6)).toBe('日本…');
    expect(cellWidth(truncate('日本語テキスト', 6))).toBe(5);
  });

  it('keeps emoji sequences and combining marks whole', () => {
    expect(truncate('👩‍👩‍👧 family alert', 4)).toBe('👩‍👩‍👧 …');
    expect(truncate('🔥🔥🔥', 4)).toBe('🔥…');
    expect(truncate('cafe\u0301 au lait', 5)).toBe('cafe\u0301…');
  });
});

describe('fit', () => {
  it('pads to exactly the width, left or right aligned', () => {
    expect(fit('ok', 5)).toBe('ok   ');
    expect(fit('42s', 5, 'right')).toBe('  42s');
    expect(fit('', 3)).toBe('   ');
  });

  it('truncates and pads wide text to exactly the width in cells', () => {
    for (const [text, width] of [['日本語テキスト', 6], ['日本語テキスト', 7], ['🔥 burn', 4], ['👩‍👩‍👧x', 3], ['abc', 2]] as const) {
      expect(cellWidth(fit(text, width))).toBe(width);
      expect(cellWidth(fit(text, width, 'right'))).toBe(width);
    }
    expect(fit('日本語テキスト', 6)).toBe('日本… ');
    expect(fit('日本語テキスト', 6, 'right')).toBe(' 日本…');
  });
});

describe('wrapText', () => {
  it('breaks by cell width, keeps wide characters whole, and marks a cut', () => {
    expect(wrapText('abcdefgh', 3, 5)).toEqual(['abc', 'def', 'gh']);
    expect(wrapText('日本語テキスト', 4, 5)).toEqual(['日本', '語テ', 'キス', 'ト']);
    expect(wrapText('abcdefghij', 3, 2)).toEqual(['abc', 'de…']);
    expect(wrapText('', 3, 2)).toEqual([]);
  });
});
