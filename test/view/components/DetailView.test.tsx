import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {DetailView, detailRows} from '../../../src/view/components/DetailView.tsx';
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

  it('keeps its pinned lines at the bottom whatever the scroll, and its title says the keys it is given', () => {
    const pinned: DetailLine[] = [{label: '', value: 'Type yes and Enter to ack anyway; Esc cancels.'}];
    for (const scroll of [0, 3, 99]) {
      const rows = render(<DetailView title="Ack" lines={lines} pinned={pinned} width={60} height={8} scroll={scroll} palette={noColorPalette} keys="Esc back, ↓/↑ scroll" />).lastFrame()!.split('\n');
      expect(rows).toHaveLength(8);
      expect(rows[6]).toBe(`║${'Type yes and Enter to ack anyway; Esc cancels.'.padEnd(58)}║`);
      expect(rows[1]).toContain('Ack  (Esc back, ↓/↑ scroll)  ');
    }
    // Four lines of the list in view: the last page starts at its 9th of 12.
    expect(render(<DetailView title="Ack" lines={lines} pinned={pinned} width={60} height={8} scroll={99} palette={noColorPalette} />).lastFrame()).toContain('9-12/12');
  });

  it('clamps a scroll past the end to the last page', () => {
    const frame = render(<DetailView title="T" lines={lines} width={60} height={8} scroll={99} palette={noColorPalette} />).lastFrame()!;
    expect(frame).toContain('8-12/12');
    expect(frame).toContain('value-9');
  });

  it('wraps a long value under its label instead of cutting it, and scrolls over the wrapped lines', () => {
    const query = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout"}[5m]))';
    const long: DetailLine[] = [{label: 'errors', value: query}, {label: 'total', value: 'short'}];
    const frame = render(<DetailView title="SLO details" lines={long} width={60} height={12} scroll={0} palette={noColorPalette} />).lastFrame()!;
    const rows = frame.split('\n').slice(2, 2 + detailRows(long, 60).length).map((r) => r.slice(1, -1));
    // 58 inside the borders: a 14-cell label, a space, 43 cells of value per line.
    expect(rows.map((r) => r.slice(0, 15))).toEqual(['errors         ', ' '.repeat(15), ' '.repeat(15), 'total          ']);
    expect(rows.slice(0, 3).map((r) => r.slice(15).trimEnd()).join('')).toBe(query);
    expect(frame).not.toContain('…');
    // The scroll position counts drawn lines.
    const small = render(<DetailView title="T" lines={long} width={60} height={5} scroll={9} palette={noColorPalette} />).lastFrame()!;
    expect(small).toContain('3-4/4');
    expect(small).toContain('total          short');
  });

  it('wraps headings and plain text (a runbook) to the width, and links every piece of a wrapped URL', () => {
    expect(detailRows([{label: '', value: 'x'.repeat(70)}], 30).map((r) => [r.kind, r.value.length])).toEqual([['heading', 28], ['heading', 28], ['heading', 14]]);
    expect(detailRows([{label: '', value: ''}], 30, true)).toEqual([{kind: 'plain', label: '', value: ''}]);
    const url = `https://runbooks.example/${'a'.repeat(60)}`;
    const pieces = detailRows([{label: 'runbook', value: url, link: url}], 40);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.link === url)).toBe(true);
    expect(pieces.map((p) => p.value).join('')).toBe(url);
  });
});
