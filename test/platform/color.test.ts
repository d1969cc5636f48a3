import {describe, expect, it} from 'vitest';
import {colorEnabled} from '../../src/platform/color.ts';

describe('colorEnabled', () => {
  it('follows the flag over everything else', () => {
    expect(colorEnabled({flag: true, env: {NO_COLOR: '1'}, isTTY: false})).toBe(true);
    expect(colorEnabled({flag: false, env: {FORCE_COLOR: '3'}, isTTY: true})).toBe(false);
  });

  it('follows config color: after the flag', () => {
    expect(colorEnabled({config: true, env: {NO_COLOR: '1'}, isTTY: false})).toBe(true);
    expect(colorEnabled({flag: true, config: false, env: {}, isTTY: false})).toBe(true);
  });

  it('turns colors off for a non-empty NO_COLOR, even over FORCE_COLOR', () => {
    expect(colorEnabled({env: {NO_COLOR: '1'}, isTTY: true})).toBe(false);
    expect(colorEnabled({env: {NO_COLOR: 'false', FORCE_COLOR: '1'}, isTTY: true})).toBe(false);
    expect(colorEnabled({env: {NO_COLOR: ''}, isTTY: true})).toBe(true);
  });

  it('reads FORCE_COLOR as chalk does', () => {
    expect(colorEnabled({env: {FORCE_COLOR: '1'}, isTTY: false})).toBe(true);
    expect(colorEnabled({env: {FORCE_COLOR: ''}, isTTY: false})).toBe(true);
    expect(colorEnabled({env: {FORCE_COLOR: '0'}, isTTY: true})).toBe(false);
    expect(colorEnabled({env: {FORCE_COLOR: 'false'}, isTTY: true})).toBe(false);
  });

  it('falls back to the terminal, except TERM=dumb', () => {
    expect(colorEnabled({env: {}, isTTY: true})).toBe(true);
    expect(colorEnabled({env: {}, isTTY: false})).toBe(false);
    expect(colorEnabled({env: {TERM: 'dumb'}, isTTY: true})).toBe(false);
  });
});
