import {describe, expect, it} from 'vitest';
import {helpScrollLines, wrapSpans, type HelpLayout} from '../../src/view/help-layout.ts';

describe('wrapSpans', () => {
  it('wraps at spaces, keeps tones per word and merges neighbours of one tone', () => {
    const lines = wrapSpans([{text: 'Roll back the deploy', tone: 'text'}, {text: '[dangerous]', tone: 'critical'}], 18);
    expect(lines).toEqual([
      [{text: 'Roll back the', tone: 'text'}],
      [{text: 'deploy', tone: 'text'}, {text: ' [dangerous]', tone: 'critical'}],
    ]);
  });

  it('breaks a word wider than the line instead of cutting it', () => {
    expect(wrapSpans([{text: 'https://runbooks.example.com/x', tone: 'accent'}], 12).map((l) => l.map((s) => s.text).join(''))).toEqual([
      'https://runb', 'ooks.example', '.com/x',
    ]);
  });
});

describe('helpScrollLines', () => {
  it('bounds scrolling by what one screen shows: one body per column', () => {
    const layout = (columns: number): HelpLayout => ({lines: Array.from({length: 50}, () => ({kind: 'title', text: 'x'})), columns, columnWidth: 60, body: 20, keyWidth: 16});
    expect(helpScrollLines(layout(1))).toBe(50);
    // The reducer stops at count − page = 30 − 20 = 10: lines 11..50 are the last two columns.
    expect(helpScrollLines(layout(2))).toBe(30);
  });
});
