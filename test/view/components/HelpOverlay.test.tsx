import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {helpSections} from '../../../src/actions/help-sections.ts';
import {defaultKeymap, type ActionContext} from '../../../src/actions/keymap.ts';
import {createRegistry} from '../../../src/actions/registry.ts';
import {HelpOverlay} from '../../../src/view/components/HelpOverlay.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {helpLayout} from '../../../src/view/help-layout.ts';

afterEach(() => {
  cleanup();
});

const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: false, selection: null};
const {registry} = createRegistry(defaultKeymap, {}, {readOnly: false});
const sections = helpSections(registry, ctx, 'alerts');

describe('HelpOverlay', () => {
  it('draws every binding from the registry, the focused pane first, wrapped rather than cut', () => {
    const lines = helpLayout(sections, 100, 200).lines;
    const frame = render(<HelpOverlay sections={sections} width={100} height={lines.length + 3} scroll={0} palette={noColorPalette} />).lastFrame()!;
    const rows = frame.split('\n');
    expect(rows[1]).toBe(`║Keys  (? or Esc to close, j/k to scroll)${' '.repeat(58)}║`);
    // A reason several rows share is said once, after the title (wrapped), and left off the rows.
    expect(rows[2]).toMatch(/^║Alerts pane \(focused\) — select an alert first: a, A, u, o disabled; nothing selected: enter, y, c +║$/);
    expect(rows[3]).toMatch(/^║disabled +║$/);
    expect(rows[4]).toMatch(/^║ {2}a {14}Acknowledge the selected alert \(a short silence\) +║$/);
    expect(rows[5]).toMatch(/^║ {2}A {14}Acknowledge every alert in the selected alert's group +║$/);
    expect(rows[6]).toMatch(/^║ {2}u {14}Remove your ack \(its silences\); others' only after asking +║$/);
    expect(frame).toMatch(/║ {2}q, ctrl\+c {6}Quit +║/);
    // The rollback row is longer than the line: it continues under its text, nothing is cut.
    const at = rows.findIndex((l) => l.includes('  R   '));
    expect(rows[at]).toMatch(/Roll back the selected or suspect deploy \[dangerous\] — disabled: no rollback +║$/);
    expect(rows[at + 1]).toMatch(/^║ {17}backend is configured +║$/);
    expect(frame).not.toContain('…');
    for (const line of rows) expect(line.length).toBe(100);
  });

  it('scrolls and shows the position when the lines do not fit', () => {
    const total = helpLayout(sections, 100, 8).lines.length;
    const frame = render(<HelpOverlay sections={sections} width={100} height={8} scroll={3} palette={noColorPalette} />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toContain(`Keys  (? or Esc to close, j/k to scroll)  4-8/${total}`);
    expect(frame).not.toContain('Alerts pane (focused)');
  });

  it('ends with the footer line (the glyph mode), one binding line fewer per page', () => {
    const footer = 'glyphs: ascii (LANG=C; --glyphs unicode to override)';
    const total = helpLayout(sections, 100, 8, 1).lines.length;
    const frame = render(<HelpOverlay sections={sections} width={100} height={8} scroll={3} palette={noColorPalette} footer={footer} />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toContain(`Keys  (? or Esc to close, j/k to scroll)  4-7/${total}`);
    expect(lines[6]).toBe(`║${footer}${' '.repeat(98 - footer.length)}║`);
    expect(helpLayout(sections, 100, 8, 1).body).toBe(helpLayout(sections, 100, 8).body - 1);
  });

  it('flows into two columns on a wide window when one would scroll, each line within its column', () => {
    const layout = helpLayout(sections, 160, 20);
    expect(layout).toMatchObject({columns: 2, columnWidth: 78, body: 17});
    for (const line of layout.lines) {
      const width = line.kind === 'title' ? line.text.length : layout.keyWidth + 1 + line.spans.reduce((n, s) => n + s.text.length, 0);
      expect(width).toBeLessThanOrEqual(78);
    }
    // Everything fits one column: no second one.
    expect(helpLayout(sections, 160, 60).columns).toBe(1);
    // Too narrow for two readable columns: one, scrolled.
    expect(helpLayout(sections, 100, 20).columns).toBe(1);
  });
});
