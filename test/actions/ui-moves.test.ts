import {describe, expect, it} from 'vitest';
import {moveIndex, moveScroll} from '../../src/actions/ui-moves.ts';

describe('moveIndex', () => {
  it('moves and clamps within the rows', () => {
    expect(moveIndex(0, 'down', 3, 10)).toBe(1);
    expect(moveIndex(2, 'down', 3, 10)).toBe(2);
    expect(moveIndex(0, 'up', 3, 10)).toBe(0);
    expect(moveIndex(1, 'pageDown', 30, 10)).toBe(11);
    expect(moveIndex(25, 'pageDown', 30, 10)).toBe(29);
    expect(moveIndex(5, 'pageUp', 30, 10)).toBe(0);
    expect(moveIndex(7, 'top', 30, 10)).toBe(0);
    expect(moveIndex(7, 'bottom', 30, 10)).toBe(29);
    expect(moveIndex(4, 'down', 0, 10)).toBe(0);
    expect(moveIndex(0, 'pageDown', 30, 0)).toBe(1);
  });
});

describe('moveScroll', () => {
  it('stops where the last line reaches the bottom when the length is known', () => {
    expect(moveScroll(0, 'bottom', 10, 25)).toBe(15);
    expect(moveScroll(14, 'pageDown', 10, 25)).toBe(15);
    expect(moveScroll(0, 'down', 10, 5)).toBe(0);
  });

  it('bounds only the top when the length is unknown', () => {
    expect(moveScroll(3, 'down', 10)).toBe(4);
    expect(moveScroll(3, 'pageUp', 10)).toBe(0);
    expect(moveScroll(3, 'bottom', 10)).toBe(3);
  });
});
