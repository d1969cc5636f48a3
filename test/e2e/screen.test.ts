/** The screen readers and the tmux command builder the end-to-end test relies on. */
import {describe, expect, it} from 'vitest';
import {shellQuote, withEnv} from '../helpers/tmux.ts';
import {borderStyle, colourSgrs, firstBackground, focusedPane, helpPosition, helpRows, sliceCells} from './screen.ts';

describe('colourSgrs', () => {
  it('finds 16-colour, 256-colour and RGB foregrounds and backgrounds', () => {
    const line = '\x1b[1m\x1b[31mA\x1b[46mB\x1b[38;5;140mC\x1b[48;2;36;41;47mD\x1b[91mE\x1b[0m';
    expect(colourSgrs(line)).toEqual(['\x1b[31m', '\x1b[46m', '\x1b[38;5;140m', '\x1b[48;2;36;41;47m', '\x1b[91m']);
  });

  it('accepts resets, bold, inverse and strike-through as colourless', () => {
    expect(colourSgrs('\x1b[1m\x1b[0m\x1b[39m\x1b[49m\x1b[7m\x1b[0;9m\x1b[1;9m\x1b[m')).toEqual([]);
  });
});

describe('firstBackground', () => {
  it('returns the first background in any of its forms', () => {
    expect(firstBackground('\x1b[1m\x1b[30m\x1b[46m oncall')).toBe('46');
    expect(firstBackground('\x1b[1;38;5;231;48;5;59m oncall')).toBe('48;5;59');
    expect(firstBackground('\x1b[38;2;1;2;3m\x1b[48;2;36;41;47mx')).toBe('48;2;36;41;47');
    expect(firstBackground('\x1b[1mplain')).toBeNull();
  });
});

describe('sliceCells', () => {
  it('cuts by terminal cells, wide characters included', () => {
    expect(sliceCells('║› ✖ PAGE║', 1, 8)).toBe('› ✖ PAGE');
    expect(sliceCells('ab漢字cd', 2, 4)).toBe('漢字');
    expect(sliceCells('ab漢字cd', 3, 4)).toBe('字c');
  });
});

describe('pane and help readers', () => {
  it('reads the focus marker and the border style', () => {
    expect(focusedPane('║▶ 2 Alerts (12)')).toBe('alerts');
    expect(focusedPane('│  1 SLOs (10)')).toBeNull();
    expect(borderStyle(['╔════╗'])).toBe('double');
    expect(borderStyle(['┌────┐'])).toBe('single');
    expect(borderStyle([])).toBeNull();
  });

  it('reads the help scroll position and splits help rows at the key column', () => {
    expect(helpPosition('║Keys  (? or Esc to close, j/k to scroll)  13-31/32   ║')).toEqual({first: 13, last: 31, total: 32});
    expect(helpPosition('║Keys  (? or Esc to close, j/k to scroll)            ║')).toBeNull();
    const row = `║  ${'q, ctrl+c'.padEnd(16)} Quit (everywhere)          ║`;
    expect(helpRows([row, '║General      ║'], 80)).toEqual([{keys: 'q, ctrl+c', text: 'Quit (everywhere)'}]);
  });
});

describe('tmux command line', () => {
  it('quotes words for the shell only when needed', () => {
    expect(shellQuote('dist/oncall.mjs')).toBe('dist/oncall.mjs');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });

  it('unsets CI, the colour and locale variables unless given, sets a UTF-8 LANG and the rest', () => {
    expect(withEnv('node app', {NO_COLOR: '1', XDG_CONFIG_HOME: 'a b'})).toBe(
      "env -u CI -u FORCE_COLOR -u COLORTERM -u TMUX -u TMUX_PANE -u LC_ALL -u LC_CTYPE -u ONCALL_GLYPHS LANG=C.UTF-8 NO_COLOR=1 'XDG_CONFIG_HOME=a b' node app",
    );
    expect(withEnv('x', {LANG: null})).toBe('env -u CI -u NO_COLOR -u FORCE_COLOR -u COLORTERM -u TMUX -u TMUX_PANE -u LC_ALL -u LC_CTYPE -u ONCALL_GLYPHS -u LANG x');
    expect(withEnv('x', {LANG: 'C', LC_CTYPE: 'C'})).toBe('env -u CI -u NO_COLOR -u FORCE_COLOR -u COLORTERM -u TMUX -u TMUX_PANE -u LC_ALL -u ONCALL_GLYPHS LANG=C LC_CTYPE=C x');
  });
});
