import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {helpSections} from '../../../src/actions/key-hints.ts';
import {defaultKeymap, type ActionContext} from '../../../src/actions/keymap.ts';
import {createRegistry} from '../../../src/actions/registry.ts';
import {helpLines, HelpOverlay} from '../../../src/view/components/HelpOverlay.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';

afterEach(() => {
  cleanup();
});

const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: false, selection: null};
const {registry} = createRegistry(defaultKeymap, {}, {readOnly: false});
const sections = helpSections(registry, ctx);

describe('helpLines', () => {
  it('flattens sections into titles and rows with the scope, danger and disabled note', () => {
    const lines = helpLines([
      {title: 'General', rows: [{keys: '?', description: 'Show help', where: 'everywhere', disabled: null, dangerous: false} as never]},
      {title: 'Deploys', rows: [{keys: 'R', description: 'Roll back', where: 'deploys pane', disabled: 'no rollback backend', dangerous: true} as never]},
    ]);
    expect(lines).toEqual([
      {kind: 'title', text: 'General'},
      {kind: 'row', keys: '?', text: 'Show help (everywhere)', note: null, dangerous: false},
      {kind: 'title', text: 'Deploys'},
      {kind: 'row', keys: 'R', text: 'Roll back (deploys pane)', note: 'no rollback backend', dangerous: true},
    ]);
  });
});

describe('HelpOverlay', () => {
  it('draws every binding from the registry, with dangerous and disabled actions marked', () => {
    const lines = helpLines(sections);
    const frame = render(<HelpOverlay sections={sections} width={100} height={lines.length + 3} scroll={0} palette={noColorPalette} />).lastFrame()!;
    expect(frame.split('\n')[1]).toBe(`║Keys  (? or Esc to close, j/k to scroll)${' '.repeat(58)}║`);
    expect(frame).toContain('General');
    expect(frame).toMatch(/║ {2}\? +Show or hide this help \(/);
    expect(frame).toContain('║  q, ctrl+c        Quit (everywhere)');
    expect(frame).toContain('║  2                Focus the alerts pane (everywhere)');
    expect(frame).toContain('║  R                Roll back the selected deploy, or the suspect deploy of the selected alert or …║');
    expect(frame).toContain('║  enter            Open the details of the selected row (any pane) — disabled: nothing selected');
    // Every line stays inside the box.
    for (const line of frame.split('\n')) expect(line.length).toBe(100);
  });

  it('scrolls and shows the position when the lines do not fit', () => {
    const total = helpLines(sections).length;
    const frame = render(<HelpOverlay sections={sections} width={100} height={8} scroll={3} palette={noColorPalette} />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toContain(`Keys  (? or Esc to close, j/k to scroll)  4-8/${total}`);
    expect(frame).not.toContain('Show or hide this help');
  });
});
