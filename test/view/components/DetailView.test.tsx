import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {DetailView} from '../../../src/view/components/DetailView.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import type {DetailLine} from '../../../src/view/rows/detail-lines.ts';

afterEach(() => {
  cleanup();
});

const lines: DetailLine[] = [
  {label: 'deploy', value: 'checkout v2.14.0', tone: 'accent'},
  {label: '', value: 'labels'},
  ...Array.from({length: 10}, (_, i) => ({label: `  key-${i}`, value: `value-${i}`})),
];

describe('DetailView', () => {
  it('draws labels in a 14-cell column and section headings on their own', () => {
    const frame = render(<DetailView title="Deploy details" lines={lines} width={60} height={20} scroll={0} palette={noColorPalette} />).lastFrame()!;
    const rows = frame.split('\n');
    expect(rows).toHaveLength(20);
    expect(rows[1]).toBe(`║${'Deploy details  (Esc back, j/k scroll)'.padEnd(58)}║`);
    expect(rows[2]).toBe(`║${'deploy         checkout v2.14.0'.padEnd(58)}║`);
    expect(rows[3]).toBe(`║${'labels'.padEnd(58)}║`);
    expect(rows[4]).toBe(`║${'  key-0        value-0'.padEnd(58)}║`);
  });

  it('scrolls within the lines and shows the position when they do not fit', () => {
    const frame = render(<DetailView title="Deploy details" lines={lines} width={60} height={8} scroll={3} palette={noColorPalette} />).lastFrame()!;
    const rows = frame.split('\n');
    expect(rows).toHaveLength(8);
    expect(rows[1]).toContain('Deploy details  (Esc back, j/k scroll)  4-8/12');
    expect(rows[2]).toContain('  key-1        value-1');
    expect(frame).not.toContain('checkout v2.14.0');
  });

  it('clamps a scroll past the end to the last page', () => {
    const frame = render(<DetailView title="T" lines={lines} width={60} height={8} scroll={99} palette={noColorPalette} />).lastFrame()!;
    expect(frame).toContain('8-12/12');
    expect(frame).toContain('value-9');
  });
});
