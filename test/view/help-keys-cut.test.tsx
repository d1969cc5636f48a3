/**
 * The `?` overlay drew each binding's keys in a fixed column (16 cells, less on a narrow window)
 * and cut what did not fit with `…`: a third key from `keys:` (`q, ctrl+c, ct…`), or on a narrow
 * window a default second key (`pgdn, ctr…`), was not shown at all, in the one place a user looks
 * keys up. A key list now wraps after a `,` onto the row's next line, and the column widens to
 * the widest single key, so every key reads whole.
 */
import {describe, expect, it} from 'vitest';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {helpLayout, wrapKeys} from '../../src/view/help-layout.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null};

async function helpFrames(columns: number, rows: number, keyOverrides: Record<string, unknown>): Promise<string[]> {
  const demo = createDemoEnvironment({now: () => Date.now()});
  const h = await renderDashboard(demo.services, {columns, rows, keyOverrides});
  await h.waitFor((f) => f.includes('SLOs'), 'the data');
  await h.press('?');
  const frames = [await h.waitFor((f) => f.includes('Keys  ('), 'the help')];
  // Page through the whole help (the title's position is cut on a narrow window), every screen kept.
  for (let i = 0; i < 40; i++) {
    await h.press('\u0004'); // ctrl+d: page down
    await h.settle();
    frames.push(h.lastFrame());
  }
  return frames;
}

// The line holding `text` and the one under it (a wrapped key list's rest), from any screen.
function rowWith(frames: readonly string[], text: RegExp): string {
  for (const frame of frames) {
    const lines = frame.split('\n');
    const i = lines.findIndex((l) => text.test(l));
    // Not on a screen's last line: the next one may hold the rest of its keys.
    if (i >= 0 && lines[i + 1]?.startsWith('║')) return lines.slice(i, i + 2).join('\n');
  }
  return '';
}

describe('the help overlay shows every key of a binding', () => {
  it('wraps a key list after a comma, a key never split', () => {
    expect(wrapKeys('q, ctrl+c, ctrl+q', 14)).toEqual(['q, ctrl+c,', 'ctrl+q']);
    expect(wrapKeys('pgdn, ctrl+d', 10)).toEqual(['pgdn,', 'ctrl+d']);
    expect(wrapKeys('pgdn, ctrl+d', 12)).toEqual(['pgdn, ctrl+d']);
  });

  it('lays out no key wider than its column, at any width', () => {
    const registry = createRegistry(defaultKeymap, {quit: ['q', 'ctrl+c', 'ctrl+q']}, {readOnly: false}).registry;
    const sections = helpSections(registry, ctx, 'alerts');
    for (const width of [30, 40, 50, 60, 80, 130]) {
      const layout = helpLayout(sections, width, 24);
      for (const line of layout.lines) if (line.kind === 'row') expect(line.keys.length + 2, `${width}: ${line.keys}`).toBeLessThanOrEqual(layout.keyWidth);
    }
  });

  it('80x24: a third key given to quit in keys: is listed', async () => {
    const row = rowWith(await helpFrames(80, 24, {quit: ['q', 'ctrl+c', 'ctrl+q']}), / Quit\b/);
    expect(row).toContain('q, ctrl+c');
    expect(row).toContain('ctrl+q');
    expect(row).not.toContain('…');
  });

  it('50 columns: the default keys of page down (pgdn, ctrl+d) are listed', async () => {
    const row = rowWith(await helpFrames(50, 24, {}), /Move down one page/);
    expect(row).toContain('pgdn');
    expect(row).toContain('ctrl+d');
    expect(row).not.toMatch(/ctr…|pgd…/);
  });

  it('30 columns: ctrl+c of Cancel the input is whole', async () => {
    const row = rowWith(await helpFrames(30, 24, {}), /Cancel the/);
    expect(row).toContain('ctrl+c');
  });
});
